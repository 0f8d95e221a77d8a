package dev.deployer.workspace;

import com.databricks.sdk.WorkspaceClient;
import dev.deployer.account.DatabricksClients;
import dev.deployer.account.DatabricksErrors;
import dev.deployer.account.DatabricksHandler;
import dev.deployer.core.spi.ResourceType;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The shared part of workspace-level handlers: the workspace client for a spec, the fields that
 * force replacement (always the workspace itself: {@link #SCOPE}), and not-found handling for reads
 * and deletes.
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
