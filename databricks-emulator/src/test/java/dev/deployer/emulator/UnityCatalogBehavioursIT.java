package dev.deployer.emulator;

import static dev.deployer.emulator.TestEmulator.assignMetastore;
import static dev.deployer.emulator.TestEmulator.metastoreId;
import static dev.deployer.emulator.TestEmulator.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.error.platform.InvalidState;
import com.databricks.sdk.core.error.platform.NotFound;
import com.databricks.sdk.core.error.platform.PermissionDenied;
import com.databricks.sdk.service.catalog.AwsIamRoleRequest;
import com.databricks.sdk.service.catalog.CatalogIsolationMode;
import com.databricks.sdk.service.catalog.CreateCatalog;
import com.databricks.sdk.service.catalog.CreateExternalLocation;
import com.databricks.sdk.service.catalog.CreateMetastoreAssignment;
import com.databricks.sdk.service.catalog.CreateSchema;
import com.databricks.sdk.service.catalog.CreateStorageCredential;
import com.databricks.sdk.service.catalog.GetBindingsRequest;
import com.databricks.sdk.service.catalog.GetGrantRequest;
import com.databricks.sdk.service.catalog.GetWorkspaceBindingRequest;
import com.databricks.sdk.service.catalog.MetastoreAssignment;
import com.databricks.sdk.service.catalog.MetastoreInfo;
import com.databricks.sdk.service.catalog.PermissionsChange;
import com.databricks.sdk.service.catalog.Privilege;
import com.databricks.sdk.service.catalog.PrivilegeAssignment;
import com.databricks.sdk.service.catalog.UnassignRequest;
import com.databricks.sdk.service.catalog.UpdateCatalog;
import com.databricks.sdk.service.catalog.UpdateMetastoreAssignment;
import com.databricks.sdk.service.catalog.UpdatePermissions;
import com.databricks.sdk.service.catalog.UpdateWorkspaceBindings;
import com.databricks.sdk.service.catalog.UpdateWorkspaceBindingsParameters;
import com.databricks.sdk.service.catalog.WorkspaceBinding;
import com.databricks.sdk.service.catalog.WorkspaceBindingBindingType;
import com.databricks.sdk.service.iam.UpdateWorkspaceAssignments;
import com.databricks.sdk.service.iam.User;
import com.databricks.sdk.service.iam.WorkspacePermission;
import com.databricks.sdk.service.provisioning.Workspace;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The account-object and Unity Catalog behaviours of the real service that the emulator reproduces
 * (docs/real-service-behaviours.md, "Databricks: account objects and Unity Catalog"), each driven
 * through databricks-sdk-java.
 */
class UnityCatalogBehavioursIT {

  /** A storage credential "cred" on a fresh role and an external location "loc" at {@code url}. */
  private static void credentialAndLocation(WorkspaceClient w, String url) {
    w.storageCredentials()
        .create(
            new CreateStorageCredential()
                .setName("cred")
                .setAwsIamRole(
                    new AwsIamRoleRequest()
                        .setRoleArn("arn:aws:iam::123456789012:role/" + unique("uc"))));
    w.externalLocations()
        .create(new CreateExternalLocation().setName("loc").setUrl(url).setCredentialName("cred"));
  }

  @Test
  void aSecondMetastoreInARegionIsRefusedNamingTheExistingOne() {
    try (TestEmulator emu = TestEmulator.start()) {
      AccountClient a = emu.account();
      String first = metastoreId(a, "primary", "us-east-1");
      assertThatThrownBy(() -> metastoreId(a, "second", "us-east-1"))
          .isInstanceOf(InvalidState.class)
          .hasMessageContaining("already has a metastore in region us-east-1")
          .hasMessageContaining(first)
          .hasMessageContaining("primary");
      // Another region is free.
      assertThat(metastoreId(a, "west", "us-west-2")).isNotEqualTo(first);
    }
  }

  @Test
  void automaticEnablementCreatesAndAssignsTheRegionsMetastoreWithTheFirstWorkspace() {
    try (TestEmulator emu = TestEmulator.start()) {
      AccountClient a = emu.account();
      assertThat(
              emu.admin(
                      "PUT",
                      "/accounts/" + emu.accountId + "/auto-unity-catalog",
                      "{\"enabled\":true}")
                  .statusCode())
          .isEqualTo(200);
      Workspace first = TestEmulator.runningWorkspace(a);
      MetastoreAssignment got =
          a.metastoreAssignments().get(first.getWorkspaceId()).getMetastoreAssignment();
      MetastoreInfo m = a.metastores().get(got.getMetastoreId()).getMetastoreInfo();
      assertThat(m.getRegion()).isEqualTo("us-east-1");
      assertThat(m.getName()).isEqualTo("metastore_aws_us_east_1");
      // The second workspace in the region gets the same metastore, and no new one is made.
      Workspace second = TestEmulator.runningWorkspace(a);
      assertThat(
              a.metastoreAssignments()
                  .get(second.getWorkspaceId())
                  .getMetastoreAssignment()
                  .getMetastoreId())
          .isEqualTo(m.getMetastoreId());
      assertThat(TestEmulator.all(a.metastores().list())).hasSize(1);
      // Assigning again through the account API is refused: it must be read and adopted.
      assertThatThrownBy(() -> assignMetastore(a, second.getWorkspaceId(), m.getMetastoreId()))
          .isInstanceOf(DatabricksError.class)
          .hasMessageContaining("already has metastore");
    }
  }

