package dev.deployer.emulator;

import static dev.deployer.emulator.TestEmulator.all;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.BadRequest;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.core.error.platform.InvalidState;
import com.databricks.sdk.core.error.platform.NotFound;
import com.databricks.sdk.core.error.platform.PermissionDenied;
import com.databricks.sdk.core.error.platform.ResourceConflict;
import com.databricks.sdk.core.error.platform.Unauthenticated;
import com.databricks.sdk.service.catalog.AwsIamRoleRequest;
import com.databricks.sdk.service.catalog.CatalogInfo;
import com.databricks.sdk.service.catalog.CatalogIsolationMode;
import com.databricks.sdk.service.catalog.CreateCatalog;
import com.databricks.sdk.service.catalog.CreateExternalLocation;
import com.databricks.sdk.service.catalog.CreateStorageCredential;
import com.databricks.sdk.service.catalog.DeleteCatalogRequest;
import com.databricks.sdk.service.catalog.GetGrantRequest;
import com.databricks.sdk.service.catalog.ListSchemasRequest;
import com.databricks.sdk.service.catalog.PermissionsChange;
import com.databricks.sdk.service.catalog.Privilege;
import com.databricks.sdk.service.catalog.PrivilegeAssignment;
import com.databricks.sdk.service.catalog.SchemaInfo;
import com.databricks.sdk.service.catalog.StorageCredentialInfo;
import com.databricks.sdk.service.catalog.UpdateCatalog;
import com.databricks.sdk.service.catalog.UpdateExternalLocation;
import com.databricks.sdk.service.catalog.UpdatePermissions;
import com.databricks.sdk.service.catalog.UpdateStorageCredential;
import com.databricks.sdk.service.catalog.UpdateWorkspaceBindingsParameters;
import com.databricks.sdk.service.catalog.WorkspaceBinding;
import com.databricks.sdk.service.catalog.WorkspaceBindingBindingType;
import com.databricks.sdk.service.compute.CreatePolicy;
import com.databricks.sdk.service.compute.EditPolicy;
import com.databricks.sdk.service.compute.Policy;
import com.databricks.sdk.service.iam.User;
import com.databricks.sdk.service.provisioning.Workspace;
import com.databricks.sdk.service.settings.GetStatusRequest;
import com.databricks.sdk.service.workspace.CreateRepoRequest;
import com.databricks.sdk.service.workspace.ExportFormat;
import com.databricks.sdk.service.workspace.ImportFormat;
import com.databricks.sdk.service.workspace.Language;
import com.databricks.sdk.service.workspace.ListReposRequest;
import com.databricks.sdk.service.workspace.ObjectInfo;
import com.databricks.sdk.service.workspace.ObjectType;
import com.databricks.sdk.service.workspace.RepoInfo;
import com.databricks.sdk.service.workspace.UpdateRepoRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Workspace-level API (UC, policies, conf, repos, workspace objects) through WorkspaceClient. */
class WorkspaceApiIT extends AccountApiIT {
  static Workspace ws;
  static WorkspaceClient w;
  static String metastoreId;

  /** After the emulator started: one running workspace with a metastore, for every test. */
  @BeforeAll
  static void workspaceWithMetastore() {
    ws = TestEmulator.runningWorkspace(a);
    w = emu.workspace(ws.getWorkspaceId());
    metastoreId = TestEmulator.assignNewMetastore(a, ws.getWorkspaceId());
  }

  /** Adds these bindings to the catalog. */
  private static UpdateWorkspaceBindingsParameters bindCatalog(
      String catalog, WorkspaceBinding... add) {
    return new UpdateWorkspaceBindingsParameters()
        .setSecurableType("catalog")
        .setSecurableName(catalog)
        .setAdd(List.of(add));
  }

  private static StorageCredentialInfo credential(String name) {
    return w.storageCredentials()
        .create(
            new CreateStorageCredential()
                .setName(name)
                .setAwsIamRole(
                    new AwsIamRoleRequest().setRoleArn("arn:aws:iam::123456789012:role/" + name)));
  }

