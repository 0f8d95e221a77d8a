package dev.deployer.emulator;

import static dev.deployer.emulator.TestEmulator.credentialsId;
import static dev.deployer.emulator.TestEmulator.storageId;
import static dev.deployer.emulator.TestEmulator.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.core.error.platform.InvalidState;
import com.databricks.sdk.core.error.platform.NotFound;
import com.databricks.sdk.core.error.platform.ResourceConflict;
import com.databricks.sdk.service.billing.CreateLogDeliveryConfigurationParams;
import com.databricks.sdk.service.billing.ListLogDeliveryRequest;
import com.databricks.sdk.service.billing.LogDeliveryConfigStatus;
import com.databricks.sdk.service.billing.LogDeliveryConfiguration;
import com.databricks.sdk.service.billing.LogType;
import com.databricks.sdk.service.billing.OutputFormat;
import com.databricks.sdk.service.billing.UpdateLogDeliveryConfigurationStatusRequest;
import com.databricks.sdk.service.billing.WrappedCreateLogDeliveryConfiguration;
import com.databricks.sdk.service.catalog.AccountsCreateMetastore;
import com.databricks.sdk.service.catalog.AccountsCreateMetastoreAssignment;
import com.databricks.sdk.service.catalog.AccountsUpdateMetastore;
import com.databricks.sdk.service.catalog.AccountsUpdateMetastoreAssignment;
import com.databricks.sdk.service.catalog.CreateAccountsMetastore;
import com.databricks.sdk.service.catalog.CreateMetastoreAssignment;
import com.databricks.sdk.service.catalog.DeleteAccountMetastoreRequest;
import com.databricks.sdk.service.catalog.MetastoreInfo;
import com.databricks.sdk.service.catalog.UpdateAccountsMetastore;
import com.databricks.sdk.service.catalog.UpdateMetastoreAssignment;
import com.databricks.sdk.service.iam.Group;
import com.databricks.sdk.service.iam.ListAccountGroupsRequest;
import com.databricks.sdk.service.iam.ListAccountServicePrincipalsRequest;
import com.databricks.sdk.service.iam.ListAccountUsersRequest;
import com.databricks.sdk.service.iam.PermissionAssignment;
import com.databricks.sdk.service.iam.ServicePrincipal;
import com.databricks.sdk.service.iam.UpdateWorkspaceAssignments;
import com.databricks.sdk.service.iam.User;
import com.databricks.sdk.service.iam.WorkspacePermission;
import com.databricks.sdk.service.provisioning.Workspace;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Account metastores and assignments, log delivery, SCIM and permission assignments. */
class MetastoresLogsIdentityIT extends AccountApiIT {
  static String metastore(String region) {
    return TestEmulator.metastoreId(a, unique("ms"), region);
  }

  @Test
  void metastoreCrud() {
    String id = metastore("us-east-1");
    MetastoreInfo m = a.metastores().get(id).getMetastoreInfo();
    assertThat(m.getRegion()).isEqualTo("us-east-1");
    assertThat(m.getStorageRoot()).isNull();
    assertThat(a.metastores().list()).extracting(MetastoreInfo::getMetastoreId).contains(id);
    // The owner must be an account principal: the workspace-local admins group is none.
    assertThatThrownBy(
            () ->
                a.metastores()
                    .update(
                        new AccountsUpdateMetastore()
                            .setMetastoreId(id)
                            .setMetastoreInfo(new UpdateAccountsMetastore().setOwner("admins"))))
        .hasMessageContaining("Could not find principal with name admins");
    String owners = unique("metastore-admins");
    a.groups().create(new com.databricks.sdk.service.iam.Group().setDisplayName(owners));
    MetastoreInfo updated =
        a.metastores()
            .update(
                new AccountsUpdateMetastore()
                    .setMetastoreId(id)
                    .setMetastoreInfo(new UpdateAccountsMetastore().setOwner(owners)))
            .getMetastoreInfo();
    assertThat(updated.getOwner()).isEqualTo(owners);
    assertThatThrownBy(
            () ->
                a.metastores()
                    .create(
                        new AccountsCreateMetastore()
                            .setMetastoreInfo(new CreateAccountsMetastore().setName("x"))))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("region");
    a.metastores().delete(id);
    assertThatThrownBy(() -> a.metastores().get(id)).isInstanceOf(NotFound.class);
  }

