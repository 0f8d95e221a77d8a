package dev.deployer.account.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.service.iam.WorkspacePermission;
import com.databricks.sdk.service.provisioning.UpdateWorkspaceRequest;
import com.databricks.sdk.service.provisioning.Workspace;
import dev.deployer.account.AccountModule;
import dev.deployer.account.HandlerSettings;
import dev.deployer.account.identity.Principal;
import dev.deployer.account.identity.PrincipalResolver;
import dev.deployer.account.testing.AccountTestSupport;
import dev.deployer.cloud.iam.CrossAccountInputs;
import dev.deployer.cloud.iam.CrossAccountRoleModule;
import dev.deployer.cloud.network.NetworkModule;
import dev.deployer.cloud.storage.StorageModule;
import dev.deployer.core.DeployerException;
import dev.deployer.core.apply.ApplyResult;
import dev.deployer.core.model.Ref;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.plan.Action;
import dev.deployer.core.plan.Plan;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The account layer on top of a real (moto) cloud layer, against the emulator. */
class AccountModuleIT {
  @TempDir Path dir;
  @AutoClose AccountTestSupport t;

  StackDefinition stack(
      Map<String, String> customTags, boolean brokenNetwork, List<AccountModule.Assignment> ids) {
    return stack(customTags, brokenNetwork, ids, "it", Duration.ofMinutes(1), false);
  }

  StackDefinition stack(
      Map<String, String> customTags,
      boolean brokenNetwork,
      List<AccountModule.Assignment> ids,
      String workspaceName,
      Duration raceDeadline,
      boolean keepFailed) {
    StackBuilder b = new StackBuilder("dev", Map.of("Owner", "it"));
    NetworkModule.Outputs net =
        NetworkModule.declare(b, t.aws.region(), "network", AccountTestSupport.NETWORK);
    CrossAccountRoleModule.Outputs role =
        CrossAccountRoleModule.declare(
            b,
            t.aws.region(),
            "cross_account",
            new CrossAccountInputs("it", AccountTestSupport.ACCOUNT_ID, Optional.empty()),
            net.vpcId(),
            net.workspaceSecurityGroupId());
    StorageModule.Outputs storage =
        StorageModule.declare(
            b,
            "us-east-1",
            "storage",
            "it-root",
            AccountTestSupport.ACCOUNT_ID,
            true,
            StorageModule.Options.DEFAULT);
    Ref vpc = net.vpcId();
    List<Ref> subnets = net.privateSubnetIdList();
    List<String> extraSgs = List.of();
    if (brokenNetwork) {
      // Ids that do not exist on the AWS side: Databricks ends the workspace FAILED.
      vpc = role.roleName();
      subnets = List.of(role.roleName(), role.roleArn());
    }
    AccountModule.declare(
        b,
        "account",
        AccountModule.Inputs.builder()
            .prefix("it")
            .region("us-east-1")
            .crossAccountRoleArn(role.roleArn())
            .crossAccountRolePolicy(role.policy())
            .rootBucketName(storage.bucketName())
            .rootBucketPolicy(storage.policy())
            .vpcId(vpc)
            .privateSubnetIds(subnets)
            .securityGroupIds(List.of(net.workspaceSecurityGroupId()))
            .additionalSecurityGroupIds(extraSgs)
            .workspaceName(workspaceName)
            .customTags(customTags)
            .metastoreId(metastoreId)
            .defaultCatalogName(defaultCatalog)
            .identities(ids)
            .build());
    t.settings = new HandlerSettings(raceDeadline, Duration.ofMinutes(1), keepFailed);
    return b.build();
  }

  String metastoreId;
  String defaultCatalog = "main";

  void start(Duration raceWindow) throws Exception {
    t = new AccountTestSupport(dir, "dev", raceWindow, Duration.ofMillis(800));
    metastoreId = t.createMetastore("it-metastore");
  }

  long count(Iterable<?> it) {
    return StreamSupport.stream(it.spliterator(), false).count();
  }

