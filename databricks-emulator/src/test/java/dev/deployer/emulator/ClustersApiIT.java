package dev.deployer.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.core.error.platform.InvalidState;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.mixin.NodeTypeSelector;
import com.databricks.sdk.mixin.SparkVersionSelector;
import com.databricks.sdk.service.compute.CreateCluster;
import com.databricks.sdk.service.compute.CreatePolicy;
import com.databricks.sdk.service.compute.EditCluster;
import com.databricks.sdk.service.compute.State;
import com.databricks.sdk.service.iam.AccessControlRequest;
import com.databricks.sdk.service.iam.AccessControlResponse;
import com.databricks.sdk.service.iam.Group;
import com.databricks.sdk.service.iam.PermissionLevel;
import com.databricks.sdk.service.iam.SetObjectPermissions;
import com.databricks.sdk.service.iam.UpdateObjectPermissions;
import com.databricks.sdk.service.iam.UpdateWorkspaceAssignments;
import com.databricks.sdk.service.iam.WorkspacePermission;
import com.databricks.sdk.service.provisioning.Workspace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Clusters under their policy, their life cycle, and object ACLs, through the Java SDK. */
class ClustersApiIT extends AccountApiIT {
  private static final String POLICY =
      "{\"autotermination_minutes\":{\"type\":\"fixed\",\"value\":20,\"hidden\":true},"
          + "\"custom_tags.Team\":{\"type\":\"fixed\",\"value\":\"data\"},"
          + "\"dbus_per_hour\":{\"type\":\"range\",\"maxValue\":2},"
          + "\"node_type_id\":{\"type\":\"allowlist\",\"values\":[\"m5d.large\",\"m5d.xlarge\"]},"
          + "\"spark_version\":{\"type\":\"regex\",\"pattern\":\"1[56]\\\\.4\\\\.x-scala2\\\\.12\"},"
          + "\"instance_pool_id\":{\"type\":\"forbidden\"},"
          + "\"num_workers\":{\"type\":\"range\",\"maxValue\":8,\"defaultValue\":1,\"isOptional\":true}}";

  private Workspace ws;

  private WorkspaceClient newWorkspace() {
    ws = TestEmulator.runningWorkspace(a);
    return emu.workspace(ws.getWorkspaceId());
  }

  private static String policy(WorkspaceClient w) {
    return w.clusterPolicies()
        .create(new CreatePolicy().setName(TestEmulator.unique("p")).setDefinition(POLICY))
        .getPolicyId();
  }

  /** Creates an m5d.large cluster under the policy; its id, without waiting for it to run. */
  private static String createCluster(WorkspaceClient w, String policyId, long workers) {
    return w.clusters()
        .create(cluster(policyId, "m5d.large", workers))
        .getResponse()
        .getClusterId();
  }

  private static CreateCluster cluster(String policyId, String node, long workers) {
    return new CreateCluster()
        .setClusterName("shared")
        .setSparkVersion("16.4.x-scala2.12")
        .setNodeTypeId(node)
        .setNumWorkers(workers)
        .setPolicyId(policyId);
  }

  @Test
  void runtimeAndNodeType_areChosenFromTheWorkspaceLists_bySdkSelectors() {
    WorkspaceClient w = newWorkspace();
    assertThat(
            w.clusters()
                .selectSparkVersion(new SparkVersionSelector().withLongTermSupport().withLatest()))
        .isEqualTo("16.4.x-scala2.12");
    assertThat(w.clusters().selectNodeType(new NodeTypeSelector().withFleet("m5d").withLocalDisk()))
        .isEqualTo("m5d.large");
    assertThat(
            w.clusters()
                .selectNodeType(new NodeTypeSelector().withFleet("m5d").withMinMemoryGb(16)))
        .isEqualTo("m5d.xlarge");
  }

