package dev.deployer.workspace;

import com.databricks.sdk.WorkspaceClient;
import dev.deployer.account.DatabricksClients;
import dev.deployer.account.DatabricksHandler;
import dev.deployer.core.spi.ResourceType;
import java.util.Optional;
import java.util.function.Function;

/**
 * The shared part of workspace-level handlers: the workspace client for a spec, the fields that
 * force replacement (always the workspace itself: {@link #SCOPE}).
 */
public abstract class WorkspaceObjectHandler<S extends WorkspaceScoped>
    extends DatabricksHandler<S> {
  /** The spec fields naming the workspace: every workspace object's type replaces on them. */
  public static final String[] SCOPE = {"deployment_name", "workspace_id"};

  protected WorkspaceObjectHandler(DatabricksClients databricks, ResourceType<S> type) {
    super(databricks, type);
  }

  protected WorkspaceClient client(S spec) {
    return databricks.workspace(spec.deploymentName(), spec.workspaceId());
  }

  /**
   * The id of the first listed object whose name is {@code wanted}: how a crashed create is found
   * again for objects the API names but does not tag.
   */
  protected static <T> Optional<String> idOfNamed(
      Iterable<T> listed, Function<T, String> name, String wanted, Function<T, String> id) {
    for (T item : listed) {
      if (wanted.equals(name.apply(item))) {
        return Optional.of(id.apply(item));
      }
    }
    return Optional.empty();
  }
}
