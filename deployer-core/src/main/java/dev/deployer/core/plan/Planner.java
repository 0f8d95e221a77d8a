package dev.deployer.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.core.Catalogue;
import dev.deployer.core.DeployerException;
import dev.deployer.core.diff.Diff;
import dev.deployer.core.diff.FieldChange;
import dev.deployer.core.json.Json;
import dev.deployer.core.model.Ref;
import dev.deployer.core.model.ResourceDecl;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.model.Unknown;
import dev.deployer.core.spi.ResourceHandler;
import dev.deployer.core.state.ResourceState;
import dev.deployer.core.state.StackState;
import dev.deployer.core.state.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Decides, per resource, what apply will do. Pure: no API calls (refresh happened before). */
public final class Planner {
  private final Catalogue registry;
  private final List<String> refused = new ArrayList<>();
  // Per address planned for an in-place update, the outputs that update gives new values.
  private final Map<String, Set<String>> changing = new HashMap<>();

  public Planner(Catalogue registry) {
    this.registry = registry;
  }

  public Plan plan(
      StackDefinition def,
      StackState refreshed,
      long baseSerial,
      Map<String, String> drift,
      boolean destroy) {
    return plan(def, refreshed, baseSerial, drift, destroy, Map.of());
  }

  /**
   * As above; {@code imported} names the entries of {@code refreshed} that plan-time lookups found
   * (not recorded by this stack), with why: they are planned as imports.
   */
  public Plan plan(
      StackDefinition def,
      StackState refreshed,
      long baseSerial,
      Map<String, String> drift,
      boolean destroy,
      Map<String, String> imported) {
    Map<String, ResourceChange> changes = new LinkedHashMap<>();
    refused.clear();
    changing.clear();
    // One index for every lookup: a scan per lookup made planning quadratic in the stack.
    Map<String, ResourceState> index = refreshed.byAddress();
    if (!destroy) {
      for (String address : def.graph().topologicalOrder()) {
        changes.put(
            address,
            planDesired(def, def.resources().get(address), index, changes, drift, imported));
      }
    }
    for (String address : deleteOrder(refreshed)) {
      if (changes.containsKey(address)) {
        continue;
      }
      ResourceState r = index.get(address);
      changes.put(
          address,
          new ResourceChange(
              address,
              r.type(),
              Action.DELETE,
              r.id(),
              r.inputs(),
              null,
              List.of(),
              List.of(),
              r.dependencies(),
              destroy ? null : reasonRemoved(drift.get(address)),
              null));
    }
    if (!refused.isEmpty()) {
      throw new dev.deployer.core.DeployerException(
          "This plan is refused: "
              + (refused.size() == 1 ? "a change" : refused.size() + " changes")
              + " cannot be carried out safely, and nothing was changed:\n  "
              + String.join("\n  ", refused));
    }
    List<ResourceChange> ordered = new ArrayList<>(changes.values());
    return new Plan(
        Plan.FORMAT_VERSION,
        def.stack(),
        destroy,
        baseSerial,
        refreshed.lineage(),
        ordered,
        refreshed,
        drift);
  }

  private static String reasonRemoved(String drift) {
    return drift == null
        ? "no longer in the configuration"
        : drift + "; no longer in the configuration";
  }