  @Test
  void meAndHostRouting() {
    User me = w.currentUser().me(new com.databricks.sdk.service.iam.MeRequest());
    assertThat(me.getUserName()).isEqualTo(IdentityApi.ME_USER);
    WorkspaceClient byHost = emu.workspaceByHost(ws.getDeploymentName());
    assertThat(
            byHost.currentUser().me(new com.databricks.sdk.service.iam.MeRequest()).getUserName())
        .isEqualTo(IdentityApi.ME_USER);
    assertThat(byHost.metastores().current().getMetastoreId()).isEqualTo(metastoreId);
    assertThatThrownBy(
            () ->
                emu.workspaceByHost("no-such-deployment")
                    .currentUser()
                    .me(new com.databricks.sdk.service.iam.MeRequest()))
        .isInstanceOf(NotFound.class);
    assertThat(emu.raw("GET", "/api/2.0/preview/scim/v2/Me", null).statusCode()).isEqualTo(401);
    assertThat(emu.raw("GET", "/.well-known/databricks-config", null).body())
        .contains("\"host_type\":\"ACCOUNT_HOST\"");
  }

  @Test
  void unityCatalogRefusedWithoutAssignment() {
    Workspace other = TestEmulator.runningWorkspace(a);
    WorkspaceClient o = emu.workspace(other.getWorkspaceId());
    assertThatThrownBy(() -> o.catalogs().create(new CreateCatalog().setName("c")))
        .isInstanceOf(NotFound.class)
        .hasMessageContaining("No metastore assigned for the current workspace");
    assertThatThrownBy(() -> o.metastores().current())
        .hasMessageContaining("No metastore assigned");
    // The assigned workspace still works.
    assertThat(credential("still-works").getName()).isEqualTo("still-works");
    w.storageCredentials().delete("still-works");
  }

  @Test
  void storageCredentialsAndExternalLocations() {
    StorageCredentialInfo c = credential("uc-role-1");
    assertThat(c.getAwsIamRole().getExternalId()).isNotBlank();
    assertThat(c.getAwsIamRole().getUnityCatalogIamArn()).contains("414351767826");
    assertThat(c.getMetastoreId()).isEqualTo(metastoreId);
    assertThat(w.storageCredentials().get("uc-role-1").getId()).isEqualTo(c.getId());
    assertThatThrownBy(() -> credential("uc-role-1")).isInstanceOf(ResourceConflict.class);
    assertThat(
            w.storageCredentials()
                .update(new UpdateStorageCredential().setName("uc-role-1").setComment("hi"))
                .getComment())
        .isEqualTo("hi");
    assertThat(
            all(
                w.storageCredentials()
                    .list(new com.databricks.sdk.service.catalog.ListStorageCredentialsRequest())))
        .extracting(StorageCredentialInfo::getName)
        .contains("uc-role-1");

    var loc =
        w.externalLocations()
            .create(
                new CreateExternalLocation()
                    .setName("loc1")
                    .setUrl("s3://uc-bucket/catalog/")
                    .setCredentialName("uc-role-1"));
    assertThat(loc.getCredentialId()).isEqualTo(c.getId());
    assertThatThrownBy(
            () ->
                w.externalLocations()
                    .create(
                        new CreateExternalLocation()
                            .setName("loc2")
                            .setUrl("s3://uc-bucket/catalog/sub")
                            .setCredentialName("uc-role-1")))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("overlaps");
    assertThatThrownBy(
            () ->
                w.externalLocations()
                    .create(
                        new CreateExternalLocation()
                            .setName("loc3")
                            .setUrl("s3://other/")
                            .setCredentialName("missing")))
        .isInstanceOf(NotFound.class);
    assertThat(
            w.externalLocations()
                .update(new UpdateExternalLocation().setName("loc1").setReadOnly(true))
                .getReadOnly())
        .isTrue();
    assertThatThrownBy(() -> w.storageCredentials().delete("uc-role-1"))
        .isInstanceOf(InvalidState.class);
    w.externalLocations().delete("loc1");
    assertThatThrownBy(() -> w.externalLocations().get("loc1")).isInstanceOf(NotFound.class);
    w.storageCredentials().delete("uc-role-1");
    assertThatThrownBy(() -> w.storageCredentials().get("uc-role-1")).isInstanceOf(NotFound.class);
  }

