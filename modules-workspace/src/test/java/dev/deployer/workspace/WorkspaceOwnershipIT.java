package dev.deployer.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.CreateCluster;
import com.databricks.sdk.service.compute.CreatePolicy;
import com.databricks.sdk.service.compute.ListClusterPoliciesRequest;
import com.databricks.sdk.service.compute.ListClustersRequest;
import com.databricks.sdk.service.compute.Policy;
import com.databricks.sdk.service.settings.CreateIpAccessList;
import com.databricks.sdk.service.settings.IpAccessListInfo;
import com.databricks.sdk.service.settings.ListType;
import dev.deployer.core.apply.ApplyResult;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.workspace.policy.ClusterPolicies;
import dev.deployer.workspace.testing.EmulatedWorkspace;
import dev.deployer.workspace.testing.WorkspaceTestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Clusters, cluster policies and IP access lists are named but not uniquely, or not tagged:
 * deployer adopts one only when it carries the stack's ownership mark ({@link OwnerMark}), never
 * because someone else's object has the configured name. The counterpart of modules-cloud's
 * BucketOwnershipIT for workspace objects.
 */
class WorkspaceOwnershipIT extends EmulatedWorkspace {
  static final String POLICY = "workspace.cluster_policy";
  static final String CLUSTER = "workspace_compute.shared_cluster";
  static final String LIST = "workspace_security.ip_access_list[\"office\"]";
  static final String CLUSTER_NAME = "it shared";

  StackDefinition stack(boolean withPolicy, boolean withCompute) {
    WorkspaceTestSupport.Base base = t.stack();
    var b = base.builder();
    var dep = base.workspace().out("deployment_name");
    var ws = base.workspace().out("workspace_id");
    if (withPolicy && withCompute) {
      sharedClusterUnderDataPolicy(base, 1L, false, List.of(), List.of());
    } else if (withPolicy) {
      dataTeamPolicy(base);
    }
    WorkspaceSecurityModule.declare(
        b,
        "workspace_security",
        new WorkspaceSecurityModule.Inputs(
            dep,
            ws,
            base.assignment(),
            List.of(
                new WorkspaceSecurityModule.IpList(
                    "office", "ALLOW", List.of("127.0.0.1", "203.0.113.0/24"), null)),
            null,
            null,
            null,
            null));
    return b.build();
  }

  private static List<ClusterDetails> clusters(WorkspaceClient ws) {
    return StreamSupport.stream(ws.clusters().list(new ListClustersRequest()).spliterator(), false)
        .toList();
  }

  private static List<Policy> policies(WorkspaceClient ws) {
    return StreamSupport.stream(
            ws.clusterPolicies().list(new ListClusterPoliciesRequest()).spliterator(), false)
        .toList();
  }

  private static List<IpAccessListInfo> lists(WorkspaceClient ws) {
    return StreamSupport.stream(ws.ipAccessLists().list().spliterator(), false).toList();
  }

  /** The state file and its journal gone, as after a lost or replaced state. */
  private void loseTheState() throws IOException {
    Files.deleteIfExists(t.store.file());
    Files.deleteIfExists(t.store.journalFile());
    assertThat(t.store.read()).isEmpty();
  }

