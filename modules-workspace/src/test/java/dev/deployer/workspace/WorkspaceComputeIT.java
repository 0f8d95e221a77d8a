package dev.deployer.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.ListClustersRequest;
import com.databricks.sdk.service.compute.State;
import com.databricks.sdk.service.iam.AccessControlRequest;
import com.databricks.sdk.service.iam.AccessControlResponse;
import com.databricks.sdk.service.iam.Group;
import com.databricks.sdk.service.iam.PermissionLevel;
import com.databricks.sdk.service.iam.UpdateWorkspaceAssignments;
import com.databricks.sdk.service.iam.WorkspacePermission;
import dev.deployer.account.testing.OutOfBand;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.plan.Action;
import dev.deployer.workspace.testing.EmulatedWorkspace;
import dev.deployer.workspace.testing.WorkspaceTestSupport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** Policy grants, the shared cluster and its grants against the emulator, through the engine. */
class WorkspaceComputeIT extends EmulatedWorkspace {
  static final String POLICY_ACL = "workspace_compute.cluster_policy_permissions";
  static final String CLUSTER = "workspace_compute.shared_cluster";
  static final String CLUSTER_ACL = "workspace_compute.shared_cluster_permissions";
  static final String GROUP = "data-engineers";

  /** The workspace knows the group: it is assigned there. */
  @Override
  protected void prepare() {
    Group g = t.databricks.account().groups().create(new Group().setDisplayName(GROUP));
    t.databricks
        .account()
        .workspaceAssignment()
        .update(
            new UpdateWorkspaceAssignments()
                .setWorkspaceId(Long.parseLong(t.workspaceId))
                .setPrincipalId(Long.parseLong(g.getId()))
                .setPermissions(List.of(WorkspacePermission.USER)));
  }

  StackDefinition stack(long workers, boolean start) {
    return stack(workers, start, true);
  }

  StackDefinition stack(long workers, boolean start, boolean policyGrant) {
    WorkspaceTestSupport.Base base = t.stack();
    sharedClusterUnderDataPolicy(
        base,
        workers,
        start,
        policyGrant
            ? List.of(new WorkspaceComputeModule.Grant(GROUP, "group", "CAN_USE"))
            : List.of(),
        List.of(new WorkspaceComputeModule.Grant(GROUP, "group", "CAN_ATTACH_TO")));
    return base.builder().build();
  }

  private static ClusterDetails theCluster(WorkspaceClient ws) {
    return StreamSupport.stream(ws.clusters().list(new ListClustersRequest()).spliterator(), false)
        .findFirst()
        .orElseThrow();
  }

  private static Map<String, String> direct(WorkspaceClient ws, String type, String id) {
    Map<String, String> out = new TreeMap<>();
    for (AccessControlResponse r : ws.permissions().get(type, id).getAccessControlList()) {
      var p = r.getAllPermissions().iterator().next();
      if (!Boolean.TRUE.equals(p.getInherited())) {
        out.put(
            r.getGroupName() != null ? r.getGroupName() : r.getUserName(),
            p.getPermissionLevel().name());
      }
    }
    return out;
  }

  @Test
  void
      sharedCluster_createdTerminatedUnderThePolicy_driftRepaired_othersGrantsKept_destroyTakesOnlyOurs() {
    WorkspaceClient ws = t.client();
    StackDefinition def = stack(1, false);
    t.applyOk(def);
    assertThat(t.plan(def).hasChanges()).isFalse();
    ClusterDetails c = theCluster(ws);
    assertThat(c.getState()).isEqualTo(State.TERMINATED);
    assertThat(c.getSparkVersion()).isEqualTo("16.4.x-scala2.12");
    assertThat(c.getNodeTypeId()).isEqualTo("m5d.large");
    assertThat(c.getAutoterminationMinutes()).isEqualTo(20L);
    assertThat(c.getCustomTags()).containsEntry("Team", "data");
    String policyId = c.getPolicyId();
    assertThat(direct(ws, "cluster-policies", policyId)).containsEntry(GROUP, "CAN_USE");
    assertThat(direct(ws, "clusters", c.getClusterId())).containsEntry(GROUP, "CAN_ATTACH_TO");

    // Out of band: the cluster resized, the policy's ACL replaced by someone else's entry, and a
    // grant of someone else's added to the cluster.
    OutOfBand.resizeCluster(ws, c, policyId, 3L);
    OutOfBand.replaceGrants(ws, "cluster-policies", policyId, "users", PermissionLevel.CAN_USE);
    ws.permissions()
        .update(
            new com.databricks.sdk.service.iam.UpdateObjectPermissions()
                .setRequestObjectType("clusters")
                .setRequestObjectId(c.getClusterId())
                .setAccessControlList(
                    List.of(
                        new AccessControlRequest()
                            .setGroupName("users")
                            .setPermissionLevel(PermissionLevel.CAN_RESTART))));
    t.repairsDrift(
        def, Map.of(CLUSTER, Action.UPDATE, POLICY_ACL, Action.UPDATE, CLUSTER_ACL, Action.NO_OP));
    assertThat(theCluster(ws).getNumWorkers()).isEqualTo(1L);
    assertThat(theCluster(ws).getState()).isEqualTo(State.TERMINATED);
    assertThat(direct(ws, "cluster-policies", policyId))
        .containsEntry(GROUP, "CAN_USE")
        .containsEntry("users", "CAN_USE");

    // Someone starts it; a change then restarts it and the apply waits for it to run again.
    ws.clusters().start(c.getClusterId());
    StackDefinition two = stack(2, false);
    t.applyOk(two);
    assertThat(theCluster(ws).getState()).isEqualTo(State.RUNNING);
    assertThat(theCluster(ws).getNumWorkers()).isEqualTo(2L);
    assertThat(t.progress).anyMatch(l -> l.contains("the edit restarts it"));

    // The policy grant leaves the config: only this stack's entry goes.
    StackDefinition ungranted = stack(2, false, false);
    assertThat(t.plan(ungranted).change(POLICY_ACL).action()).isEqualTo(Action.DELETE);
    t.applyOk(ungranted);
    assertThat(direct(ws, "cluster-policies", policyId))
        .containsExactly(Map.entry("users", "CAN_USE"));

    assertThat(t.destroy(ungranted).succeeded()).isTrue();
    assertThat(ws.clusters().list(new ListClustersRequest())).isEmpty();
  }

  @Test
  void clusterConfiguredToStart_isWaitedForWithProgress_untilItRuns() {
    WorkspaceClient ws = t.client();
    // Long enough for the first poll, right after the create, to find it starting.
    t.emulator.setProvisioningDelay(Duration.ofSeconds(4));
    t.applyOk(stack(1, true));
    assertThat(theCluster(ws).getState()).isEqualTo(State.RUNNING);
    assertThat(t.progress).anyMatch(l -> l.startsWith(CLUSTER) && l.contains("PENDING"));
  }
}