  /** A principal made in the emulator's SCIM {@code collection}, resolved as a config names it. */
  Principal scimPrincipal(Principal.Kind kind, String collection, String body, String name) {
    t.post(
        "/_emulator/accounts/" + AccountTestSupport.ACCOUNT_ID + "/scim/" + collection,
        body,
        false);
    return new PrincipalResolver(t.databricks).resolve(List.of(kind), List.of(name), "test").get(0);
  }

  @Test
  void lifecycle_raceRetried_noop_driftRepaired_inPlaceTagPatch_catalogPut_destroyInOrder()
      throws Exception {
    // The credentials configuration waits for the role's inline policy, which waits for the
    // network: the window must outlast that for the race to be met.
    start(Duration.ofSeconds(15));
    Principal admin =
        scimPrincipal(
            Principal.Kind.USER,
            "Users",
            "{\"userName\":\"admin@example.com\"}",
            "admin@example.com");
    List<AccountModule.Assignment> ids = List.of(new AccountModule.Assignment(admin, "ADMIN"));

    StackDefinition def = stack(Map.of("Team", "a"), false, ids);
    t.applyOk(def);
    assertThat(t.progress).anyMatch(p -> p.contains("for IAM propagation of"));
    assertThat(t.plan(def).hasChanges()).isFalse();
    var ws = t.databricks.account().workspaces().list().iterator().next();
    assertThat(ws.getWorkspaceStatus().toString()).isEqualTo("RUNNING");
    assertThat(assignedMetastore(ws.getWorkspaceId())).isEqualTo(metastoreId);
    long principalId = Long.parseLong(admin.id());
    assertThat(t.databricks.account().workspaceAssignment().list(ws.getWorkspaceId()))
        .anyMatch(a -> a.getPrincipal().getPrincipalId() == principalId);

    // Out of band: tags changed on the workspace and the identity assignment removed.
    t.databricks
        .account()
        .workspaces()
        .update(
            new UpdateWorkspaceRequest()
                .setWorkspaceId(ws.getWorkspaceId())
                .setCustomerFacingWorkspace(new Workspace().setCustomTags(Map.of("Team", "x")))
                .setUpdateMask("custom_tags"));
    t.databricks.account().workspaceAssignment().delete(ws.getWorkspaceId(), principalId);
    Plan drift = t.plan(def);
    String identity = "account.permission_assignment[\"user:admin@example.com\"]";
    assertThat(drift.change("account.workspace").action()).isEqualTo(Action.UPDATE);
    assertThat(drift.change(identity).action()).isEqualTo(Action.CREATE);
    assertThat(drift.toAdd()).isEqualTo(1);
    assertThat(drift.toChange()).isEqualTo(1);
    assertThat(drift.toDestroy()).isZero();
    t.applyOk(def);
    assertThat(t.databricks.account().workspaces().get(ws.getWorkspaceId()).getCustomTags())
        .containsExactlyEntriesOf(Map.of("Team", "a"));
    assertThat(t.databricks.account().workspaceAssignment().list(ws.getWorkspaceId()))
        .anyMatch(
            a ->
                a.getPrincipal().getPrincipalId() == principalId
                    && a.getPermissions().contains(WorkspacePermission.ADMIN));
    assertThat(t.plan(def).hasChanges()).isFalse();

    StackDefinition retagged = stack(Map.of("Team", "b"), false, ids);
    Plan p = t.plan(retagged);
    assertThat(p.change("account.workspace").action()).isEqualTo(Action.UPDATE);
    assertThat(p.toAdd()).isZero();
    t.applyOk(retagged);
    assertThat(t.databricks.account().workspaces().get(ws.getWorkspaceId()).getCustomTags())
        .containsEntry("Team", "b");
    assertThat(t.plan(retagged).hasChanges()).isFalse();

    // The default catalog changes in place (PUT).
    defaultCatalog = "analytics";
    StackDefinition recataloged = stack(Map.of("Team", "b"), false, ids);
    Plan catalogPlan = t.plan(recataloged);
    assertThat(catalogPlan.change("account.metastore_assignment").action())
        .isEqualTo(Action.UPDATE);
    assertThat(catalogPlan.toChange()).isEqualTo(1);
    t.applyOk(recataloged);
    assertThat(
            t.databricks
                .account()
                .metastoreAssignments()
                .get(ws.getWorkspaceId())
                .getMetastoreAssignment()
                .getDefaultCatalogName())
        .isEqualTo("analytics");
    assertThat(t.plan(recataloged).hasChanges()).isFalse();

    // The emulator refuses to delete configurations a workspace uses and a metastore with
    // assignments: a clean destroy proves the order.
    ApplyResult destroyed = t.destroy(recataloged);
    assertThat(destroyed.failures()).isEmpty();
    assertThat(count(t.databricks.account().workspaces().list())).isZero();
    assertThat(count(t.databricks.account().credentials().list())).isZero();
    assertThat(count(t.databricks.account().storage().list())).isZero();
    assertThat(count(t.databricks.account().networks().list())).isZero();
    // The metastore is the common stack's: it stays, without assignments.
    assertThat(count(t.databricks.account().metastores().list())).isEqualTo(1);
  }

