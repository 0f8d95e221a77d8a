package dev.deployer.workspace;

import dev.deployer.account.DatabricksClients;
import dev.deployer.account.HandlerSettings;
import dev.deployer.core.spi.ResourceHandler;
import dev.deployer.workspace.catalog.CatalogBindingHandler;
import dev.deployer.workspace.catalog.CatalogHandler;
import dev.deployer.workspace.catalog.ExternalLocationHandler;
import dev.deployer.workspace.catalog.StorageCredentialHandler;
import dev.deployer.workspace.cluster.ClusterHandler;
import dev.deployer.workspace.cluster.ClusterRuntimeHandler;
import dev.deployer.workspace.conf.WorkspaceConfHandler;
import dev.deployer.workspace.files.NotebookHandler;
import dev.deployer.workspace.files.RepoHandler;
import dev.deployer.workspace.grants.GrantsHandler;
import dev.deployer.workspace.ipaccess.IpAccessListHandler;
import dev.deployer.workspace.permissions.AclHandler;
import dev.deployer.workspace.policy.ClusterPolicyHandler;
import dev.deployer.workspace.settings.SecuritySettingHandler;
import java.util.List;

/** Every Databricks workspace-level resource type deployer knows, with its handler for the run. */
public final class WorkspaceHandlers {
  private WorkspaceHandlers() {}

  public static List<ResourceHandler<?>> all(DatabricksClients db, HandlerSettings s) {
    return List.of(
        new StorageCredentialHandler(db, s.iamRaceDeadline()),
        new ExternalLocationHandler(db, s.iamRaceDeadline()),
        new CatalogHandler(db),
        new CatalogBindingHandler(db),
        new GrantsHandler(db),
        new ClusterPolicyHandler(db),
        new WorkspaceConfHandler(db),
        new RepoHandler(db),
        new NotebookHandler(db),
        new IpAccessListHandler(db),
        new SecuritySettingHandler(db),
        new ClusterRuntimeHandler(db),
        new ClusterHandler(db),
        new AclHandler(db));
  }
}
