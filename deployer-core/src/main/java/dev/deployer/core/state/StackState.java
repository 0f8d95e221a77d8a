package dev.deployer.core.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** The JSON state of one stack. Immutable: every change makes a new value. */
public record StackState(
    int version,
    long serial,
    String lineage,
    String stack,
    List<ResourceState> resources,
    Map<String, Object> outputs) {

  public static final int FORMAT_VERSION = 1;

  public StackState {
    Objects.requireNonNull(lineage, "lineage");
    Objects.requireNonNull(stack, "stack");
    resources = resources == null ? List.of() : List.copyOf(resources);
    outputs = outputs == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(outputs));
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (ResourceState r : resources) {
      if (!seen.add(r.address())) {
        throw new IllegalArgumentException("state holds " + r.address() + " twice");
      }
    }
  }

  public static StackState empty(String stack) {
    return new StackState(
        FORMAT_VERSION, 0, UUID.randomUUID().toString(), stack, List.of(), Map.of());
  }

  public Optional<ResourceState> find(String address) {
    return resources.stream().filter(r -> r.address().equals(address)).findFirst();
  }

  /**
   * Adds or replaces the entry for the resource's address, keeping the order except that recorded
   * dependencies always come before their dependents (a replaced resource is appended again while
   * what uses it is already recorded).
   */
  public StackState with(ResourceState resource) {
    List<ResourceState> list = new ArrayList<>(resources);
    boolean replaced = false;
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).address().equals(resource.address())) {
        list.set(i, resource);
        replaced = true;
      }
    }
    if (!replaced) {
      list.add(resource);
    }
    return withResources(list);
  }

  /**
   * This state with {@code entries} in place of its resources, put in the order {@link #with}
   * keeps: dependencies first.
   */
  public StackState withResources(List<ResourceState> entries) {
    return new StackState(version, serial, lineage, stack, dependenciesFirst(entries), outputs);
  }

  /** The entries by address, built once for callers that look many up. */
  public Map<String, ResourceState> byAddress() {
    Map<String, ResourceState> index = new java.util.HashMap<>(resources.size() * 2);
    resources.forEach(r -> index.put(r.address(), r));
    return index;
  }

  /**
   * The entries with each recorded dependency before its user (the order {@link #with} keeps),
   * whatever order this state holds them in; a cycle in recorded state keeps the given order.
   */
  public List<ResourceState> dependenciesFirst() {
    return dependenciesFirst(resources);
  }

  /** A stable topological order: the given order, moving each dependency up before its user. */
  private static List<ResourceState> dependenciesFirst(List<ResourceState> list) {
    Map<String, ResourceState> byAddress = new java.util.LinkedHashMap<>();
    list.forEach(r -> byAddress.put(r.address(), r));
    List<ResourceState> out = new ArrayList<>(list.size());
    java.util.Set<String> done = new java.util.HashSet<>();
    for (ResourceState r : list) {
      place(r, byAddress, done, new java.util.HashSet<>(), out);
    }
    return out;
  }

  private static void place(
      ResourceState r,
      Map<String, ResourceState> byAddress,
      java.util.Set<String> done,
      java.util.Set<String> onPath,
      List<ResourceState> out) {
    if (done.contains(r.address()) || !onPath.add(r.address())) {
      return; // placed already, or a cycle in recorded state: keep the given order
    }
    for (String dep : r.dependencies()) {
      ResourceState d = byAddress.get(dep);
      if (d != null) {
        place(d, byAddress, done, onPath, out);
      }
    }
    done.add(r.address());
    out.add(r);
  }

  public StackState without(String address) {
    List<ResourceState> list = new ArrayList<>(resources);
    list.removeIf(r -> r.address().equals(address));
    return new StackState(version, serial, lineage, stack, list, outputs);
  }

  public StackState withOutputs(Map<String, Object> newOutputs) {
    return new StackState(version, serial, lineage, stack, resources, newOutputs);
  }

  public StackState withSerial(long newSerial) {
    return new StackState(version, newSerial, lineage, stack, resources, outputs);
  }
}