  @Test
  void othersClusterAndListOfTheConfiguredNames_areNeverAdopted_andSurviveTheDestroy() {
    WorkspaceClient ws = t.client();
    // Someone else's, made by hand: same cluster name (not unique in Databricks), same list label
    // (not unique either, provider issue #489), no ownership mark.
    String theirCluster =
        ws.clusters()
            .create(
                new CreateCluster()
                    .setClusterName(CLUSTER_NAME)
                    .setSparkVersion("16.4.x-scala2.12")
                    .setNodeTypeId("m5d.large")
                    .setNumWorkers(0L)
                    .setAutoterminationMinutes(30L)
                    .setCustomTags(Map.of("Team", "someone-else")))
            .getResponse()
            .getClusterId();
    String theirList =
        ws.ipAccessLists()
            .create(
                new CreateIpAccessList()
                    .setLabel("office")
                    .setListType(ListType.ALLOW)
                    .setIpAddresses(List.of("127.0.0.1")))
            .getIpAccessList()
            .getListId();

    StackDefinition def = stack(true, true);
    t.applyOk(def);
    t.assertNoChanges(def);

    // Ours were created beside theirs, and carry the mark.
    assertThat(clusters(ws)).hasSize(2);
    ClusterDetails ours =
        clusters(ws).stream()
            .filter(c -> !c.getClusterId().equals(theirCluster))
            .findFirst()
            .orElseThrow();
    assertThat(ours.getCustomTags())
        .containsEntry(OwnerMark.STACK_TAG, "dev")
        .containsEntry(OwnerMark.ADDRESS_TAG, CLUSTER);
    assertThat(lists(ws))
        .extracting(IpAccessListInfo::getLabel)
        .containsExactlyInAnyOrder("office", "office [deployer:dev]");
    assertThat(t.store.read().orElseThrow().byAddress().get(CLUSTER).id())
        .isEqualTo(ours.getClusterId());

    // Theirs untouched by the apply, and left by the destroy.
    assertThat(t.destroy(def).succeeded()).isTrue();
    assertThat(clusters(ws)).extracting(ClusterDetails::getClusterId).containsExactly(theirCluster);
    assertThat(clusters(ws).get(0).getCustomTags())
        .containsExactly(Map.entry("Team", "someone-else"));
    assertThat(lists(ws)).extracting(IpAccessListInfo::getListId).containsExactly(theirList);
    assertThat(lists(ws).get(0).getLabel()).isEqualTo("office");
  }

  @Test
  void othersPolicyOfTheConfiguredName_refusesTheCreate_namingIt_andIsLeftAsItIs() {
    WorkspaceClient ws = t.client();
    String theirs =
        ws.clusterPolicies()
            .create(
                new CreatePolicy()
                    .setName(ClusterPolicies.name("data"))
                    .setDefinition("{}")
                    .setDescription("made by hand"))
            .getPolicyId();

    ApplyResult result = t.apply(stack(true, false));
    assertThat(result.succeeded()).isFalse();
    assertThat(result.failures())
        .extracting(f -> f.address() + ": " + f.describe())
        .anyMatch(
            m ->
                m.startsWith(POLICY)
                    && m.contains("already exists")
                    && m.contains(theirs)
                    && m.contains("is not this stack's")
                    && m.contains("deployer import --env dev " + POLICY + " " + theirs));
    assertThat(policies(ws)).hasSize(1);
    Policy now = ws.clusterPolicies().get(theirs);
    assertThat(now.getDefinition()).isEqualTo("{}");
    assertThat(now.getDescription()).isEqualTo("made by hand");
    // The state keeps only the intent (no id): the policy was never taken for the stack's, and the
    // next run asks again and refuses again.
    var entry = t.store.read().orElseThrow().byAddress().get(POLICY);
    assertThat(entry.id()).isNull();
    assertThat(entry.status().name()).isEqualTo("PENDING_CREATE");
    ApplyResult again = t.apply(stack(true, false));
    assertThat(again.succeeded()).isFalse();
    assertThat(policies(ws)).extracting(Policy::getPolicyId).containsExactly(theirs);
  }

  @Test
  void afterTheStateIsLost_theStacksOwnMarkedObjectsAreAdopted_withoutASecondOfAny()
      throws IOException {
    WorkspaceClient ws = t.client();
    StackDefinition def = stack(true, true);
    t.applyOk(def);
    String cluster = clusters(ws).get(0).getClusterId();
    String policy = policies(ws).get(0).getPolicyId();
    String list = lists(ws).get(0).getListId();

    loseTheState();
    t.applyOk(def);
    t.assertNoChanges(def);

    assertThat(clusters(ws)).extracting(ClusterDetails::getClusterId).containsExactly(cluster);
    assertThat(policies(ws)).extracting(Policy::getPolicyId).containsExactly(policy);
    assertThat(lists(ws)).extracting(IpAccessListInfo::getListId).containsExactly(list);
    var state = t.store.read().orElseThrow().byAddress();
    assertThat(state.get(CLUSTER).id()).isEqualTo(cluster);
    assertThat(state.get(POLICY).id()).isEqualTo(policy);
    assertThat(state.get(LIST).id()).isEqualTo(list);
  }
}
