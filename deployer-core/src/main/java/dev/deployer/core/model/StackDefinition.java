package dev.deployer.core.model;

import dev.deployer.core.graph.Graph;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The desired stack: resources, their spec functions and the stack outputs. The dependency graph is
 * derived by evaluating each spec function with a recording resolver, so the edges are exactly the
 * references the specs use.
 */
public final class StackDefinition {
  private final String stack;
  private final Map<String, String> defaultTags;
  private final Map<String, ResourceDecl<?>> resources;
  private final Map<String, Object> outputs;
  private final Graph graph;

  StackDefinition(
      String stack,
      Map<String, String> defaultTags,
      Map<String, ResourceDecl<?>> resources,
      Map<String, Object> outputs) {
    this.stack = stack;
    this.defaultTags = Map.copyOf(defaultTags);
    this.resources = Collections.unmodifiableMap(new LinkedHashMap<>(resources));
    this.outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    Map<String, Set<String>> edges = new LinkedHashMap<>();
    for (ResourceDecl<?> decl : resources.values()) {
      Set<String> deps = new LinkedHashSet<>();
      evaluate(
          decl,
          ref -> {
            deps.add(ref.address());
            return Unknown.of(ref);
          },
          deps);
      for (String dep : deps) {
        if (!resources.containsKey(dep)) {
          throw new IllegalArgumentException(
              decl.address() + " refers to undeclared resource " + dep);
        }
      }
      edges.put(decl.address(), deps);
    }
    for (Object out : outputs.values()) {
      if (out instanceof Ref ref && !resources.containsKey(ref.address())) {
        throw new IllegalArgumentException("output refers to undeclared resource " + ref.address());
      }
    }
    this.graph = Graph.of(edges); // rejects cycles
  }

  public String stack() {
    return stack;
  }

  public Map<String, ResourceDecl<?>> resources() {
    return resources;
  }

  public Map<String, Object> outputs() {
    return outputs;
  }

  public Graph graph() {
    return graph;
  }

  public Map<String, String> tagsFor(String address) {
    Map<String, String> tags = new LinkedHashMap<>(defaultTags);
    tags.put("deployer:stack", stack);
    tags.put("deployer:address", address);
    return Collections.unmodifiableMap(tags);
  }

  /**
   * Computes a resource's spec with the given lookup for references. Ordering-only dependencies are
   * added to {@code afterSink} when it is not null.
   */
  public <S> S evaluate(ResourceDecl<S> decl, Function<Ref, String> lookup, Set<String> afterSink) {
    Map<String, String> tags = tagsFor(decl.address());
    return decl.specFunction()
        .apply(
            new Resolver() {
              @Override
              public String get(Ref ref) {
                return lookup.apply(ref);
              }

              @Override
              public void after(Resource<?> other) {
                if (afterSink != null) {
                  afterSink.add(other.address());
                }
              }

              @Override
              public Map<String, String> tags() {
                return tags;
              }
            });
  }

  public List<String> addresses() {
    return List.copyOf(resources.keySet());
  }
}
