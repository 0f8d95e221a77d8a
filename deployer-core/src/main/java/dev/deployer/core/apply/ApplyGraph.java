package dev.deployer.core.apply;

import dev.deployer.core.plan.Action;
import dev.deployer.core.plan.Plan;
import dev.deployer.core.plan.ResourceChange;
import dev.deployer.core.state.ResourceState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operations a plan turns into and the order between them, computed from the plan alone (no
 * call, no state write), as Terraform's graph transforms are: creates and updates follow the
 * config's references; deletes follow the recorded dependencies reversed; a replacement's delete
 * and create are ordered by its kind. Linear in operations and edges.
 */
public final class ApplyGraph {
  /** What one step does to one resource. */
  public enum Kind {
    CREATE("Creating", "Creation"),
    UPDATE("Modifying", "Modifications"),
    IMPORT("Importing", "Import"),
    DELETE("Destroying", "Destruction");

    final String verb;
    final String noun;

    Kind(String verb, String noun) {
      this.verb = verb;
      this.noun = noun;
    }
  }

  /** One operation; {@code dependents} start once it and their other prerequisites finished. */
  public static final class Step {
    final ResourceChange change;
    final Kind kind;
    final Set<Step> dependents = new LinkedHashSet<>();
    int waitingFor;
    boolean skipped;

    /**
     * For the delete of a delete-then-create: it runs after the writes of everything the new
     * object's spec refers to, so the spec can be checked again with the values known then.
     */
    boolean recheckable;

    /**
     * The resources such a delete refers to that are themselves deleted-then-created after it (the
     * credentials that use a replaced role): it can be checked again only through them, by
     * repeating their own check ahead of their step (they keep their values exactly when that check
     * finds nothing to change).
     */
    List<String> recheckedThrough = List.of();

    Step(ResourceChange change, Kind kind) {
      this.change = change;
      this.kind = kind;
    }

    @Override
    public String toString() {
      return kind + " " + change.address();
    }
  }

  private final List<Step> steps;

  private ApplyGraph(List<Step> steps) {
    this.steps = steps;
  }

  public List<Step> steps() {
    return steps;
  }

  /**
   * The steps that can never start because they wait on each other in a cycle (a replacement that
   * must be created first next to one that must be deleted first, along one chain of references),
   * as "Creating x" / "Destroying y"; empty when every step can run. Kahn's algorithm, linear.
   */
  public List<String> unorderable() {
    Map<Step, Integer> waiting = new HashMap<>();
    Deque<Step> ready = new ArrayDeque<>();
    for (Step s : steps) {
      waiting.put(s, s.waitingFor);
      if (s.waitingFor == 0) {
        ready.add(s);
      }
    }
    int done = 0;
    while (!ready.isEmpty()) {
      Step s = ready.poll();
      done++;
      for (Step d : s.dependents) {
        if (waiting.merge(d, -1, Integer::sum) == 0) {
          ready.add(d);
        }
      }
    }
    if (done == steps.size()) {
      return List.of();
    }
    List<String> stuck = new ArrayList<>();
    for (Step s : steps) {
      if (waiting.get(s) > 0) {
        stuck.add(s.kind.verb + " " + s.change.address());
      }
    }
    return stuck;
  }

  /** The address a create-before-destroy replacement keeps the old object under until deleted. */
  static String deposed(String address) {
    return address + " (deposed)";
  }