  @Test
  void workspaceCreate_hitByTheIamRace_failsPastTheDeadline_andIsRetriedUntilTheRoleIsUsable()
      throws Exception {
    start(Duration.ZERO);
    t.applyOk(stack(Map.of(), false, List.of()));
    long first = t.databricks.account().workspaces().list().iterator().next().getWorkspaceId();
    // The credentials exist; make the role look young again so that only POST /workspaces (for
    // the renamed, hence replaced, workspace) meets the race.
    var role = t.aws.iam().listRoles().roles().get(0);

    // First longer than the deadline: a clear error naming the role and the time waited.
    t.post("/_emulator/race-window", "{\"seconds\":3600}", false);
    // Renaming replaces the running workspace: allowed explicitly (the plan marks it).
    StackDefinition renamed =
        stack(Map.of(), false, List.of(), "it-renamed", Duration.ofSeconds(2), false);
    var engine = t.engine(renamed);
    ApplyResult late =
        engine.apply(
            renamed,
            engine.plan(renamed, t.store, false),
            t.store,
            java.util.Set.of("account.workspace"));
    assertThat(late.succeeded()).isFalse();
    assertThat(late.failures().get(0).error().getMessage())
        .contains("still rejects the IAM role " + role.arn(), "after waiting");

    Duration window = Duration.between(role.createDate(), Instant.now()).plusSeconds(3);
    HttpResponse<String> r =
        t.post("/_emulator/race-window", "{\"millis\":" + window.toMillis() + "}", false);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    t.progress.clear();

    t.applyAllowingDestroy(
        stack(Map.of(), false, List.of(), "it-renamed", Duration.ofMinutes(1), false),
        "account.workspace");

    assertThat(t.progress)
        .anyMatch(p -> p.startsWith("account.workspace: IAM role " + role.arn() + " (credentials "))
        .anyMatch(p -> p.startsWith("account.workspace: waited ") && p.contains("IAM propagation"))
        .noneMatch(p -> p.startsWith("account.credentials:"));
    var workspaces = t.databricks.account().workspaces().list();
    assertThat(count(workspaces)).isEqualTo(1);
    var ws = workspaces.iterator().next();
    assertThat(ws.getWorkspaceName()).isEqualTo("it-renamed");
    assertThat(ws.getWorkspaceId()).isNotEqualTo(first);
    assertThat(ws.getWorkspaceStatus().toString()).isEqualTo("RUNNING");
  }