  @Test
  void assignmentLifecycleAndForcedDelete() {
    Workspace ws = TestEmulator.runningWorkspace(a);
    long wsId = ws.getWorkspaceId();
    String mid = metastore("us-east-1");
    assertThatThrownBy(() -> a.metastoreAssignments().get(wsId))
        .isInstanceOf(NotFound.class)
        .hasMessageContaining("No metastore assigned");
    a.metastoreAssignments()
        .create(
            new AccountsCreateMetastoreAssignment()
                .setWorkspaceId(wsId)
                .setMetastoreId(mid)
                .setMetastoreAssignment(
                    new CreateMetastoreAssignment()
                        .setMetastoreId(mid)
                        .setDefaultCatalogName("main")));
    var got = a.metastoreAssignments().get(wsId).getMetastoreAssignment();
    assertThat(got.getMetastoreId()).isEqualTo(mid);
    assertThat(got.getWorkspaceId()).isEqualTo(wsId);
    assertThat(got.getDefaultCatalogName()).isEqualTo("main");
    assertThat(a.metastoreAssignments().list(mid)).containsExactly(wsId);
    assertThatThrownBy(() -> a.metastoreAssignments().create(TestEmulator.assignment(wsId, mid)))
        .isInstanceOf(ResourceConflict.class);
    a.metastoreAssignments()
        .update(
            new AccountsUpdateMetastoreAssignment()
                .setWorkspaceId(wsId)
                .setMetastoreId(mid)
                .setMetastoreAssignment(
                    new UpdateMetastoreAssignment().setDefaultCatalogName("other")));
    assertThat(a.metastoreAssignments().get(wsId).getMetastoreAssignment().getDefaultCatalogName())
        .isEqualTo("other");
    assertThatThrownBy(() -> a.metastores().delete(mid))
        .isInstanceOf(InvalidState.class)
        .hasMessageContaining("force");
    a.metastores().delete(new DeleteAccountMetastoreRequest().setMetastoreId(mid).setForce(true));
    assertThatThrownBy(() -> a.metastoreAssignments().get(wsId)).isInstanceOf(NotFound.class);
  }

  @Test
  void assignmentChecksRegionAndUnassigns() {
    Workspace ws = TestEmulator.runningWorkspace(a);
    String west = metastore("us-west-2");
    assertThatThrownBy(
            () ->
                a.metastoreAssignments().create(TestEmulator.assignment(ws.getWorkspaceId(), west)))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("region");
    String east = metastore("us-east-1");
    TestEmulator.assignMetastore(a, ws.getWorkspaceId(), east);
    a.metastoreAssignments().delete(ws.getWorkspaceId(), east);
    assertThatThrownBy(() -> a.metastoreAssignments().delete(ws.getWorkspaceId(), east))
        .isInstanceOf(NotFound.class);
    a.metastores().delete(east);
  }

  private static CreateLogDeliveryConfigurationParams logParams(LogType type, OutputFormat format) {
    return new CreateLogDeliveryConfigurationParams()
        .setConfigName(unique("logs"))
        .setLogType(type)
        .setOutputFormat(format)
        .setCredentialsId(credentialsId(a, "arn:aws:iam::123456789012:role/" + unique("log")))
        .setStorageConfigurationId(storageId(a, unique("logs")))
        .setDeliveryPathPrefix("billable-usage-logs");
  }

  private static LogDeliveryConfiguration createLogs(CreateLogDeliveryConfigurationParams p) {
    return createLogs(a, p);
  }

  /**
   * Log delivery in {@code acct} through one credentials and one storage configuration of its own:
   * the create parameters for a log type, in the format the type needs.
   */
  private static java.util.function.Function<LogType, CreateLogDeliveryConfigurationParams> logsIn(
      AccountClient acct, String tag) {
    String creds = credentialsId(acct, "arn:aws:iam::123456789012:role/" + tag);
    String storage = storageId(acct, tag);
    return type ->
        new CreateLogDeliveryConfigurationParams()
            .setLogType(type)
            .setOutputFormat(type == LogType.AUDIT_LOGS ? OutputFormat.JSON : OutputFormat.CSV)
            .setCredentialsId(creds)
            .setStorageConfigurationId(storage);
  }

  private static LogDeliveryConfiguration createLogs(
      AccountClient in, CreateLogDeliveryConfigurationParams p) {
    return in.logDelivery()
        .create(new WrappedCreateLogDeliveryConfiguration().setLogDeliveryConfiguration(p))
        .getLogDeliveryConfiguration();
  }

