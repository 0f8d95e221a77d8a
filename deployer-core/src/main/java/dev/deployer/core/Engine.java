package dev.deployer.core;

import dev.deployer.core.apply.Applier;
import dev.deployer.core.apply.ApplyResult;
import dev.deployer.core.apply.StateWriter;
import dev.deployer.core.json.Json;
import dev.deployer.core.model.ResourceDecl;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.plan.Plan;
import dev.deployer.core.plan.Planner;
import dev.deployer.core.plan.Refresher;
import dev.deployer.core.spi.Existing;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.Operation;
import dev.deployer.core.spi.ResourceHandler;
import dev.deployer.core.state.ResourceState;
import dev.deployer.core.state.StackState;
import dev.deployer.core.state.StateLock;
import dev.deployer.core.state.StateStore;
import dev.deployer.core.state.Status;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** The engine's entry points: refresh, plan, apply, import. Decides and does in separate steps. */
public final class Engine {
  private final EngineRuntime runtime;
  private final Catalogue registry;

  public Engine(EngineRuntime runtime, Catalogue registry) {
    this.runtime = runtime;
    this.registry = registry;
  }

  /** Runs {@code work} holding the stack's lock. */
  public <T> T locked(StateStore store, String operation, Supplier<T> work) {
    try (StateLock lock = store.lock(operation, runtime.listener()::warning)) {
      return work.get();
    }
  }

  public StackState stored(StateStore store) {
    return store.read().orElseGet(() -> StackState.empty(store.stack()));
  }

  /** Refreshes and plans; changes nothing. */
  public Plan plan(StackDefinition def, StateStore store, boolean destroy) {
    return plan(def, store, destroy, true);
  }

  /**
   * As {@link #plan}, but a plan whose operations cannot be ordered is returned rather than
   * refused, for a caller that must judge its changes first (the Terraform import names the
   * replacements it guards against before anything else); {@link #apply} still refuses it.
   */
  public Plan planUnordered(StackDefinition def, StateStore store, boolean destroy) {
    return plan(def, store, destroy, false);
  }

  private Plan plan(StackDefinition def, StateStore store, boolean destroy, boolean ordered) {
    Optional<StackState> stored = store.read();
    StackState base = stored.orElseGet(() -> StackState.empty(def.stack()));
    Refresher.Result refreshed = new Refresher(runtime, registry).refresh(base);
    refuseRegionMove(def.stack(), refreshed);
    long baseSerial = stored.map(StackState::serial).orElse(-1L);
    StackState state = refreshed.state();
    Map<String, String> imported = new LinkedHashMap<>();
    if (!destroy) {
      // One look-up set for the walk: StackState.find scans the list, which made this loop, and
      // so every plan, quadratic in the stack's size (a 30,000-resource no-op plan took 30 s).
      Set<String> recorded = new HashSet<>(state.byAddress().keySet());
      for (String address : def.graph().topologicalOrder()) {
        if (!recorded.contains(address)) {
          StackState current = state;
          Optional<Existing> found = lookUpAtPlan(def, def.resources().get(address), current);
          Optional<ResourceState> entry =
              found.flatMap(e -> readAtPlan(def, def.resources().get(address), current, e.id()));
          if (entry.isPresent()) {
            state = state.with(entry.get());
            recorded.add(address);
            imported.put(address, found.get().why());
          }
        }
      }
    }
    Plan plan =
        new Planner(registry).plan(def, state, baseSerial, refreshed.drift(), destroy, imported);
    if (ordered) {
      refuseUnorderable(plan);
    }
    return markDataHeld(def, plan);
  }

  /** The handler's read-only plan-time look for an object its create would take over. */
  private <S> Optional<Existing> lookUpAtPlan(
      StackDefinition def, ResourceDecl<S> decl, StackState state) {
    ResourceHandler<S> handler = registry.handler(decl.type());
    S spec = knownSpec(def, decl, state);
    HandlerContext ctx = runtime.handlerContext(def.stack(), decl.address());
    return runtime
        .retrier()
        .call(
            "looking up " + decl.address(),
            () -> handler.existingAtPlan(ctx, spec),
            e -> handler.isRetryable(e, Operation.FIND));
  }