  public static ApplyGraph of(Plan plan) {
    Map<String, Step> writes = new LinkedHashMap<>(); // create or update, by address
    Map<String, Step> deletes = new LinkedHashMap<>();
    for (ResourceChange c : plan.changes()) {
      switch (c.action()) {
        case NO_OP -> {}
        case CREATE -> writes.put(c.address(), new Step(c, Kind.CREATE));
        case UPDATE -> writes.put(c.address(), new Step(c, Kind.UPDATE));
        // Recorded from the plan's refreshed state before any step; the step updates what
        // differs.
        case IMPORT -> writes.put(c.address(), new Step(c, Kind.IMPORT));
        case DELETE -> deletes.put(c.address(), new Step(c, Kind.DELETE));
        case DELETE_THEN_CREATE, CREATE_THEN_DELETE -> {
          writes.put(c.address(), new Step(c, Kind.CREATE));
          deletes.put(c.address(), new Step(c, Kind.DELETE));
        }
      }
    }
    List<Step> all = new ArrayList<>(writes.values());
    all.addAll(deletes.values());
    // Who uses each recorded address, once: scanning the state per delete was quadratic.
    Map<String, List<String>> usersOf = new HashMap<>();
    for (ResourceState r : plan.refreshed().resources()) {
      for (String dep : new LinkedHashSet<>(r.dependencies())) {
        usersOf.computeIfAbsent(dep, k -> new ArrayList<>()).add(r.address());
      }
    }
    // A create or update waits for the creates and updates of what its config refers to.
    for (Step w : writes.values()) {
      for (String dep : w.change.dependencies()) {
        edge(writes.get(dep), w);
      }
    }
    for (Step w : writes.values()) {
      if (w.change.action() == Action.CREATE_THEN_DELETE) {
        // An object deposed by an interrupted run must be gone before this one takes its place.
        edge(deletes.get(deposed(w.change.address())), w);
      }
    }
    for (Step d : deletes.values()) {
      String x = d.change.address();
      // Destroy edges are the create edges reversed: a thing goes after whatever used it.
      for (String y : usersOf.getOrDefault(x, List.of())) {
        if (!y.equals(x)) {
          edge(deletes.get(y), d);
          if (d.change.action() != Action.DELETE_THEN_CREATE && writes.get(y) != null) {
            // y stops using x (or, create-before-destroy, moves to the new x) before x goes.
            edge(writes.get(y), d);
          }
        }
      }
      Step w = writes.get(x);
      if (w != null) {
        if (d.change.action() == Action.DELETE_THEN_CREATE) {
          edge(d, w);
        } else {
          edge(w, d);
        }
      }
    }
    for (Step d : deletes.values()) {
      if (d.change.action() == Action.DELETE_THEN_CREATE) {
        d.recheckable = waitForInputs(d, writes);
      }
    }
    for (Step d : deletes.values()) {
      if (d.change.action() == Action.DELETE_THEN_CREATE && !d.recheckable) {
        d.recheckable = waitThroughReplaced(d, writes, deletes);
      }
    }
    return new ApplyGraph(all);
  }

  /**
   * Makes the delete of a delete-then-create wait for the writes its new spec refers to, where that
   * adds no cycle (it would when a referenced resource is itself replaced after this delete).
   * Returns whether every such write now comes first.
   */
  private static boolean waitForInputs(Step delete, Map<String, Step> writes) {
    boolean all = true;
    for (String dep : delete.change.dependencies()) {
      Step w = writes.get(dep);
      if (w == null) {
        continue; // unchanged: its values are known already
      }
      if (reaches(delete, w)) {
        all = false;
      } else {
        edge(w, delete);
      }
    }
    return all;
  }

  /**
   * For a delete-then-create that could not wait for some write it refers to: when each such write
   * belongs to a delete-then-create whose own delete is re-checked, makes this delete wait for the
   * writes that one's spec refers to instead, so that its check can be repeated here with the same
   * values. Returns whether that covers every such write.
   */
  private static boolean waitThroughReplaced(
      Step delete, Map<String, Step> writes, Map<String, Step> deletes) {
    List<String> through = new ArrayList<>();
    for (String dep : delete.change.dependencies()) {
      Step w = writes.get(dep);
      if (w == null || !reaches(delete, w)) {
        continue; // unchanged, or already ordered first
      }
      Step depDelete = deletes.get(dep);
      if (w.change.action() != Action.DELETE_THEN_CREATE
          || depDelete == null
          || !depDelete.recheckable) {
        return false;
      }
      for (String input : w.change.dependencies()) {
        Step wi = writes.get(input);
        if (wi != null) {
          if (reaches(delete, wi)) {
            return false;
          }
          edge(wi, delete);
        }
      }
      through.add(dep);
    }
    delete.recheckedThrough = List.copyOf(through);
    return true;
  }

  private static boolean reaches(Step from, Step to) {
    Deque<Step> todo = new ArrayDeque<>(from.dependents);
    Set<Step> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      Step s = todo.poll();
      if (s == to) {
        return true;
      }
      if (seen.add(s)) {
        todo.addAll(s.dependents);
      }
    }
    return false;
  }

  private static void edge(Step first, Step then) {
    if (first != null && then != null && first != then && first.dependents.add(then)) {
      then.waitingFor++;
    }
  }
}