  @Test
  void clusterUnderItsPolicy_getsTheFixedValues_startsPendingThenRuns() throws Exception {
    WorkspaceClient w = newWorkspace();
    String policyId = policy(w);
    withStartDelay(
        () -> {
          String id = createCluster(w, policyId, 2);
          var pending = w.clusters().get(id);
          assertThat(pending.getState()).isEqualTo(State.PENDING);
          assertThat(pending.getAutoterminationMinutes()).isEqualTo(20L);
          assertThat(pending.getCustomTags()).containsEntry("Team", "data");
          release();
          assertThat(w.clusters().waitGetClusterRunning(id).getState()).isEqualTo(State.RUNNING);
        });
  }

  /** Clusters stay starting while {@code body} runs, until it calls {@link #release}. */
  private static void withStartDelay(ThrowingRunnable body) throws Exception {
    hold();
    try {
      body.run();
    } finally {
      emu.emu.setProvisioningDelay(Duration.ZERO);
    }
  }

  /** Clusters asked to start now stay PENDING or RESTARTING. */
  private static void hold() {
    emu.emu.setProvisioningDelay(Duration.ofHours(1));
  }

  /** Clusters starting are RUNNING at once. */
  private static void release() {
    emu.emu.setProvisioningDelay(Duration.ZERO);
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void clusterThatBreaksItsPolicy_isRefused_namingEachAttribute() {
    WorkspaceClient w = newWorkspace();
    String policyId = policy(w);
    assertThatThrownBy(
            () ->
                w.clusters()
                    .create(cluster(policyId, "m5d.large", 1).setAutoterminationMinutes(60L)))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining(
            "Validation failed for autotermination_minutes, the value must be 20");
    assertThatThrownBy(() -> w.clusters().create(cluster(policyId, "i3.xlarge", 1)))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("Validation failed for node_type_id");
    // m5d.xlarge with 4 workers is 3.45 DBU an hour, over the policy's 2.
    assertThatThrownBy(() -> w.clusters().create(cluster(policyId, "m5d.xlarge", 4)))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("Validation failed for dbus_per_hour");
    assertThatThrownBy(
            () ->
                w.clusters()
                    .create(cluster(policyId, "m5d.large", 1).setSparkVersion("17.0.x-scala2.13")))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("Validation failed for spark_version");
    assertThatThrownBy(
            () ->
                w.clusters().create(cluster(policyId, "m5d.large", 1).setInstancePoolId("pool-1")))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining(
            "Validation failed for instance_pool_id, the value must not be present");
    assertThatThrownBy(() -> w.clusters().create(cluster("no-such-policy", "m5d.large", 1)))
        .isInstanceOf(InvalidParameterValue.class);
    assertThat(
            TestEmulator.all(
                w.clusters().list(new com.databricks.sdk.service.compute.ListClustersRequest())))
        .isEmpty();
  }

  private static EditCluster edit(String id, String policyId, long workers) {
    return new EditCluster()
        .setClusterId(id)
        .setClusterName("shared")
        .setSparkVersion("16.4.x-scala2.12")
        .setNodeTypeId("m5d.large")
        .setNumWorkers(workers)
        .setPolicyId(policyId);
  }

  @Test
  void editOfARunningClusterRestartsIt_aTerminatedOneStaysTerminated_aPendingOneIsRefused()
      throws Exception {
    WorkspaceClient w = newWorkspace();
    String policyId = policy(w);
    withStartDelay(
        () -> {
          String id = createCluster(w, policyId, 1);
          assertThatThrownBy(() -> w.clusters().edit(edit(id, policyId, 2)))
              .isInstanceOf(InvalidState.class)
              .hasMessageContaining("unexpected state Pending");
          release();
          w.clusters().waitGetClusterRunning(id);
          hold();
          w.clusters().edit(edit(id, policyId, 2));
          assertThat(w.clusters().get(id).getState()).isEqualTo(State.RESTARTING);
          release();
          assertThat(w.clusters().waitGetClusterRunning(id).getNumWorkers()).isEqualTo(2L);
          w.clusters().delete(id).get(Duration.ofSeconds(10));
          w.clusters().edit(edit(id, policyId, 3));
          var after = w.clusters().get(id);
          assertThat(after.getState()).isEqualTo(State.TERMINATED);
          assertThat(after.getNumWorkers()).isEqualTo(3L);
          w.clusters().permanentDelete(id);
          assertThatThrownBy(() -> w.clusters().get(id)).isInstanceOf(ResourceDoesNotExist.class);
        });
  }

  @Test
  void permissions_putReplaces_patchAdds_adminsKeepManage_principalsMustBeInTheWorkspace() {
    WorkspaceClient w = newWorkspace();
    String policyId = policy(w);
    String cluster = createCluster(w, policyId, 1);
    Group group = a.groups().create(new Group().setDisplayName(TestEmulator.unique("analysts")));
    AccessControlRequest attach =
        new AccessControlRequest()
            .setGroupName(group.getDisplayName())
            .setPermissionLevel(PermissionLevel.CAN_ATTACH_TO);
    SetObjectPermissions put =
        new SetObjectPermissions()
            .setRequestObjectType("clusters")
            .setRequestObjectId(cluster)
            .setAccessControlList(List.of(attach));
    assertThatThrownBy(() -> w.permissions().set(put))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("GroupName(" + group.getDisplayName() + ") does not exist");
    a.workspaceAssignment()
        .update(
            new UpdateWorkspaceAssignments()
                .setWorkspaceId(ws.getWorkspaceId())
                .setPrincipalId(Long.parseLong(group.getId()))
                .setPermissions(List.of(WorkspacePermission.USER)));
    w.permissions().set(put);
    w.permissions()
        .update(
            new UpdateObjectPermissions()
                .setRequestObjectType("clusters")
                .setRequestObjectId(cluster)
                .setAccessControlList(
                    List.of(
                        new AccessControlRequest()
                            .setGroupName("users")
                            .setPermissionLevel(PermissionLevel.CAN_RESTART))));
    assertThat(levels(w, "clusters", cluster))
        .containsEntry(group.getDisplayName(), "CAN_ATTACH_TO")
        .containsEntry("users", "CAN_RESTART")
        .containsEntry("admins", "CAN_MANAGE (inherited)");
    w.permissions().set(put.setAccessControlList(List.of()));
    assertThat(levels(w, "clusters", cluster)).containsOnlyKeys("admins");
    assertThatThrownBy(
            () ->
                w.permissions()
                    .set(
                        put.setAccessControlList(
                            List.of(
                                new AccessControlRequest()
                                    .setGroupName("admins")
                                    .setPermissionLevel(PermissionLevel.CAN_RESTART)))))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("Cannot change permissions for group 'admins'");
    assertThatThrownBy(
            () ->
                w.permissions()
                    .set(
                        put.setAccessControlList(
                            List.of(attach.setPermissionLevel(PermissionLevel.CAN_USE)))))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("CAN_USE is not supported for clusters");
    w.permissions()
        .set(
            new SetObjectPermissions()
                .setRequestObjectType("cluster-policies")
                .setRequestObjectId(policyId)
                .setAccessControlList(List.of(attach.setPermissionLevel(PermissionLevel.CAN_USE))));
    assertThat(levels(w, "cluster-policies", policyId))
        .containsExactly(Map.entry(group.getDisplayName(), "CAN_USE"));
  }

  private static Map<String, String> levels(WorkspaceClient w, String type, String id) {
    Map<String, String> out = new java.util.TreeMap<>();
    for (AccessControlResponse r : w.permissions().get(type, id).getAccessControlList()) {
      String who = r.getGroupName() != null ? r.getGroupName() : r.getUserName();
      var p = r.getAllPermissions().iterator().next();
      out.put(
          who,
          p.getPermissionLevel().name()
              + (Boolean.TRUE.equals(p.getInherited()) ? " (inherited)" : ""));
    }
    return out;
  }
}