  @Test
  void workspaceEndingFailed_withKeepFailed_isKeptAndReported_andClearedByALaterApplyWithoutIt()
      throws Exception {
    start(Duration.ZERO);
    ApplyResult r = t.apply(stack(Map.of(), true, List.of(), "it", Duration.ofMinutes(1), true));
    assertThat(r.succeeded()).isFalse();
    assertThat(r.failures().get(0).error().getMessage()).contains("ended FAILED", "was kept");
    var ws = t.databricks.account().workspaces().list().iterator().next();
    assertThat(ws.getWorkspaceStatus().toString()).isEqualTo("FAILED");

    // Applying again while it is kept: a clear error, and no second workspace.
    ApplyResult again =
        t.apply(stack(Map.of(), true, List.of(), "it", Duration.ofMinutes(1), true));
    assertThat(again.failures().get(0).error().getMessage())
        .contains("exists and is FAILED", "keep_failed");
    assertThat(count(t.databricks.account().workspaces().list())).isEqualTo(1);

    // Without the flag, the next apply clears the failed one before trying again.
    ApplyResult cleared = t.apply(stack(Map.of(), true, List.of()));
    assertThat(t.progress)
        .anyMatch(p -> p.contains("deleting the FAILED workspace " + ws.getWorkspaceId()));
    assertThat(cleared.failures().get(0).error().getMessage()).contains("was deleted");
    assertThat(count(t.databricks.account().workspaces().list())).isZero();
  }

  @Test
  void workspaceEndingFailed_reportsTheNetworkErrors_andDeletesTheFailedWorkspace()
      throws Exception {
    start(Duration.ZERO);
    ApplyResult r = t.apply(stack(Map.of(), true, List.of()));
    assertThat(r.succeeded()).isFalse();
    String message = r.failures().get(0).error().getMessage();
    assertThat(message)
        .contains("ended FAILED", "Network configuration")
        .contains("VPC: VPC ", " does not exist", "SUBNET: Subnet ")
        .contains("was deleted");
    assertThat(count(t.databricks.account().workspaces().list())).isZero();
    // The network configuration surfaces the same errors on read.
    var network = t.databricks.account().networks().list().iterator().next();
    assertThat(network.getErrorMessages()).isNotEmpty();
    assertThat(r.failures())
        .extracting(ApplyResult.Failure::address)
        .containsExactly("account.workspace");
  }

  @Test
  void workspaceThatTurnedFailedAfterApply_isPlannedForReplacement_andReplaced() throws Exception {
    start(Duration.ZERO);
    StackDefinition def = stack(Map.of(), false, List.of());
    t.applyOk(def);
    long id = t.databricks.account().workspaces().list().iterator().next().getWorkspaceId();
    HttpResponse<String> r =
        t.post(
            "/_emulator/accounts/"
                + AccountTestSupport.ACCOUNT_ID
                + "/workspaces/"
                + id
                + "/status",
            "{\"status\":\"FAILED\",\"message\":\"broken on purpose\"}",
            false);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

    dev.deployer.core.plan.Plan plan = t.plan(def);
    assertThat(plan.change("account.workspace").action())
        .isEqualTo(dev.deployer.core.plan.Action.DELETE_THEN_CREATE);
    assertThat(plan.change("account.workspace").reason()).contains("FAILED", "broken on purpose");

    t.applyOk(def);
    var now = t.databricks.account().workspaces().list().iterator().next();
    assertThat(now.getWorkspaceId()).isNotEqualTo(id);
    assertThat(now.getWorkspaceStatus().toString()).isEqualTo("RUNNING");
    assertThat(t.plan(def).hasChanges()).isFalse();
  }

