package dev.deployer.core.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One change to a stack's state, as the journal records it: a resource entry put (added or
 * replaced), an entry removed, or the stack outputs set. {@code serial} is the state's serial once
 * the change is made; changes apply in serial order, one serial each.
 *
 * @param put the entry added or replaced, or null
 * @param removed the address of the entry removed, or null
 * @param outputs the new stack outputs, or null
 */
public record StateChange(
    String lineage, long serial, ResourceState put, String removed, Map<String, Object> outputs) {

  public StateChange {
    Objects.requireNonNull(lineage, "lineage");
    int kinds = (put != null ? 1 : 0) + (removed != null ? 1 : 0) + (outputs != null ? 1 : 0);
    if (kinds != 1) {
      throw new IllegalArgumentException("a state change is exactly one of put, removed, outputs");
    }
  }

  public static StateChange put(String lineage, long serial, ResourceState entry) {
    return new StateChange(lineage, serial, entry, null, null);
  }

  public static StateChange remove(String lineage, long serial, String address) {
    return new StateChange(lineage, serial, null, address, null);
  }

  public static StateChange outputs(String lineage, long serial, Map<String, Object> outputs) {
    return new StateChange(lineage, serial, null, null, Map.copyOf(outputs));
  }

  /**
   * {@code base} with {@code changes} applied in order, skipping those at or below its serial
   * (already in it). Linear in the state and the changes: one map, one new state.
   *
   * @throws StateException if a change belongs to another lineage or a serial is missing
   */
  public static StackState replay(StackState base, Collection<StateChange> changes) {
    Map<String, ResourceState> byAddress = new LinkedHashMap<>();
    base.resources().forEach(r -> byAddress.put(r.address(), r));
    Map<String, Object> outputs = base.outputs();
    long serial = base.serial();
    for (StateChange c : changes) {
      if (c.serial() <= serial) {
        continue;
      }
      if (!c.lineage().equals(base.lineage())) {
        throw new StateException(
            "journal record of lineage " + c.lineage() + " on state of lineage " + base.lineage());
      }
      if (c.serial() != serial + 1) {
        throw new StateException(
            "journal skips from serial " + serial + " to " + c.serial() + "; records are missing");
      }
      if (c.put() != null) {
        byAddress.put(c.put().address(), c.put());
      } else if (c.removed() != null) {
        byAddress.remove(c.removed());
      } else {
        outputs = c.outputs();
      }
      serial = c.serial();
    }
    return new StackState(base.version(), serial, base.lineage(), base.stack(), List.of(), outputs)
        .withResources(new ArrayList<>(byAddress.values()));
  }

  /** The changes as a list, for callers holding one. */
  public static List<StateChange> of(StateChange... changes) {
    return List.of(changes);
  }
}