  private <S> ResourceChange planDesired(
      StackDefinition def,
      ResourceDecl<S> decl,
      Map<String, ResourceState> refreshed,
      Map<String, ResourceChange> planned,
      Map<String, String> drift,
      Map<String, String> imported) {
    ResourceHandler<S> handler = registry.handler(decl.type());
    Set<String> deps = def.graph().dependenciesOf(decl.address());
    S desired =
        def.evaluate(
            decl,
            ref ->
                changing.getOrDefault(ref.address(), Set.of()).contains(ref.key())
                    ? Unknown.of(ref)
                    : knownValue(ref, refreshed, planned),
            null);
    JsonNode after = Json.tree(desired);
    Optional<ResourceState> prior = Optional.ofNullable(refreshed.get(decl.address()));
    if (prior.isEmpty()) {
      return change(decl, handler, Action.CREATE, null, after, List.of(), List.of(), deps, null);
    }
    ResourceState p = prior.get();
    String reason = drift.get(decl.address());
    if (!p.type().equals(handler.type().name())) {
      return change(
          decl,
          handler,
          Action.DELETE_THEN_CREATE,
          p,
          after,
          List.of(),
          List.of("type"),
          deps,
          "type changed from " + p.type());
    }
    // Identical JSON is no difference under any diff (handlers only relax equality): skip the
    // conversion and comparison that dominate a no-op plan.
    S priorSpec =
        p.inputs().equals(after) ? null : Json.convert(p.inputs(), handler.type().specClass());
    Diff diff = priorSpec == null ? Diff.NONE : handler.diff(priorSpec, desired);
    Action action =
        ActionChooser.choose(true, p.status(), true, diff, handler.createBeforeDestroy());
    // An unfinished create exists and works like a ready object: the same changes are refused.
    boolean standing = p.status() == Status.READY || p.status() == Status.PENDING_CREATE;
    if (action.isReplace() && standing && priorSpec != null) {
      handler
          .refuseReplacement(priorSpec, desired)
          .ifPresent(why -> refused.add(decl.address() + ": " + why));
    }
    if (action == Action.UPDATE && standing && priorSpec != null) {
      handler
          .refuseUpdate(priorSpec, desired)
          .ifPresent(why -> refused.add(decl.address() + ": " + why));
    }
    if (imported.containsKey(decl.address())) {
      if (action.isReplace()) {
        throw new DeployerException(
            decl.address()
                + " would take over the existing "
                + handler.type().name()
                + " "
                + p.id()
                + " ("
                + imported.get(decl.address())
                + "), but it differs from the configuration in "
                + String.join(", ", diff.replaceFields())
                + ", which cannot change in place: adopting it would replace (delete) it."
                + " Nothing was changed; align the configuration with it.");
      }
      return change(
          decl,
          handler,
          Action.IMPORT,
          p,
          after,
          diff.changes(),
          diff.replaceFields(),
          deps,
          imported.get(decl.address()));
    }
    // No prior spec means identical inputs (an unfinished create planned only to be waited for):
    // nothing changes, so nothing is renamed.
    if (action == Action.UPDATE && priorSpec != null) {
      Set<String> renamed = handler.changedByUpdate(priorSpec, desired);
      if (!renamed.isEmpty()) {
        changing.put(decl.address(), renamed);
      }
    }
    if (p.status() == Status.TAINTED) {
      reason = reason != null ? reason : "tainted by a failed operation";
    } else if (p.status() == Status.PENDING_DELETE) {
      reason = "an interrupted run was deleting it";
    } else if (p.status() == Status.PENDING_CREATE && action == Action.UPDATE) {
      reason =
          (reason != null ? reason + "; " : "")
              + "its create did not finish: apply waits until it is ready";
    }
    return change(
        decl, handler, action, p, after, diff.changes(), diff.replaceFields(), deps, reason);
  }

  /** The change of a declared resource from its recorded state ({@code prior}, null if none). */
  private static ResourceChange change(
      ResourceDecl<?> decl,
      ResourceHandler<?> handler,
      Action action,
      ResourceState prior,
      JsonNode after,
      List<FieldChange> changes,
      List<String> replaceFields,
      Set<String> deps,
      String reason) {
    return new ResourceChange(
        decl.address(),
        handler.type().name(),
        action,
        prior == null ? null : prior.id(),
        prior == null ? null : prior.inputs(),
        after,
        changes,
        replaceFields,
        List.copyOf(deps),
        reason,
        null);
  }

  /** The value behind a reference if it will not change during apply; else a marker. */
  static String knownValue(
      Ref ref, Map<String, ResourceState> state, Map<String, ResourceChange> planned) {
    ResourceChange dep = planned.get(ref.address());
    if (dep != null
        && (dep.action() == Action.NO_OP
            || dep.action() == Action.UPDATE
            || dep.action() == Action.IMPORT)) {
      Optional<String> v = valueOf(ref, a -> Optional.ofNullable(state.get(a)));
      if (v.isPresent()) {
        return v.get();
      }
    }
    return Unknown.of(ref);
  }

  /** The recorded value behind a reference, when the state has it. */
  public static Optional<String> valueOf(Ref ref, StackState state) {
    return valueOf(ref, state::find);
  }

  /** The recorded value behind a reference, looking entries up with {@code find}. */
  public static Optional<String> valueOf(
      Ref ref, java.util.function.Function<String, Optional<ResourceState>> find) {
    Optional<ResourceState> r = find.apply(ref.address());
    if (r.isEmpty() || r.get().id() == null) {
      return Optional.empty();
    }
    if (Ref.ID.equals(ref.key())) {
      return Optional.of(r.get().id());
    }
    Object v = r.get().outputs().get(ref.key());
    return v == null ? Optional.empty() : Optional.of(String.valueOf(v));
  }

  /**
   * Recorded resources, dependents before what they depend on: the state's dependencies-first order
   * reversed (a cycle in recorded state cannot block a destroy; it is ordered arbitrarily).
   */
  static List<String> deleteOrder(StackState state) {
    List<String> order = new ArrayList<>();
    state.dependenciesFirst().forEach(r -> order.add(r.address()));
    java.util.Collections.reverse(order);
    return order;
  }
}
