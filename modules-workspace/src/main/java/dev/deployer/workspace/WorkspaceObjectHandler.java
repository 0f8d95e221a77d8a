package dev.deployer.workspace;

import com.databricks.sdk.WorkspaceClient;
import dev.deployer.account.DatabricksClients;
import dev.deployer.account.DatabricksHandler;
import dev.deployer.core.spi.ResourceType;

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
}