  @Test
  void withoutAutomaticEnablementANewWorkspaceHasNoMetastore() {
    try (TestEmulator emu = TestEmulator.start()) {
      AccountClient a = emu.account();
      Workspace ws = TestEmulator.runningWorkspace(a);
      assertThatThrownBy(() -> a.metastoreAssignments().get(ws.getWorkspaceId()))
          .isInstanceOf(NotFound.class);
    }
  }

  @Test
  void unityCatalogAnswersNoMetastoreAssignedForAWhileAfterAnAssignment() {
    try (TestEmulator emu =
        TestEmulator.onFakeClock(b -> b.unityCatalogLag(Duration.ofSeconds(5)))) {
      AccountClient a = emu.account();
      long wsId = TestEmulator.runningWorkspace(a).getWorkspaceId();
      String mid = metastoreId(a, unique("ms"), "us-east-1");
      assignMetastore(a, wsId, mid);
      WorkspaceClient w = emu.workspace(wsId);
      // The account API shows the assignment at once; the workspace does not yet.
      assertThat(a.metastoreAssignments().get(wsId).getMetastoreAssignment().getMetastoreId())
          .isEqualTo(mid);
      assertThatThrownBy(() -> w.metastores().current())
          .isInstanceOf(NotFound.class)
          .hasMessageContaining("No metastore assigned for the current workspace");
      assertThatThrownBy(() -> w.storageCredentials().get("any"))
          .hasMessageContaining("No metastore assigned for the current workspace");
      emu.clock.advance(Duration.ofSeconds(5));
      assertThat(w.metastores().current().getMetastoreId()).isEqualTo(mid);
    }
  }

  @Test
  void workspaceLevelAssignmentAssignsUpdatesAndUnassigns() {
    try (TestEmulator emu = TestEmulator.start()) {
      AccountClient a = emu.account();
      long wsId = TestEmulator.runningWorkspace(a).getWorkspaceId();
      String mid = metastoreId(a, unique("ms"), "us-east-1");
      WorkspaceClient w = emu.workspace(wsId);
      w.metastores()
          .assign(
              new CreateMetastoreAssignment()
                  .setWorkspaceId(wsId)
                  .setMetastoreId(mid)
                  .setDefaultCatalogName("hive_metastore"));
      assertThat(w.metastores().current().getMetastoreId()).isEqualTo(mid);
      assertThat(a.metastoreAssignments().get(wsId).getMetastoreAssignment().getMetastoreId())
          .isEqualTo(mid);
      w.metastores()
          .updateAssignment(
              new UpdateMetastoreAssignment().setWorkspaceId(wsId).setDefaultCatalogName("main"));
      assertThat(w.metastores().current().getDefaultCatalogName()).isEqualTo("main");
      w.metastores().unassign(new UnassignRequest().setWorkspaceId(wsId).setMetastoreId(mid));
      assertThatThrownBy(() -> w.metastores().current()).isInstanceOf(NotFound.class);
    }
  }

  @Test
  void permissionAssignmentIsRefusedShortlyAfterWorkspaceCreation() {
    try (TestEmulator emu =
        TestEmulator.onFakeClock(b -> b.permissionAssignmentLag(Duration.ofSeconds(4)))) {
      AccountClient a = emu.account();
      long wsId = TestEmulator.runningWorkspace(a).getWorkspaceId();
      User u = a.users().create(new User().setUserName(unique("u") + "@example.com"));
      UpdateWorkspaceAssignments put =
          new UpdateWorkspaceAssignments()
              .setWorkspaceId(wsId)
              .setPrincipalId(Long.parseLong(u.getId()))
              .setPermissions(List.of(WorkspacePermission.ADMIN));
      assertThatThrownBy(() -> a.workspaceAssignment().update(put))
          .isInstanceOf(DatabricksError.class)
          .hasMessageContaining("Permission assignment APIs are not available for this workspace");
      emu.clock.advance(Duration.ofSeconds(4));
      a.workspaceAssignment().update(put);
      assertThat(TestEmulator.all(a.workspaceAssignment().list(wsId))).hasSize(1);
    }
  }

