package dev.deployer.emulator;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.service.catalog.AccountsCreateMetastore;
import com.databricks.sdk.service.catalog.AccountsCreateMetastoreAssignment;
import com.databricks.sdk.service.catalog.CreateAccountsMetastore;
import com.databricks.sdk.service.catalog.CreateMetastoreAssignment;

/** Shared fixture: a new metastore assigned to a workspace. */
final class WorkspaceApiITSupport {
  private WorkspaceApiITSupport() {}

  static String assignMetastore(AccountClient a, long workspaceId) {
    String mid =
        a.metastores()
            .create(
                new AccountsCreateMetastore()
                    .setMetastoreInfo(
                        new CreateAccountsMetastore()
                            .setName(TestEmulator.unique("ms"))
                            .setRegion("us-east-1")))
            .getMetastoreInfo()
            .getMetastoreId();
    a.metastoreAssignments()
        .create(
            new AccountsCreateMetastoreAssignment()
                .setWorkspaceId(workspaceId)
                .setMetastoreId(mid)
                .setMetastoreAssignment(new CreateMetastoreAssignment().setMetastoreId(mid)));
    return mid;
  }
}