  @Test
  void withTenPercentOfCallsThrottledOrUnavailable_applySucceeds_andNothingIsDuplicated()
      throws Exception {
    start(Duration.ZERO);
    HttpResponse<String> f =
        t.post(
            "/_emulator/faults",
            "{\"seed\":42,\"rules\":[{\"path_regex\":\"/api/2\\\\.0/accounts/.*\","
                + "\"rate_429\":0.05,\"rate_503\":0.05,\"retry_after_seconds\":0}]}",
            false);
    assertThat(f.statusCode()).as(f.body()).isEqualTo(200);
    Principal group =
        scimPrincipal(
            Principal.Kind.GROUP,
            "Groups",
            "{\"displayName\":\"data-engineers\"}",
            "data-engineers");
    StackDefinition def =
        stack(Map.of("Team", "a"), false, List.of(new AccountModule.Assignment(group, "USER")));
    t.applyOk(def);
    t.post("/_emulator/faults", "{\"rules\":[]}", false);
    long ws = t.databricks.account().workspaces().list().iterator().next().getWorkspaceId();
    assertThat(count(t.databricks.account().workspaceAssignment().list(ws))).isEqualTo(1);
    assertThat(count(t.databricks.account().workspaces().list())).isEqualTo(1);
    assertThat(count(t.databricks.account().credentials().list())).isEqualTo(1);
    assertThat(count(t.databricks.account().storage().list())).isEqualTo(1);
    assertThat(count(t.databricks.account().networks().list())).isEqualTo(1);
    assertThat(t.plan(def).hasChanges()).isFalse();
  }

  @Test
  void automaticUnityCatalog_assignmentAdopted_unityCatalogAndPermissionLagsWaitedOut()
      throws Exception {
    start(Duration.ZERO);
    // The account assigns its region's metastore (it-metastore) with every new workspace, Unity
    // Catalog on the workspace lags the assignment, and permission assignment lags creation.
    t.emulator.setAutoUnityCatalog(true);
    // Windows well past provisioning (800 ms), so both are still open when their resources start.
    t.emulator.setUnityCatalogLag(Duration.ofSeconds(10));
    t.emulator.setPermissionAssignmentLag(Duration.ofSeconds(12));
    t.post(
        "/_emulator/accounts/" + AccountTestSupport.ACCOUNT_ID + "/scim/Users",
        "{\"userName\":\"admin@example.com\"}",
        false);
    List<AccountModule.Assignment> ids =
        List.of(
            new AccountModule.Assignment(
                new PrincipalResolver(t.databricks)
                    .resolve(List.of(Principal.Kind.USER), List.of("admin@example.com"), "test")
                    .get(0),
                "ADMIN"));
    StackDefinition def = stack(Map.of(), false, ids);

    t.applyOk(def);
    assertThat(t.progress)
        .anyMatch(
            p ->
                p.startsWith("account.metastore_assignment:")
                    && p.contains("already has metastore " + metastoreId + "; adopted"));
    assertThat(t.progress)
        .anyMatch(
            p ->
                p.startsWith("account.metastore_assignment:")
                    && p.startsWith("account.metastore_assignment: waited ")
                    && p.contains("for Unity Catalog on workspace"));
    assertThat(t.progress)
        .anyMatch(
            p ->
                p.startsWith("account.permission_assignment[")
                    && p.contains("for permission assignment on workspace"));
    var ws = t.databricks.account().workspaces().list().iterator().next();
    assertThat(assignedMetastore(ws.getWorkspaceId())).isEqualTo(metastoreId);
    assertThat(t.plan(def).hasChanges()).isFalse();
    assertThat(t.destroy(def).succeeded()).isTrue();
    assertThat(count(t.databricks.account().workspaces().list())).isZero();
  }

  @Test
  void unknownPrincipal_isAClearErrorBeforeAnyChange() throws Exception {
    start(Duration.ZERO);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new PrincipalResolver(t.databricks)
                    .resolve(
                        List.of(Principal.Kind.GROUP, Principal.Kind.USER),
                        List.of("no-such-group", "ghost@example.com"),
                        "dev.json"))
        .isInstanceOf(DeployerException.class)
        .hasMessageContaining("group 'no-such-group'")
        .hasMessageContaining("user 'ghost@example.com'")
        .hasMessageContaining("nothing was changed");
    assertThat(count(t.databricks.account().workspaces().list())).isZero();
  }

  String assignedMetastore(long workspaceId) {
    return t.databricks
        .account()
        .metastoreAssignments()
        .get(workspaceId)
        .getMetastoreAssignment()
        .getMetastoreId();
  }
}