  /** What the plan-time lookup found, read as refresh reads a recorded object. */
  private <S> Optional<ResourceState> readAtPlan(
      StackDefinition def, ResourceDecl<S> decl, StackState state, String id) {
    ResourceHandler<S> handler = registry.handler(decl.type());
    S spec = knownSpec(def, decl, state);
    HandlerContext ctx = runtime.handlerContext(def.stack(), decl.address());
    Optional<Observed<S>> seen = runtime.read(handler, ctx, id, spec);
    return seen.map(
        o ->
            new ResourceState(
                decl.address(),
                handler.type().name(),
                id,
                Json.tree(o.spec()),
                o.outputs(),
                List.copyOf(def.graph().dependenciesOf(decl.address())),
                Status.READY,
                handler.region()));
  }

  private static <S> S knownSpec(StackDefinition def, ResourceDecl<S> decl, StackState state) {
    return def.evaluate(
        decl,
        ref -> Planner.valueOf(ref, state).orElse(dev.deployer.core.model.Unknown.of(ref)),
        null);
  }

  /** A plan whose operations wait on each other in a cycle is refused before anything changes. */
  private static void refuseUnorderable(Plan plan) {
    List<String> stuck = dev.deployer.core.apply.ApplyGraph.of(plan).unorderable();
    if (!stuck.isEmpty()) {
      throw new DeployerException(
          "deployer cannot order this plan's changes: these wait on each other ("
              + String.join(", ", stuck.subList(0, Math.min(8, stuck.size())))
              + (stuck.size() > 8 ? ", and " + (stuck.size() - 8) + " more" : "")
              + "). A replacement that must be created before its old object goes depends on one"
              + " that must be deleted first. Nothing was changed; make the change in two steps.");
    }
  }

  /**
   * A region change is refused before anything is read or changed: the new region's clients would
   * find none of the recorded objects, and dropping them would leave the old region's objects
   * running unknown to any state.
   */
  private void refuseRegionMove(String stack, Refresher.Result refreshed) {
    if (refreshed.elsewhere().isEmpty()) {
      return;
    }
    Map<String, ResourceState> index = refreshed.state().byAddress();
    java.util.Set<String> from = new java.util.TreeSet<>(refreshed.elsewhere().values());
    java.util.Set<String> to = new java.util.TreeSet<>();
    refreshed
        .elsewhere()
        .keySet()
        .forEach(a -> to.add(String.valueOf(registry.get(index.get(a).type()).region())));
    List<String> addresses = List.copyOf(refreshed.elsewhere().keySet());
    throw new DeployerException(
        addresses.size()
            + " resource(s) of stack "
            + stack
            + " are recorded in region "
            + String.join(", ", from)
            + ", but the configuration now names "
            + String.join(", ", to)
            + " ("
            + String.join(", ", addresses.subList(0, Math.min(5, addresses.size())))
            + (addresses.size() > 5 ? ", and " + (addresses.size() - 5) + " more" : "")
            + "). deployer does not move a stack between regions, and nothing was read or changed."
            + " To move it: set the region back, destroy the stack, then apply with the new"
            + " region; or add a new environment for the new region and destroy this one after.");
  }