  @Test
  void logDeliveryCreateListPatch() {
    LogDeliveryConfiguration c = createLogs(logParams(LogType.BILLABLE_USAGE, OutputFormat.CSV));
    assertThat(c.getStatus()).isEqualTo(LogDeliveryConfigStatus.ENABLED);
    assertThat(c.getAccountId()).isEqualTo(emu.accountId);
    assertThat(a.logDelivery().get(c.getConfigId()).getLogDeliveryConfiguration().getConfigName())
        .isEqualTo(c.getConfigName());
    LogDeliveryConfiguration audit =
        createLogs(
            logParams(LogType.AUDIT_LOGS, OutputFormat.JSON).setDeliveryPathPrefix("audit-logs"));
    a.logDelivery()
        .patchStatus(
            new UpdateLogDeliveryConfigurationStatusRequest()
                .setLogDeliveryConfigurationId(audit.getConfigId())
                .setStatus(LogDeliveryConfigStatus.DISABLED));
    assertThat(a.logDelivery().get(audit.getConfigId()).getLogDeliveryConfiguration().getStatus())
        .isEqualTo(LogDeliveryConfigStatus.DISABLED);
    assertThat(
            a.logDelivery()
                .list(new ListLogDeliveryRequest().setStatus(LogDeliveryConfigStatus.DISABLED)))
        .extracting(LogDeliveryConfiguration::getConfigId)
        .contains(audit.getConfigId())
        .doesNotContain(c.getConfigId());
    assertThat(
            a.logDelivery()
                .list(new ListLogDeliveryRequest().setCredentialsId(c.getCredentialsId())))
        .extracting(LogDeliveryConfiguration::getConfigId)
        .containsExactly(c.getConfigId());
    // There is no DELETE for log delivery.
    var r =
        emu.api(
            "DELETE",
            "/api/2.0/accounts/" + emu.accountId + "/log-delivery/" + c.getConfigId(),
            null);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("ENDPOINT_NOT_FOUND");
  }

  @Test
  void logDeliveryRules() {
    assertThatThrownBy(() -> createLogs(logParams(LogType.BILLABLE_USAGE, OutputFormat.JSON)))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("CSV");
    assertThatThrownBy(() -> createLogs(logParams(LogType.AUDIT_LOGS, OutputFormat.CSV)))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("JSON");
    assertThatThrownBy(
            () ->
                createLogs(
                    logParams(LogType.AUDIT_LOGS, OutputFormat.JSON).setDeliveryPathPrefix("/a")))
        .hasMessageContaining("must not start or end");
    assertThatThrownBy(
            () ->
                createLogs(
                    logParams(LogType.AUDIT_LOGS, OutputFormat.JSON).setDeliveryPathPrefix("a/")))
        .hasMessageContaining("must not start or end");
    assertThatThrownBy(
            () ->
                createLogs(
                    logParams(LogType.AUDIT_LOGS, OutputFormat.JSON).setCredentialsId("nope")))
        .isInstanceOf(InvalidParameterValue.class);
  }

  /**
   * At most two enabled configurations per log type at account level, and per workspace in the
   * filter (SDK LogDeliveryAPI.create javadoc); disabled ones do not count, re-enabling one beyond
   * the limit fails.
   */
  @Test
  void logDelivery_atMostTwoEnabledPerLogType_atAccountLevelAndPerWorkspace() {
    AccountClient other = emu.account("limits-account");
    var params = logsIn(other, "l");
    java.util.function.BiFunction<LogType, List<Long>, LogDeliveryConfiguration> create =
        (type, filter) -> createLogs(other, params.apply(type).setWorkspaceIdsFilter(filter));
    LogDeliveryConfiguration first = create.apply(LogType.AUDIT_LOGS, List.of());
    create.apply(LogType.AUDIT_LOGS, List.of());
    assertThatThrownBy(() -> create.apply(LogType.AUDIT_LOGS, List.of()))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("at most 2");
    // Each log type has its own limit, and a workspace filter its own.
    create.apply(LogType.BILLABLE_USAGE, List.of());
    create.apply(LogType.AUDIT_LOGS, List.of(1L, 2L));
    create.apply(LogType.AUDIT_LOGS, List.of(2L));
    assertThatThrownBy(() -> create.apply(LogType.AUDIT_LOGS, List.of(3L, 2L)))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("Workspace 2");

    // Disabled, one frees its place; re-enabling it beyond the limit is refused.
    UpdateLogDeliveryConfigurationStatusRequest disable =
        new UpdateLogDeliveryConfigurationStatusRequest()
            .setLogDeliveryConfigurationId(first.getConfigId())
            .setStatus(LogDeliveryConfigStatus.DISABLED);
    other.logDelivery().patchStatus(disable);
    create.apply(LogType.AUDIT_LOGS, List.of());
    assertThatThrownBy(
            () ->
                other
                    .logDelivery()
                    .patchStatus(
                        new UpdateLogDeliveryConfigurationStatusRequest()
                            .setLogDeliveryConfigurationId(first.getConfigId())
                            .setStatus(LogDeliveryConfigStatus.ENABLED)))
        .isInstanceOf(InvalidParameterValue.class);
    assertThat(
            other.logDelivery().get(first.getConfigId()).getLogDeliveryConfiguration().getStatus())
        .isEqualTo(LogDeliveryConfigStatus.DISABLED);
  }

