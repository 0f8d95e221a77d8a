package dev.deployer.account;

import dev.deployer.account.assignment.MetastoreAssignmentHandler;
import dev.deployer.account.credentials.CredentialsHandler;
import dev.deployer.account.identity.AccountGroupHandler;
import dev.deployer.account.identity.PermissionAssignmentHandler;
import dev.deployer.account.keys.CustomerManagedKeyHandler;
import dev.deployer.account.logdelivery.LogDeliveryHandler;
import dev.deployer.account.metastore.MetastoreHandler;
import dev.deployer.account.network.NetworkConfigurationHandler;
import dev.deployer.account.privateaccess.PrivateAccessSettingsHandler;
import dev.deployer.account.storage.StorageConfigurationHandler;
import dev.deployer.account.vpcendpoint.VpcEndpointRegistrationHandler;
import dev.deployer.account.workspace.WorkspaceHandler;
import dev.deployer.core.spi.ResourceHandler;
import java.util.List;

/** Every Databricks account-level resource type deployer knows, with its handler for the run. */
public final class AccountHandlers {
  private AccountHandlers() {}

  public static List<ResourceHandler<?>> all(DatabricksClients db, HandlerSettings s) {
    return List.of(
        new CredentialsHandler(db, s.iamRaceDeadline()),
        new StorageConfigurationHandler(db),
        new NetworkConfigurationHandler(db),
        new VpcEndpointRegistrationHandler(db),
        new PrivateAccessSettingsHandler(db),
        new CustomerManagedKeyHandler(db),
        new WorkspaceHandler(
            db, s.workspaceTimeout(), s.iamRaceDeadline(), s.keepFailedWorkspace()),
        new MetastoreAssignmentHandler(db),
        new PermissionAssignmentHandler(db),
        new AccountGroupHandler(db),
        new LogDeliveryHandler(db),
        new MetastoreHandler(db));
  }
}
