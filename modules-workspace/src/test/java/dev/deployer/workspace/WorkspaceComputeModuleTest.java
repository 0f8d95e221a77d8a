package dev.deployer.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.workspace.permissions.AclSpec;
import dev.deployer.workspace.policy.ClusterPolicies;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class WorkspaceComputeModuleTest {
  private static Map<String, JsonNode> rules(String team) {
    Map<String, JsonNode> out = new TreeMap<>();
    ClusterPolicies.definition(team, Map.of())
        .fields()
        .forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  @Test
  void theClusterTakesWhatThePolicyFixes_autoterminationAndTags() {
    assertThat(WorkspaceComputeModule.fixedAutotermination(rules("data"))).isEqualTo(20L);
    assertThat(WorkspaceComputeModule.fixedTags(rules("data")))
        .containsExactly(Map.entry("Team", "data"));
    assertThat(WorkspaceComputeModule.fixedAutotermination(Map.of())).isNull();
  }

  @Test
  void aclEntries_areKeptInOneOrder_soTheirOrderIsNoDrift() {
    var a = new AclSpec.Entry("group", "b", "CAN_USE");
    var b = new AclSpec.Entry("group", "a", "CAN_USE");
    var one = new AclSpec("d", "1", "cluster-policies", "p", List.of(a, b));
    var two = new AclSpec("d", "1", "cluster-policies", "p", List.of(b, a));
    assertThat(one).isEqualTo(two);
  }
}
