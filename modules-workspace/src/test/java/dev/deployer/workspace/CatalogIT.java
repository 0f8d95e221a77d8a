package dev.deployer.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.NotFound;
import com.databricks.sdk.service.catalog.CatalogIsolationMode;
import com.databricks.sdk.service.catalog.CreateSchema;
import com.databricks.sdk.service.catalog.GetBindingsRequest;
import com.databricks.sdk.service.catalog.GetGrantRequest;
import com.databricks.sdk.service.catalog.ListCatalogsRequest;
import com.databricks.sdk.service.catalog.ListExternalLocationsRequest;
import com.databricks.sdk.service.catalog.ListStorageCredentialsRequest;
import com.databricks.sdk.service.catalog.PermissionsChange;
import com.databricks.sdk.service.catalog.Privilege;
import com.databricks.sdk.service.catalog.UpdatePermissions;
import dev.deployer.account.HandlerSettings;
import dev.deployer.core.model.Resource;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.model.Unknown;
import dev.deployer.core.plan.Action;
import dev.deployer.core.plan.Plan;
import dev.deployer.workspace.testing.FixedOutputsHandler;
import dev.deployer.workspace.testing.WorkspaceTestSupport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The isolated catalog (RESOURCES.md 4.1) against moto and the AWS-aware emulator. */
class CatalogIT {
  static final String ADMINS = "data-platform-admins";
  @TempDir Path dir;
  @AutoClose WorkspaceTestSupport t;

  StackDefinition stack(String catalogName, String admin) {
    WorkspaceTestSupport.Base base = t.stack();
    var b = base.builder();
    Resource<FixedOutputsHandler.Spec> awsAccount =
        b.add(
            "cloud.account",
            t.standIn(
                new FixedOutputsHandler("test_aws_account", Map.of("account_id", "123456789012"))),
            r -> new FixedOutputsHandler.Spec("123456789012"));
    WorkspaceTestSupport.declareWorkspaceModule(
        b,
        awsAccount.out("account_id"),
        base.workspace().out("deployment_name"),
        base.workspace().out("workspace_id"),
        base.assignment(),
        catalogName,
        admin);
    t.settings =
        new HandlerSettings(
            Duration.ofSeconds(30), HandlerSettings.DEFAULT_WORKSPACE_TIMEOUT, false);
    return b.build();
  }

  static List<String> privileges(WorkspaceClient ws, String catalog, String principal) {
    var resp =
        ws.grants().get(new GetGrantRequest().setSecurableType("catalog").setFullName(catalog));
    return resp.getPrivilegeAssignments() == null
        ? List.of()
        : resp.getPrivilegeAssignments().stream()
            .filter(a -> a.getPrincipal().equals(principal))
            .flatMap(a -> a.getPrivileges().stream())
            .map(Enum::name)
            .toList();
  }