  @Test
  void logDeliveryListPages() {
    AccountClient other = emu.account("paging-account");
    var params = logsIn(other, "p");
    for (int i = 0; i < LogDeliveryApi.PAGE_SIZE + 5; i++) {
      createLogs(
          other, params.apply(LogType.AUDIT_LOGS).setStatus(LogDeliveryConfigStatus.DISABLED));
    }
    assertThat(other.logDelivery().list(new ListLogDeliveryRequest()))
        .hasSize(LogDeliveryApi.PAGE_SIZE + 5);
  }

  @Test
  void scimFiltersAndPermissionAssignments() {
    String name = unique("alice") + "@example.com";
    User alice = a.users().create(new User().setUserName(name).setDisplayName("Alice"));
    var seeded =
        emu.admin(
            "POST",
            "/accounts/" + emu.accountId + "/scim/Groups",
            "{\"displayName\":\"data-admins\"}");
    assertThat(seeded.statusCode()).isEqualTo(200);
    ServicePrincipal sp = a.servicePrincipals().create(new ServicePrincipal().setDisplayName("ci"));

    assertThat(
            a.users()
                .list(new ListAccountUsersRequest().setFilter(eq("userName", name.toUpperCase()))))
        .extracting(User::getId)
        .containsExactly(alice.getId());
    assertThat(a.users().list(new ListAccountUsersRequest().setFilter(eq("userName", "nobody@x"))))
        .isEmpty();
    assertThat(
            a.groups()
                .list(new ListAccountGroupsRequest().setFilter(eq("displayName", "data-admins"))))
        .extracting(Group::getDisplayName)
        .containsExactly("data-admins");
    assertThat(
            a.servicePrincipals()
                .list(
                    new ListAccountServicePrincipalsRequest()
                        .setFilter(eq("applicationId", sp.getApplicationId()))))
        .extracting(ServicePrincipal::getId)
        .containsExactly(sp.getId());
    assertThat(a.users().get(alice.getId()).getUserName()).isEqualTo(name);

    Workspace ws = TestEmulator.runningWorkspace(a);
    long pid = Long.parseLong(alice.getId());
    PermissionAssignment pa =
        a.workspaceAssignment()
            .update(
                new UpdateWorkspaceAssignments()
                    .setWorkspaceId(ws.getWorkspaceId())
                    .setPrincipalId(pid)
                    .setPermissions(List.of(WorkspacePermission.ADMIN)));
    assertThat(pa.getPrincipal().getUserName()).isEqualTo(name);
    assertThat(TestEmulator.all(a.workspaceAssignment().list(ws.getWorkspaceId())))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getPrincipal().getPrincipalId()).isEqualTo(pid);
              assertThat(p.getPermissions()).containsExactly(WorkspacePermission.ADMIN);
            });
    assertThat(a.workspaceAssignment().get(ws.getWorkspaceId()).getPermissions()).hasSize(2);
    assertThatThrownBy(
            () ->
                a.workspaceAssignment()
                    .update(
                        new UpdateWorkspaceAssignments()
                            .setWorkspaceId(ws.getWorkspaceId())
                            .setPrincipalId(42L)
                            .setPermissions(List.of(WorkspacePermission.USER))))
        .isInstanceOf(NotFound.class);
    a.workspaceAssignment().delete(ws.getWorkspaceId(), pid);
    assertThat(a.workspaceAssignment().list(ws.getWorkspaceId())).isEmpty();
    assertThatThrownBy(() -> a.workspaceAssignment().delete(ws.getWorkspaceId(), pid))
        .isInstanceOf(NotFound.class);
  }

  /** The SCIM filter that matches {@code attribute} equal to {@code value}. */
  private static String eq(String attribute, String value) {
    return attribute + " eq \"" + value + "\"";
  }
}
