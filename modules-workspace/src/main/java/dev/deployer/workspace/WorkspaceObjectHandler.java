package dev.deployer.workspace;

import com.databricks.sdk.WorkspaceClient;
import dev.deployer.account.DatabricksClients;
import dev.deployer.account.DatabricksErrors;
import dev.deployer.account.DatabricksHandler;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The shared part of workspace-level handlers: the workspace client for a spec, the fields that
 * force replacement (always the workspace itself), and not-found handling for reads and deletes.
 */
public abstract class WorkspaceObjectHandler<S extends WorkspaceScoped>
    extends DatabricksHandler<S> {
  private static final Set<String> SCOPE = Set.of("deployment_name", "workspace_id");

  protected WorkspaceObjectHandler(DatabricksClients databricks) {
    super(databricks);
  }

  protected WorkspaceClient client(S spec) {
    return databricks.workspace(spec.deploymentName(), spec.workspaceId());
  }

  /** Spec fields (snake_case) besides the workspace that force replacement. */
  protected Set<String> immutableFields() {
    return Set.of();
  }

  @Override
  public final Set<String> replaceOnChange() {
    Set<String> all = new TreeSet<>(SCOPE);
    all.addAll(immutableFields());
    return Set.copyOf(all);
  }

  /** The call's result, or empty when the object (or its workspace) is gone. */
  protected static <T> Optional<T> ifExists(Supplier<T> call) {
    try {
      return Optional.ofNullable(call.get());
    } catch (RuntimeException e) {
      if (DatabricksErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Runs a delete; an object already gone is not an error. */
  protected static void deleteIfExists(Runnable call) {
    ifExists(
        () -> {
          call.run();
          return Boolean.TRUE;
        });
  }
}
