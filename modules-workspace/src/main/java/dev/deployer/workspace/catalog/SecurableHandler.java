package dev.deployer.workspace.catalog;

import com.databricks.sdk.WorkspaceClient;
import dev.deployer.account.DatabricksClients;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import dev.deployer.workspace.WorkspaceObjectHandler;
import dev.deployer.workspace.WorkspaceScoped;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The shape the Unity Catalog securables deployer manages share (storage credentials, external
 * locations, catalogs): the id is the name, names are unique in the metastore and come from config,
 * so an object is read, found again after a lost create and deleted by its name. Subclasses say how
 * to call their API and map their model.
 *
 * @param <S> the spec record
 * @param <T> the SDK model type
 */
abstract class SecurableHandler<S extends SecurableHandler.Securable, T>
    extends WorkspaceObjectHandler<S> {
  /** A securable's spec: the workspace it is reached through and its configured name. */
  public interface Securable extends WorkspaceScoped {
    String name();
  }

  /** One kind of securable in the SDK: its service's get and delete by name, its model's name. */
  protected record Api<T>(
      Function<String, T> get, Consumer<String> delete, Function<T, String> name) {}

  protected SecurableHandler(DatabricksClients databricks, ResourceType<S> type) {
    super(databricks, type);
  }

  /** The API of this kind of securable in the workspace {@code ws}. */
  protected abstract Api<T> api(WorkspaceClient ws);

  /**
   * What reading {@code id} observed: the securable as a spec (after {@code prior}) and outputs.
   */
  protected abstract Observed<S> observed(String id, S prior, T securable);

  /** The securable of this name, or empty when it does not exist. */
  protected final Optional<T> find(S spec, String name) {
    return ifExists(() -> api(client(spec)).get().apply(name));
  }

  @Override
  public Optional<Observed<S>> read(HandlerContext ctx, String id, S prior) {
    return find(prior, id).map(s -> observed(id, prior, s));
  }

  @Override
  public void delete(HandlerContext ctx, String id, S prior) {
    deleteIfExists(() -> api(client(prior)).delete().accept(id));
  }

  @Override
  public Optional<String> findExisting(HandlerContext ctx, S spec) {
    return find(spec, spec.name()).map(api(client(spec)).name());
  }

  /** The comment an update sends: Unity Catalog keeps the old one for null, "" clears it. */
  static String updatedComment(String configured) {
    return configured == null ? "" : configured;
  }

  /** A comment as read: none (null) whether the service answers null or "" for it. */
  static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
