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

  /** Adds or replaces the entry for the resource's address, keeping the order. */
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
    return new StackState(version, serial, lineage, stack, list, outputs);
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