  @Test
  void externalLocationIsRefusedWithUnityCatalogsWordingWhileTheRoleIsYoung() {
    try (TestEmulator emu = TestEmulator.onFakeClock(b -> {})) {
      AccountClient a = emu.account();
      long wsId = TestEmulator.runningWorkspace(a).getWorkspaceId();
      assignMetastore(a, wsId, metastoreId(a, unique("ms"), "us-east-1"));
      emu.emu.setRaceWindow(Duration.ofSeconds(10));
      WorkspaceClient w = emu.workspace(wsId);
      String role = "arn:aws:iam::123456789012:role/" + unique("uc");
      CreateStorageCredential cred =
          new CreateStorageCredential()
              .setName("cred")
              .setAwsIamRole(new AwsIamRoleRequest().setRoleArn(role))
              .setSkipValidation(true);
      // The credential meets the account-level race first; once it is through, the location's
      // read through the role still lags the credential by the window.
      assertThatThrownBy(() -> w.storageCredentials().create(cred))
          .hasMessageContaining("Failed credential validation checks");
      emu.clock.advance(Duration.ofSeconds(10));
      w.storageCredentials().create(cred);
      CreateExternalLocation loc =
          new CreateExternalLocation()
              .setName("loc")
              .setUrl("s3://data-bucket/raw/")
              .setCredentialName("cred");
      assertThatThrownBy(() -> w.externalLocations().create(loc))
          .isInstanceOf(PermissionDenied.class)
          .hasMessageContaining(
              "AWS IAM role does not have READ permissions on url s3://data-bucket/raw");
      emu.clock.advance(Duration.ofSeconds(10));
      // Unity Catalog keeps the URL without its trailing slash.
      assertThat(w.externalLocations().create(loc).getUrl()).isEqualTo("s3://data-bucket/raw");
    }
  }

  /** A running workspace with a metastore and an external location at s3://data-bucket. */
  private static WorkspaceClient withLocation(TestEmulator emu, long wsId) {
    AccountClient a = emu.account();
    assignMetastore(a, wsId, metastoreId(a, unique("ms"), "us-east-1"));
    WorkspaceClient w = emu.workspace(wsId);
    credentialAndLocation(w, "s3://data-bucket");
    return w;
  }

  @Test
  void catalogStorageRootGetsATrailingSlash() {
    try (TestEmulator emu = TestEmulator.start()) {
      WorkspaceClient w =
          withLocation(emu, TestEmulator.runningWorkspace(emu.account()).getWorkspaceId());
      assertThat(
              w.catalogs()
                  .create(new CreateCatalog().setName("dev").setStorageRoot("s3://data-bucket/dev"))
                  .getStorageRoot())
          .isEqualTo("s3://data-bucket/dev/");
      assertThat(w.catalogs().get("dev").getStorageRoot()).isEqualTo("s3://data-bucket/dev/");
    }
  }

  /** The catalog "dev" with the schema "sales", then isolated (which binds no workspace). */
  private static void isolatedDevWithSales(WorkspaceClient w) {
    w.catalogs().create(new CreateCatalog().setName("dev").setStorageRoot("s3://data-bucket/d"));
    w.schemas().create(new CreateSchema().setCatalogName("dev").setName("sales"));
    w.catalogs()
        .update(new UpdateCatalog().setName("dev").setIsolationMode(CatalogIsolationMode.ISOLATED));
  }

  /** Binds {@code workspaceId} to the catalog READ_WRITE (the current bindings path). */
  private static void bindHere(WorkspaceClient w, String catalog, long workspaceId) {
    w.workspaceBindings()
        .updateBindings(
            new UpdateWorkspaceBindingsParameters()
                .setSecurableType("catalog")
                .setSecurableName(catalog)
                .setAdd(
                    List.of(
                        new WorkspaceBinding()
                            .setWorkspaceId(workspaceId)
                            .setBindingType(WorkspaceBindingBindingType.BINDING_TYPE_READ_WRITE))));
  }