  /** Asks the handlers what each delete or replacement in the plan would destroy for good. */
  private Plan markDataHeld(StackDefinition def, Plan plan) {
    Map<String, ResourceState> index = plan.refreshed().byAddress();
    List<dev.deployer.core.plan.ResourceChange> changes = new java.util.ArrayList<>();
    boolean any = false;
    for (dev.deployer.core.plan.ResourceChange c : plan.changes()) {
      ResourceState prior = index.get(c.address());
      ResourceDecl<?> decl = def.resources().get(c.address());
      boolean retained = decl != null && decl.retainReason() != null && !c.action().isReplace();
      if (!c.action().deletes() || prior == null || prior.id() == null || retained) {
        changes.add(c);
        continue;
      }
      Optional<String> held = dataHeld(def.stack(), prior);
      if (held.isPresent()) {
        any = true;
        changes.add(c.withDestroysData(held.get()));
      } else {
        changes.add(c);
      }
    }
    if (!any) {
      return plan;
    }
    return new Plan(
        plan.formatVersion(),
        plan.stack(),
        plan.destroy(),
        plan.baseSerial(),
        plan.baseLineage(),
        changes,
        plan.refreshed(),
        plan.drift());
  }

  @SuppressWarnings("unchecked")
  private <S> Optional<String> dataHeld(String stack, ResourceState prior) {
    ResourceHandler<S> handler = (ResourceHandler<S>) registry.get(prior.type());
    S spec = Json.convert(prior.inputs(), handler.type().specClass());
    HandlerContext ctx = runtime.handlerContext(stack, prior.address());
    return runtime
        .retrier()
        .call(
            "looking at what " + prior.address() + " holds",
            () -> handler.dataHeld(ctx, prior.id(), spec),
            e -> handler.isRetryable(e, Operation.READ));
  }

  /** Carries out {@code plan}, refusing it if the stored state moved since it was made. */
  public ApplyResult apply(StackDefinition def, Plan plan, StateStore store) {
    return apply(def, plan, store, java.util.Set.of());
  }

  /**
   * Carries out {@code plan}. A delete or replacement that destroys data is refused, before
   * anything changes, unless its address is in {@code allowDestroy} (or the plan is a destroy plan,
   * which asks for exactly that).
   */
  public ApplyResult apply(
      StackDefinition def, Plan plan, StateStore store, java.util.Set<String> allowDestroy) {
    refuseDataLoss(plan, allowDestroy);
    refuseUnorderable(plan);
    if (!plan.stack().equals(def.stack())) {
      throw new DeployerException(
          "The plan is for stack '" + plan.stack() + "', not '" + def.stack() + "'.");
    }
    Optional<StackState> stored = store.read();
    long serial = stored.map(StackState::serial).orElse(-1L);
    String lineage = stored.map(StackState::lineage).orElse(plan.baseLineage());
    if (serial != plan.baseSerial() || !lineage.equals(plan.baseLineage())) {
      throw new DeployerException(
          "The saved plan is stale: the state of stack "
              + def.stack()
              + " is at serial "
              + serial
              + " but the plan was made at serial "
              + plan.baseSerial()
              + ". Run plan again and apply the new plan.");
    }
    StackState start = plan.refreshed().withSerial(Math.max(serial, 0));
    StateWriter writer = new StateWriter(store, start);
    if (stored.isEmpty() || !sameContent(stored.get(), start)) {
      writer.writeWhole(); // record what refresh found (drift, adoptions) before changing anything
    }
    return new Applier(runtime, registry).apply(def, plan, writer);
  }

  private static boolean sameContent(StackState a, StackState b) {
    return Json.tree(a.withSerial(0)).equals(Json.tree(b.withSerial(0)));
  }

  /**
   * Throws, naming each, when the plan deletes or replaces objects holding data that are not in
   * {@code allowDestroy}; a destroy plan asks for exactly that and is not refused.
   */
  public static void refuseDataLoss(Plan plan, java.util.Set<String> allowDestroy) {
    List<String> refused =
        plan.changes().stream()
            .filter(c -> c.destroysData() != null && !plan.destroy())
            .filter(c -> !allowDestroy.contains(c.address()))
            .map(c -> c.address())
            .toList();
    if (refused.isEmpty()) {
      return;
    }
    StringBuilder sb =
        new StringBuilder("Refusing to apply: this plan destroys data that cannot be recreated:");
    for (String a : refused) {
      sb.append("\n  ").append(a).append(" (").append(plan.change(a).destroysData()).append(')');
    }
    sb.append("\nNothing was changed. If that is intended, apply again with");
    refused.forEach(a -> sb.append(" --allow-destroy ").append(a));
    sb.append(", or list the addresses under allow_destroy in the environment's config.");
    throw new DeployerException(sb.toString());
  }