  @Test
  void catalogsSchemasBindingsAndGrants() {
    credential("cat-role");
    w.externalLocations()
        .create(
            new CreateExternalLocation()
                .setName("cat-loc")
                .setUrl("s3://cat-bucket/catalog/")
                .setCredentialName("cat-role"));
    assertThatThrownBy(() -> w.catalogs().create(new CreateCatalog().setName("nowhere")))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("storage");
    assertThatThrownBy(
            () ->
                w.catalogs()
                    .create(new CreateCatalog().setName("x").setStorageRoot("s3://elsewhere/")))
        .isInstanceOf(InvalidParameterValue.class);
    CatalogInfo c =
        w.catalogs()
            .create(
                new CreateCatalog()
                    .setName("Dev_Catalog")
                    .setStorageRoot("s3://cat-bucket/catalog/")
                    .setProperties(Map.of("team", "x")));
    assertThat(c.getName()).isEqualTo("dev_catalog");
    assertThat(c.getIsolationMode()).isEqualTo(CatalogIsolationMode.OPEN);
    assertThat(c.getMetastoreId()).isEqualTo(metastoreId);
    assertThat(all(w.schemas().list(new ListSchemasRequest().setCatalogName("dev_catalog"))))
        .extracting(SchemaInfo::getName)
        .containsExactlyInAnyOrder("default", "information_schema");
    assertThatThrownBy(
            () ->
                w.catalogs()
                    .create(
                        new CreateCatalog()
                            .setName("dev_catalog")
                            .setStorageRoot("s3://cat-bucket/catalog/")))
        .isInstanceOf(ResourceConflict.class);

    // Binding needs ISOLATED; isolating binds no workspace, so the caller binds itself.
    assertThatThrownBy(
            () ->
                w.workspaceBindings()
                    .updateBindings(
                        bindCatalog(
                            "dev_catalog",
                            new WorkspaceBinding().setWorkspaceId(ws.getWorkspaceId()))))
        .isInstanceOf(InvalidParameterValue.class);
    CatalogInfo isolated =
        w.catalogs()
            .update(
                new UpdateCatalog()
                    .setName("dev_catalog")
                    .setIsolationMode(CatalogIsolationMode.ISOLATED)
                    .setComment("isolated"));
    assertThat(isolated.getIsolationMode()).isEqualTo(CatalogIsolationMode.ISOLATED);
    var bindings =
        w.workspaceBindings()
            .updateBindings(
                bindCatalog(
                    "dev_catalog",
                    new WorkspaceBinding()
                        .setWorkspaceId(ws.getWorkspaceId())
                        .setBindingType(WorkspaceBindingBindingType.BINDING_TYPE_READ_WRITE)))
            .getBindings();
    assertThat(bindings)
        .extracting(WorkspaceBinding::getWorkspaceId)
        .containsExactly(ws.getWorkspaceId());
    assertThat(all(w.workspaceBindings().getBindings("catalog", "dev_catalog")))
        .extracting(WorkspaceBinding::getWorkspaceId)
        .containsExactly(ws.getWorkspaceId());

    // A second workspace on the same metastore cannot see the isolated catalog.
    Workspace other = TestEmulator.runningWorkspace(a);
    TestEmulator.assignMetastore(a, other.getWorkspaceId(), metastoreId);
    assertThatThrownBy(() -> emu.workspace(other.getWorkspaceId()).catalogs().get("dev_catalog"))
        .isInstanceOf(PermissionDenied.class);

    var grants =
        w.grants().update(grantOnCatalog("dev_catalog", "account users", Privilege.ALL_PRIVILEGES));
    assertThat(grants.getPrivilegeAssignments())
        .extracting(PrivilegeAssignment::getPrincipal)
        .containsExactly("account users");
    assertThat(
            w.grants()
                .get(new GetGrantRequest().setSecurableType("catalog").setFullName("dev_catalog"))
                .getPrivilegeAssignments())
        .singleElement()
        .satisfies(p -> assertThat(p.getPrivileges()).containsExactly(Privilege.ALL_PRIVILEGES));
    assertThatThrownBy(
            () ->
                w.grants()
                    .update(
                        grantOnCatalog("dev_catalog", "ghost@example.com", Privilege.USE_CATALOG)))
        .isInstanceOf(NotFound.class);
    assertThatThrownBy(
            () ->
                w.catalogs()
                    .update(new UpdateCatalog().setName("dev_catalog").setOwner("ghost-group")))
        .isInstanceOf(NotFound.class)
        .hasMessageContaining("Could not find principal with name ghost-group");
    // The workspace-local admins group is no Unity Catalog principal (provider #5413), and group
    // names are case-sensitive (provider #3705): "Account Users" is not "account users".
    for (String notAPrincipal : List.of("admins", "Account Users")) {
      assertThatThrownBy(
              () ->
                  w.grants()
                      .update(grantOnCatalog("dev_catalog", notAPrincipal, Privilege.USE_CATALOG)))
          .isInstanceOf(NotFound.class)
          .hasMessageContaining("Could not find principal with name " + notAPrincipal);
    }

    // Non-empty catalog: refused without force; dropping "default" makes it deletable.
    assertThatThrownBy(() -> w.catalogs().delete("dev_catalog"))
        .isInstanceOf(InvalidState.class)
        .hasMessageContaining("not empty");
    w.schemas().delete("dev_catalog.default");
    w.catalogs().delete("dev_catalog");
    assertThatThrownBy(() -> w.catalogs().get("dev_catalog")).isInstanceOf(NotFound.class);

    w.catalogs()
        .create(new CreateCatalog().setName("forced").setStorageRoot("s3://cat-bucket/catalog/f"));
    w.catalogs().delete(new DeleteCatalogRequest().setName("forced").setForce(true));
    assertThatThrownBy(() -> w.catalogs().get("forced")).isInstanceOf(NotFound.class);
  }

