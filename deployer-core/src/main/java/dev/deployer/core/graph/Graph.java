package dev.deployer.core.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A directed acyclic graph of addresses; an edge a -> b means a depends on b. */
public final class Graph {
  private final Map<String, Set<String>> dependencies;

  private Graph(Map<String, Set<String>> dependencies) {
    this.dependencies = dependencies;
  }

  /** Builds the graph; throws {@link CycleException} naming the cycle if there is one. */
  public static Graph of(Map<String, ? extends Set<String>> edges) {
    Map<String, Set<String>> copy = new LinkedHashMap<>();
    edges.forEach((k, v) -> copy.put(k, Collections.unmodifiableSet(new LinkedHashSet<>(v))));
    for (Set<String> deps : edges.values()) {
      for (String d : deps) {
        copy.putIfAbsent(d, Set.of());
      }
    }
    Graph g = new Graph(Collections.unmodifiableMap(copy));
    g.topologicalOrder();
    return g;
  }

  public Set<String> nodes() {
    return dependencies.keySet();
  }

  public Set<String> dependenciesOf(String node) {
    return dependencies.getOrDefault(node, Set.of());
  }

  public Set<String> dependentsOf(String node) {
    Set<String> out = new LinkedHashSet<>();
    dependencies.forEach(
        (k, v) -> {
          if (v.contains(node)) {
            out.add(k);
          }
        });
    return out;
  }

  /** Dependencies first. Ties keep declaration order, so output is stable. */
  public List<String> topologicalOrder() {
    List<String> order = new ArrayList<>();
    Map<String, Integer> mark = new HashMap<>(); // 1 = on stack, 2 = done
    for (String start : dependencies.keySet()) {
      visit(start, mark, order, new ArrayDeque<>());
    }
    return order;
  }

  private void visit(
      String node, Map<String, Integer> mark, List<String> order, Deque<String> path) {
    Integer m = mark.get(node);
    if (m != null && m == 2) {
      return;
    }
    path.addLast(node);
    if (m != null && m == 1) {
      List<String> cycle = new ArrayList<>(path);
      throw new CycleException(cycle.subList(cycle.indexOf(node), cycle.size()));
    }
    mark.put(node, 1);
    for (String dep : dependenciesOf(node)) {
      visit(dep, mark, order, path);
    }
    mark.put(node, 2);
    path.removeLast();
    order.add(node);
  }

  /** Mermaid flowchart text. */
  public String toMermaid() {
    StringBuilder sb = new StringBuilder("flowchart TD\n");
    Map<String, String> ids = new HashMap<>();
    int i = 0;
    for (String n : topologicalOrder()) {
      String id = "n" + i++;
      ids.put(n, id);
      sb.append("  ").append(id).append("[\"").append(n.replace("\"", "#quot;")).append("\"]\n");
    }
    for (String n : topologicalOrder()) {
      for (String d : dependenciesOf(n)) {
        sb.append("  ").append(ids.get(d)).append(" --> ").append(ids.get(n)).append('\n');
      }
    }
    return sb.toString();
  }

  /** Graphviz DOT text; arrows point from a dependency to what needs it. */
  public String toDot() {
    StringBuilder sb = new StringBuilder("digraph deployer {\n  rankdir=LR;\n");
    for (String n : topologicalOrder()) {
      sb.append("  ").append(quote(n)).append(";\n");
    }
    for (String n : topologicalOrder()) {
      for (String d : dependenciesOf(n)) {
        sb.append("  ").append(quote(d)).append(" -> ").append(quote(n)).append(";\n");
      }
    }
    return sb.append("}\n").toString();
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