  @Test
  void catalog_lifecycle() throws Exception {
    t = new WorkspaceTestSupport(dir, true);
    WorkspaceClient ws = t.client();
    // An account group: the workspace-local "admins" group is no Unity Catalog principal.
    t.databricks
        .account()
        .groups()
        .create(new com.databricks.sdk.service.iam.Group().setDisplayName(ADMINS));
    StackDefinition def = stack("acme_dev", ADMINS);

    t.applyOk(def);
    assertThat(t.plan(def).hasChanges()).isFalse();
    var catalog = ws.catalogs().get("acme_dev");
    assertThat(catalog.getIsolationMode()).isEqualTo(CatalogIsolationMode.ISOLATED);
    assertThat(catalog.getStorageRoot())
        .isEqualTo("s3://acme-dev-catalog-" + t.workspaceId + "/catalog/");
    assertThat(privileges(ws, "acme_dev", ADMINS)).containsExactly("ALL_PRIVILEGES");
    assertThat(t.aws.iam().getRole(r -> r.roleName("acme-dev-unity-catalog-" + t.workspaceId)))
        .isNotNull();

    // Isolating binds no workspace (provider issue #2446): the handler binds its own workspace
    // right after, so a catalog it creates is never out of this workspace's reach, even with no
    // binding resource behind it.
    var fake = dev.deployer.core.fixture.FakeHandlerContext.waiting("workspace.catalog");
    new dev.deployer.workspace.catalog.CatalogHandler(t.databricks)
        .create(
            fake.ctx,
            new dev.deployer.workspace.catalog.CatalogSpec(
                WorkspaceTestSupport.DEPLOYMENT,
                t.workspaceId,
                "acme_dev_side",
                "s3://acme-dev-catalog-" + t.workspaceId + "/catalog/side/",
                "ISOLATED",
                null,
                Map.of(),
                null));
    assertThat(ws.catalogs().get("acme_dev_side").getIsolationMode())
        .isEqualTo(CatalogIsolationMode.ISOLATED);
    assertThat(
            ws.workspaceBindings()
                .getBindings(
                    new GetBindingsRequest()
                        .setSecurableType("catalog")
                        .setSecurableName("acme_dev_side")))
        .extracting(b -> b.getWorkspaceId())
        .containsExactly(Long.parseLong(t.workspaceId));
    ws.catalogs()
        .delete(
            new com.databricks.sdk.service.catalog.DeleteCatalogRequest()
                .setName("acme_dev_side")
                .setForce(true));

    // Out of band: the admin grant revoked. Shown, then repaired.
    ws.grants()
        .update(
            new UpdatePermissions()
                .setSecurableType("catalog")
                .setFullName("acme_dev")
                .setChanges(
                    List.of(
                        new PermissionsChange()
                            .setPrincipal(ADMINS)
                            .setRemove(List.of(Privilege.ALL_PRIVILEGES)))));
    Plan drift = t.plan(def);
    assertThat(drift.change("workspace.catalog_grants").action()).isNotEqualTo(Action.NO_OP);
    t.applyOk(def);
    assertThat(privileges(ws, "acme_dev", ADMINS)).containsExactly("ALL_PRIVILEGES");
    assertThat(t.plan(def).hasChanges()).isFalse();

    // Another admin principal: the grant moves, the catalog stays.
    StackDefinition otherAdmin = stack("acme_dev", "account users");
    Plan change = t.plan(otherAdmin);
    assertThat(change.change("workspace.catalog").action()).isEqualTo(Action.NO_OP);
    t.applyOk(otherAdmin);
    assertThat(privileges(ws, "acme_dev", "account users")).containsExactly("ALL_PRIVILEGES");
    assertThat(privileges(ws, "acme_dev", ADMINS)).isEmpty();

    // A user schema in the catalog, then a new catalog name (issue 12 finding 13): renamed in
    // place with new_name, the schema kept; the grants and the binding, which refer to the name,
    // are planned on the name known after apply and follow it, nothing replaced or refused.
    ws.schemas().create(new CreateSchema().setCatalogName("acme_dev").setName("sales"));
    StackDefinition renamed = stack("acme_dev2", "account users");
    Plan rename = t.plan(renamed);
    assertThat(rename.change("workspace.catalog").action()).isEqualTo(Action.UPDATE);
    assertThat(rename.change("workspace.catalog").destroysData()).isNull();
    for (String dependent : List.of("workspace.catalog_grants", "workspace.catalog_binding")) {
      assertThat(rename.change(dependent).action()).as(dependent).isEqualTo(Action.UPDATE);
      assertThat(Unknown.in(rename.change(dependent).after())).as(dependent).isTrue();
    }
    t.applyOk(renamed);
    assertThat(ws.catalogs().list(new ListCatalogsRequest()))
        .extracting(c -> c.getName())
        .containsExactly("acme_dev2");
    assertThatThrownBy(() -> ws.catalogs().get("acme_dev")).isInstanceOf(NotFound.class);
    assertThat(ws.schemas().get("acme_dev2.sales").getCatalogName()).isEqualTo("acme_dev2");
    assertThat(privileges(ws, "acme_dev2", "account users")).containsExactly("ALL_PRIVILEGES");
    assertThat(
            ws.workspaceBindings()
                .getBindings(
                    new GetBindingsRequest()
                        .setSecurableType("catalog")
                        .setSecurableName("acme_dev2")))
        .extracting(b -> String.valueOf(b.getWorkspaceId()))
        .containsExactly(t.workspaceId);
    assertThat(t.plan(renamed).hasChanges()).isFalse();
    // Its delete would take the schema with it: the destroy plan says so.
    assertThat(
            t.engine(renamed)
                .plan(renamed, t.store, true)
                .change("workspace.catalog")
                .destroysData())
        .isEqualTo("catalog acme_dev2 holds 1 schema (sales)");

    assertThat(t.destroy(renamed).succeeded()).isTrue();
    assertThat(ws.catalogs().list(new ListCatalogsRequest())).isEmpty();
    assertThat(ws.externalLocations().list(new ListExternalLocationsRequest())).isEmpty();
    assertThat(ws.storageCredentials().list(new ListStorageCredentialsRequest())).isEmpty();
    assertThat(t.aws.s3().listBuckets().buckets())
        .extracting(bk -> bk.name())
        .doesNotContain("acme-dev-catalog-" + t.workspaceId);
    assertThat(t.aws.iam().listRoles().roles())
        .extracting(r -> r.roleName())
        .doesNotContain("acme-dev-unity-catalog-" + t.workspaceId);
  }
}