  @Test
  void clusterPolicies() {
    String def = "{\"dbus_per_hour\":{\"type\":\"range\",\"maxValue\":10}}";
    String id =
        w.clusterPolicies()
            .create(new CreatePolicy().setName("team policy").setDefinition(def))
            .getPolicyId();
    Policy p = w.clusterPolicies().get(id);
    assertThat(p.getDefinition()).isEqualTo(def);
    w.clusterPolicies()
        .edit(
            new EditPolicy()
                .setPolicyId(id)
                .setName("team policy")
                .setDefinition(def)
                .setMaxClustersPerUser(2L));
    assertThat(w.clusterPolicies().get(id).getMaxClustersPerUser()).isEqualTo(2L);
    assertThat(
            all(
                w.clusterPolicies()
                    .list(new com.databricks.sdk.service.compute.ListClusterPoliciesRequest())))
        .extracting(Policy::getPolicyId)
        .contains(id);
    assertThatThrownBy(
            () ->
                w.clusterPolicies()
                    .create(new CreatePolicy().setName("team policy").setDefinition(def)))
        .isInstanceOf(InvalidParameterValue.class);
    assertThatThrownBy(
            () ->
                w.clusterPolicies()
                    .create(
                        new CreatePolicy()
                            .setName("bad")
                            .setDefinition("{\"a\":{\"type\":\"nope\"}}")))
        .isInstanceOf(InvalidParameterValue.class);
    w.clusterPolicies().delete(id);
    assertThatThrownBy(() -> w.clusterPolicies().get(id)).isInstanceOf(NotFound.class);
  }

  @Test
  void workspaceConf() {
    w.workspaceConf()
        .setStatus(Map.of("enableWebTerminal", "false", "enable-X-Frame-Options", "true"));
    // The SDK drops ?keys=, and the service requires it.
    assertThatThrownBy(
            () -> w.workspaceConf().getStatus(new GetStatusRequest().setKeys("enableWebTerminal")))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("keys");
    var raw =
        emu.raw(
            "GET",
            "/api/2.0/workspace-conf?keys=enableWebTerminal",
            null,
            "Authorization",
            "Bearer t",
            "X-Databricks-Workspace-Id",
            Long.toString(ws.getWorkspaceId()));
    assertThat(raw.body()).isEqualTo("{\"enableWebTerminal\":\"false\"}");
    assertThatThrownBy(() -> w.workspaceConf().setStatus(Map.of("noSuchKey", "true")))
        .isInstanceOf(InvalidParameterValue.class);
    assertThatThrownBy(() -> w.workspaceConf().setStatus(Map.of("enableWebTerminal", "yes")))
        .isInstanceOf(InvalidParameterValue.class);
  }