  /**
   * Throws, naming each, when the plan deletes or replaces an address of {@code protect} (the
   * config's protect list): those are never deleted or replaced, whatever --allow-destroy says and
   * in a destroy plan too. Checked as soon as the plan exists, before anything is shown or done.
   */
  public static void refuseProtected(Plan plan, java.util.Set<String> protect) {
    List<String> refused =
        plan.changes().stream()
            .filter(c -> c.action().deletes() && protect.contains(c.address()))
            .map(
                c ->
                    c.address()
                        + (c.action() == dev.deployer.core.plan.Action.DELETE
                            ? " would be deleted"
                                + (c.reason() == null ? "" : " (" + c.reason() + ")")
                            : " would be replaced"
                                + (c.replaceFields().isEmpty()
                                    ? (c.reason() == null ? "" : " (" + c.reason() + ")")
                                    : " (" + String.join(", ", c.replaceFields()) + " changed)")))
            .toList();
    if (refused.isEmpty()) {
      return;
    }
    throw new DeployerException(
        "This plan is refused: it would delete or replace "
            + (refused.size() == 1
                ? "a protected resource"
                : refused.size() + " protected resources")
            + ", which the config's protect list forbids (--allow-destroy does not override it):\n  "
            + String.join("\n  ", refused)
            + "\nNothing was changed. Undo the change that causes it, or, if it is really meant,"
            + " take the address out of protect first.");
  }

  /** Updates state from the real world and reports drift. */
  public Refresher.Result refresh(StateStore store) {
    Optional<StackState> stored = store.read();
    if (stored.isEmpty()) {
      return new Refresher.Result(StackState.empty(store.stack()), Map.of());
    }
    Refresher.Result r = new Refresher(runtime, registry).refresh(stored.get());
    refuseRegionMove(stored.get().stack(), r);
    if (!sameContent(stored.get(), r.state())) {
      store.write(r.state().withSerial(stored.get().serial() + 1));
    }
    return r;
  }

  /** Adopts an existing object under a configured address. */
  @SuppressWarnings("unchecked")
  public <S> ResourceState importResource(
      StackDefinition def, StateStore store, String address, String id) {
    ResourceDecl<S> decl = (ResourceDecl<S>) def.resources().get(address);
    if (decl == null) {
      throw new DeployerException(
          "There is no resource "
              + address
              + " in the configuration of stack "
              + def.stack()
              + "; 'deployer state list' and 'deployer graph' show the addresses.");
    }
    StackState state = stored(store);
    if (state.find(address).isPresent()) {
      throw new DeployerException(
          address
              + " is already in the state (id "
              + state.find(address).get().id()
              + "); 'deployer state rm "
              + address
              + "' first to import another object.");
    }
    ResourceHandler<S> handler = registry.handler(decl.type());
    String realId = handler.importId(id);
    S desired =
        def.evaluate(
            decl,
            ref -> Planner.valueOf(ref, state).orElse(dev.deployer.core.model.Unknown.of(ref)),
            null);
    HandlerContext ctx = runtime.handlerContext(def.stack(), address);
    Optional<Observed<S>> seen = runtime.read(handler, ctx, realId, desired);
    if (seen.isEmpty()) {
      throw new DeployerException(
          "Cannot import " + address + ": no " + handler.type() + " with id '" + id + "' exists.");
    }
    ResourceState entry =
        new ResourceState(
            address,
            handler.type().name(),
            realId,
            Json.tree(seen.get().spec()),
            seen.get().outputs(),
            List.copyOf(def.graph().dependenciesOf(address)),
            Status.READY,
            handler.region());
    StackState next = state.with(entry).withSerial(state.serial() + 1);
    store.write(next);
    return entry;
  }

  public EngineRuntime runtime() {
    return runtime;
  }
}