  @Test
  void legacyWorkspaceBindingsPathBindsAndUnbindsACatalog() {
    try (TestEmulator emu = TestEmulator.start()) {
      AccountClient a = emu.account();
      long wsId = TestEmulator.runningWorkspace(a).getWorkspaceId();
      long other = TestEmulator.runningWorkspace(a).getWorkspaceId();
      String mid = metastoreId(a, unique("ms"), "us-east-1");
      assignMetastore(a, wsId, mid);
      assignMetastore(a, other, mid);
      WorkspaceClient w = emu.workspace(wsId);
      credentialAndLocation(w, "s3://data-bucket");
      w.catalogs().create(new CreateCatalog().setName("dev").setStorageRoot("s3://data-bucket/d"));
      // Like the current path, the legacy one only binds an isolated catalog.
      assertThatThrownBy(
              () ->
                  w.workspaceBindings()
                      .update(
                          new UpdateWorkspaceBindings()
                              .setName("dev")
                              .setAssignWorkspaces(List.of(other))))
          .hasMessageContaining("ISOLATED");
      w.catalogs()
          .update(
              new UpdateCatalog().setName("dev").setIsolationMode(CatalogIsolationMode.ISOLATED));
      bindHere(w, "dev", wsId);
      assertThat(
              w.workspaceBindings()
                  .update(
                      new UpdateWorkspaceBindings()
                          .setName("dev")
                          .setAssignWorkspaces(List.of(other)))
                  .getWorkspaces())
          .containsExactlyInAnyOrder(wsId, other);
      w.workspaceBindings()
          .update(
              new UpdateWorkspaceBindings().setName("dev").setUnassignWorkspaces(List.of(other)));
      assertThat(
              w.workspaceBindings()
                  .get(new GetWorkspaceBindingRequest().setName("dev"))
                  .getWorkspaces())
          .containsExactly(wsId);
    }
  }

  /**
   * Isolating a catalog binds no workspace, not even the one that asked (provider issue #2446):
   * from then on that workspace is refused the catalog, its schemas and its grants, until a binding
   * names it; the bindings API itself still answers there, so it can bind itself. Bound, the
   * catalog is renamed in place and keeps its schemas, grants and bindings.
   */
  @Test
  void anIsolatedCatalog_locksOutUnboundWorkspaces_andRenamedInPlaceKeepsSchemasGrantsBindings() {
    try (TestEmulator emu = TestEmulator.start()) {
      long wsId = TestEmulator.runningWorkspace(emu.account()).getWorkspaceId();
      WorkspaceClient w = withLocation(emu, wsId);
      isolatedDevWithSales(w);

      assertThat(
              w.workspaceBindings()
                  .getBindings(
                      new GetBindingsRequest().setSecurableType("catalog").setSecurableName("dev")))
          .isEmpty();
      assertThatThrownBy(() -> w.catalogs().get("dev"))
          .isInstanceOf(PermissionDenied.class)
          .hasMessageContaining("not accessible in current workspace");
      GetGrantRequest onCatalog = new GetGrantRequest().setSecurableType("catalog");
      GetGrantRequest onSchema = new GetGrantRequest().setSecurableType("schema");
      for (GetGrantRequest refused :
          List.of(onCatalog.setFullName("dev"), onSchema.setFullName("dev.sales"))) {
        assertThatThrownBy(() -> w.grants().get(refused)).isInstanceOf(PermissionDenied.class);
      }

      bindHere(w, "dev", wsId);
      assertThat(w.catalogs().get("dev").getIsolationMode())
          .isEqualTo(CatalogIsolationMode.ISOLATED);
      assertThat(w.grants().get(onCatalog).getPrivilegeAssignments()).isNullOrEmpty();
      for (var grant :
          List.of(
              new UpdatePermissions().setSecurableType("catalog").setFullName("dev"),
              new UpdatePermissions().setSecurableType("schema").setFullName("dev.sales"))) {
        w.grants()
            .update(
                grant.setChanges(
                    List.of(
                        new PermissionsChange()
                            .setPrincipal("account users")
                            .setAdd(List.of(Privilege.ALL_PRIVILEGES)))));
      }

      assertThat(
              w.catalogs().update(new UpdateCatalog().setName("dev").setNewName("dev2")).getName())
          .isEqualTo("dev2");

      assertThatThrownBy(() -> w.catalogs().get("dev")).isInstanceOf(NotFound.class);
      assertThat(w.catalogs().get("dev2").getStorageRoot()).isEqualTo("s3://data-bucket/d/");
      assertThat(w.schemas().get("dev2.sales").getCatalogName()).isEqualTo("dev2");
      assertThatThrownBy(() -> w.schemas().get("dev.sales")).isInstanceOf(NotFound.class);
      for (GetGrantRequest req :
          List.of(onCatalog.setFullName("dev2"), onSchema.setFullName("dev2.sales"))) {
        assertThat(w.grants().get(req).getPrivilegeAssignments())
            .extracting(PrivilegeAssignment::getPrincipal)
            .containsExactly("account users");
      }
      GetGrantRequest oldName =
          new GetGrantRequest().setSecurableType("catalog").setFullName("dev");
      assertThatThrownBy(() -> w.grants().get(oldName)).isInstanceOf(NotFound.class);
      var bindings = w.workspaceBindings().get(new GetWorkspaceBindingRequest().setName("dev2"));
      assertThat(bindings.getWorkspaces()).containsExactly(wsId);
    }
  }
}
