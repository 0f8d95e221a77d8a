package dev.deployer.core.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GraphTest {
  /** subnet -> vpc, instance -> subnet, instance -> role, bucket alone. */
  private static Graph sample() {
    Map<String, Set<String>> edges = new LinkedHashMap<>();
    edges.put("compute.instance", Set.of("net.subnet", "iam.role"));
    edges.put("net.subnet", Set.of("net.vpc"));
    edges.put("net.vpc", Set.of());
    edges.put("storage.bucket", Set.of());
    return Graph.of(edges);
  }

  @Test
  void topologicalOrder_putsDependenciesFirst() {
    List<String> order = sample().topologicalOrder();

    assertThat(order)
        .containsExactlyInAnyOrder(
            "compute.instance", "net.subnet", "net.vpc", "iam.role", "storage.bucket");
    assertThat(order.indexOf("net.vpc")).isLessThan(order.indexOf("net.subnet"));
    assertThat(order.indexOf("net.subnet")).isLessThan(order.indexOf("compute.instance"));
    assertThat(order.indexOf("iam.role")).isLessThan(order.indexOf("compute.instance"));
  }

  @Test
  void topologicalOrder_isStableAcrossCalls() {
    assertThat(sample().topologicalOrder()).isEqualTo(sample().topologicalOrder());
  }

  @Test
  void dependentsOf_andDependenciesOf_areDirectOnly() {
    Graph g = sample();

    assertThat(g.dependentsOf("net.vpc")).containsExactly("net.subnet");
    assertThat(g.dependentsOf("net.subnet")).containsExactly("compute.instance");
    assertThat(g.dependentsOf("compute.instance")).isEmpty();
    assertThat(g.dependenciesOf("compute.instance"))
        .containsExactlyInAnyOrder("net.subnet", "iam.role");
    assertThat(g.dependenciesOf("iam.role")).isEmpty();
    assertThat(g.nodes()).contains("iam.role");
  }

  @Test
  void of_whenCycle_throwsNamingTheCycle() {
    Map<String, Set<String>> edges = new LinkedHashMap<>();
    edges.put("a.x", Set.of("a.y"));
    edges.put("a.y", Set.of("a.z"));
    edges.put("a.z", Set.of("a.x"));

    assertThatThrownBy(() -> Graph.of(edges))
        .isInstanceOfSatisfying(
            CycleException.class,
            e -> {
              assertThat(e.cycle()).containsExactly("a.x", "a.y", "a.z", "a.x");
              assertThat(e.getMessage()).startsWith("Dependency cycle: a.x -> a.y -> a.z -> a.x.");
            });
  }

  @Test
  void of_whenSelfReference_isACycle() {
    assertThatThrownBy(() -> Graph.of(Map.of("a.x", Set.of("a.x"))))
        .isInstanceOf(CycleException.class)
        .hasMessageContaining("a.x -> a.x");
  }

  @Test
  void toDot_drawsAnArrowFromEachDependencyToItsUser() {
    String dot = sample().toDot();

    assertThat(dot).startsWith("digraph deployer {").endsWith("}\n");
    assertThat(dot)
        .contains("\"net.vpc\" -> \"net.subnet\";")
        .contains("\"net.subnet\" -> \"compute.instance\";")
        .contains("\"iam.role\" -> \"compute.instance\";")
        .contains("\"storage.bucket\";");
  }

  @Test
  void toDot_escapesQuotesInAddresses() {
    String dot = Graph.of(Map.of("net.subnet[\"a\"]", Set.of())).toDot();

    assertThat(dot).contains("\"net.subnet[\\\"a\\\"]\";");
  }

  @Test
  void toMermaid_declaresNodesAndEdges() {
    String mermaid = sample().toMermaid();
    List<String> order = sample().topologicalOrder();
    String vpc = "n" + order.indexOf("net.vpc");
    String subnet = "n" + order.indexOf("net.subnet");

    assertThat(mermaid).startsWith("flowchart TD\n");
    assertThat(mermaid).contains(vpc + "[\"net.vpc\"]").contains(vpc + " --> " + subnet);
    assertThat(mermaid.lines().filter(l -> l.contains("-->"))).hasSize(3);
  }
}