  @Test
  void reposAndWorkspaceObjects() {
    w.workspace().mkdirs("/Repos/team");
    var created =
        w.repos()
            .create(
                new CreateRepoRequest()
                    .setUrl("https://github.com/acme/jobs.git")
                    .setProvider("github")
                    .setPath("/Repos/team/jobs"));
    assertThat(created.getProvider()).isEqualTo("gitHub");
    assertThat(created.getBranch()).isEqualTo("main");
    w.repos().update(new UpdateRepoRequest().setRepoId(created.getId()).setBranch("dev"));
    assertThat(w.repos().get(created.getId()).getBranch()).isEqualTo("dev");
    assertThat(all(w.repos().list(new ListReposRequest().setPathPrefix("/Repos/team"))))
        .extracting(RepoInfo::getId)
        .containsExactly(created.getId());
    assertThat(w.workspace().getStatus("/Repos/team/jobs").getObjectType())
        .isEqualTo(ObjectType.REPO);
    assertThatThrownBy(
            () ->
                w.repos()
                    .create(
                        new CreateRepoRequest()
                            .setUrl("https://github.com/acme/jobs.git")
                            .setProvider("gitHub")
                            .setPath("/Repos/team/jobs")))
        .hasMessageContaining("already exists");
    w.repos().delete(created.getId());
    assertThatThrownBy(() -> w.repos().get(created.getId())).isInstanceOf(NotFound.class);

    String content =
        Base64.getEncoder().encodeToString("print(1)".getBytes(StandardCharsets.UTF_8));
    var imp =
        new com.databricks.sdk.service.workspace.Import()
            .setPath("/Shared/etl/nb")
            .setFormat(ImportFormat.SOURCE)
            .setLanguage(Language.PYTHON)
            .setContent(content);
    assertThatThrownBy(() -> w.workspace().importContent(imp))
        .isInstanceOf(NotFound.class)
        .hasMessageContaining("parent folder");
    w.workspace().mkdirs("/Shared/etl");
    w.workspace().importContent(imp);
    ObjectInfo info = w.workspace().getStatus("/Shared/etl/nb");
    assertThat(info.getObjectType()).isEqualTo(ObjectType.NOTEBOOK);
    assertThat(info.getLanguage()).isEqualTo(Language.PYTHON);
    assertThatThrownBy(() -> w.workspace().importContent(imp))
        .hasMessageContaining("already exists");
    w.workspace().importContent(imp.setOverwrite(true));
    assertThat(
            w.workspace()
                .export(
                    new com.databricks.sdk.service.workspace.ExportRequest()
                        .setPath("/Shared/etl/nb")
                        .setFormat(ExportFormat.SOURCE))
                .getContent())
        .isEqualTo(content);
    assertThatThrownBy(
            () ->
                w.workspace()
                    .delete(
                        new com.databricks.sdk.service.workspace.Delete().setPath("/Shared/etl")))
        .isInstanceOf(BadRequest.class);
    w.workspace()
        .delete(
            new com.databricks.sdk.service.workspace.Delete()
                .setPath("/Shared/etl")
                .setRecursive(true));
    assertThatThrownBy(() -> w.workspace().getStatus("/Shared/etl/nb"))
        .isInstanceOf(NotFound.class);
  }

  @Test
  void authIsRequired() {
    var r = emu.raw("GET", "/api/2.0/accounts/" + emu.accountId + "/credentials", null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("\"error_code\":\"UNAUTHENTICATED\"");
    var sdk = new com.databricks.sdk.core.DatabricksConfig();
    assertThat(Unauthenticated.class).isNotNull();
    assertThat(sdk).isNotNull();
  }

  private static UpdatePermissions grantOnCatalog(String catalog, String principal, Privilege p) {
    return new UpdatePermissions()
        .setSecurableType("catalog")
        .setFullName(catalog)
        .setChanges(List.of(new PermissionsChange().setPrincipal(principal).setAdd(List.of(p))));
  }
}
