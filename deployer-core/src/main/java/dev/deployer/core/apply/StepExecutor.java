package dev.deployer.core.apply;

import dev.deployer.core.Catalogue;
import dev.deployer.core.DeployerException;
import dev.deployer.core.EngineRuntime;
import dev.deployer.core.diff.Diff;
import dev.deployer.core.json.Json;
import dev.deployer.core.model.Ref;
import dev.deployer.core.model.ResourceDecl;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.model.Unknown;
import dev.deployer.core.plan.Action;
import dev.deployer.core.plan.Planner;
import dev.deployer.core.plan.ResourceChange;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.Operation;
import dev.deployer.core.spi.ResourceHandler;
import dev.deployer.core.state.ResourceState;
import dev.deployer.core.state.Status;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Carries out single steps of an apply against the handlers, recording intent before each mutating
 * call and the result after it. Each planned action is checked again once the values it depends on
 * are known: an update that would now need a replacement is refused; a replacement whose
 * replace-forcing fields turn out unchanged becomes an update (or nothing).
 */
final class StepExecutor {
  private final EngineRuntime runtime;
  private final Catalogue catalogue;
  private final StackDefinition def;
  private final StateWriter writer;
  private final Set<String> keptInPlace = ConcurrentHashMap.newKeySet();
  private final Set<String> unchanged = ConcurrentHashMap.newKeySet();

  StepExecutor(
      EngineRuntime runtime, Catalogue catalogue, StackDefinition def, StateWriter writer) {
    this.runtime = runtime;
    this.catalogue = catalogue;
    this.def = def;
    this.writer = writer;
  }

  /** Runs one step; returns the id of the object it acted on, or null when there was none. */
  String execute(ApplyGraph.Step step) {
    return switch (step.kind) {
      case CREATE -> create(step.change);
      case UPDATE, IMPORT -> update(step.change);
      case DELETE -> delete(step);
    };
  }

  /** Whether the step's replacement turned, at apply time, into an in-place change or none. */
  boolean keptInPlace(ApplyGraph.Step step) {
    return keptInPlace.contains(step.change.address());
  }

  /** Whether the kept-in-place step found nothing to change at all. */
  boolean unchanged(ApplyGraph.Step step) {
    return unchanged.contains(step.change.address());
  }

  private <S> S desiredSpec(ResourceDecl<S> decl) {
    return def.evaluate(
        decl,
        ref ->
            Planner.valueOf(ref, writer::find)
                .orElseThrow(
                    () ->
                        new DeployerException(
                            decl.address()
                                + " needs "
                                + ref
                                + ", which has no value (did "
                                + ref.address()
                                + " fail?)")),
        null);
  }

  @SuppressWarnings("unchecked")
  private <S> String create(ResourceChange change) {
    ResourceDecl<S> decl = (ResourceDecl<S>) def.resources().get(change.address());
    if (decl == null) {
      throw new DeployerException(
          change.address() + " is in the plan but not in the configuration; plan again");
    }
    ResourceHandler<S> handler = catalogue.handler(decl.type());
    String address = change.address();
    if (keptInPlace.contains(address)) {
      return update(change); // the delete found, with the values known now, no replacement needed
    }
    S spec = desiredSpec(decl);
    if (change.action() == Action.CREATE_THEN_DELETE
        && replacementNotNeeded(change, handler, spec)) {
      return update(change); // its delete step sees keptInPlace and does nothing
    }
    List<String> deps = List.copyOf(def.graph().dependenciesOf(change.address()));
    if (change.action() == Action.CREATE_THEN_DELETE) {
      // Keep the old object on record under a deposed address until its delete finishes.
      // Recorded under the new address first: a crash in between leaves two entries for one
      // object, never none.
      writer
          .find(address)
          .ifPresent(
              old ->
                  writer.move(
                      address,
                      new ResourceState(
                          ApplyGraph.deposed(address),
                          old.type(),
                          old.id(),
                          old.inputs(),
                          old.outputs(),
                          old.dependencies(),
                          Status.PENDING_DELETE,
                          old.region())));
    }
    writer.put(
        new ResourceState(
            address,
            handler.type().name(),
            null,
            Json.tree(spec),
            Map.of(),
            deps,
            Status.PENDING_CREATE,
            handler.region()));
    HandlerContext ctx = runtime.handlerContext(def.stack(), address);
    if (change.action() == Action.CREATE_THEN_DELETE) {
      Optional<ResourceState> old = writer.find(ApplyGraph.deposed(address));
      if (old.isPresent() && old.get().id() != null) {
        ctx = ctx.replacing(old.get().id());
      }
    }
    HandlerContext createCtx = ctx;
    if (change.action() == Action.CREATE && handler.findsOnlyOwnObjects()) {
      Optional<String> adopted = adoptOwned(handler, createCtx, spec, address, deps);
      if (adopted.isPresent()) {
        return adopted.get();
      }
    }
    AtomicInteger attempt = new AtomicInteger();
    // What the state records as the object's inputs: the desired spec, unless a retry adopted an
    // object that differs from it in what cannot change in place.
    java.util.concurrent.atomic.AtomicReference<com.fasterxml.jackson.databind.JsonNode> inputs =
        new java.util.concurrent.atomic.AtomicReference<>(Json.tree(spec));
    Created created =
        runtime
            .retrier()
            .call(
                "creating " + address,
                () -> {
                  if (attempt.incrementAndGet() > 1) {
                    // The failed attempt may have created the object after all: adopt it rather
                    // than duplicate.
                    Optional<String> found = handler.findExisting(createCtx, spec);
                    if (found.isPresent()) {
                      Optional<Observed<S>> seen = handler.read(createCtx, found.get(), spec);
                      if (seen.isPresent()) {
                        return adoptAfterFailedCreate(
                            handler, createCtx, address, found.get(), seen.get(), spec, inputs);
                      }
                    }
                  }
                  return handler.create(createCtx, spec);
                },
                e -> handler.isRetryable(e, Operation.CREATE),
                (n, e, delay, el) ->
                    runtime.listener().progress(address, "retrying after: " + e.getMessage()));
    ResourceState made =
        new ResourceState(
            address,
            handler.type().name(),
            created.id(),
            inputs.get(),
            created.outputs(),
            deps,
            Status.READY,
            handler.region());
    awaitReady(handler, createCtx, made, spec);
    writer.put(made);
    return created.id();
  }

  /**
   * A retried create found the object the failed attempt made, or one that was there before it (one
   * the service makes by itself, as automatic Unity Catalog enablement assigns a metastore with a
   * workspace). Found is not finished: the failed attempt may have stopped before it set
   * everything, so the object is brought to the desired spec as an adopted one is ({@link
   * #toSpec}). Recording the desired spec over an object that differs would hide the difference
   * until the next plan showed it as drift.
   */
  private <S> Created adoptAfterFailedCreate(
      ResourceHandler<S> handler,
      HandlerContext ctx,
      String address,
      String id,
      Observed<S> seen,
      S spec,
      java.util.concurrent.atomic.AtomicReference<com.fasterxml.jackson.databind.JsonNode> inputs) {
    Found<S> f = toSpec(handler, ctx, address, id, seen, spec);
    if (!f.how().isEmpty()) {
      runtime.listener().progress(address, "found " + id + " after a failed create" + f.how());
    }
    inputs.set(Json.tree(f.recorded()));
    return new Created(f.id(), f.outputs());
  }

  /** An object found for an address, as it is recorded: its id, inputs and outputs, and how. */
  private record Found<S>(String id, S recorded, Map<String, Object> outputs, String how) {}

  /**
   * Brings an object found for {@code spec} to it where that needs no replacement (its update may
   * rename it: the new id comes back as the output {@link Ref#ID}); what cannot change in place is
   * recorded as found, so the next plan shows the replacement. {@code how} says which, or is empty
   * when the object already matched.
   */
  private <S> Found<S> toSpec(
      ResourceHandler<S> handler,
      HandlerContext ctx,
      String address,
      String id,
      Observed<S> seen,
      S spec) {
    S observed = seen.spec();
    Diff diff = handler.diff(observed, spec);
    Map<String, Object> outputs = new LinkedHashMap<>(seen.outputs());
    if (diff.isEmpty()) {
      return new Found<>(id, spec, outputs, "");
    }
    if (diff.forcesReplacement()) {
      return new Found<>(
          id,
          observed,
          outputs,
          "; it differs in "
              + String.join(", ", diff.replaceFields())
              + ", so the next plan replaces it");
    }
    outputs.putAll(
        runtime
            .retrier()
            .call(
                "updating " + address,
                () -> handler.update(ctx, id, observed, spec),
                e -> handler.isRetryable(e, Operation.UPDATE)));
    Object renamed = outputs.remove(Ref.ID);
    return new Found<>(
        renamed == null ? id : renamed.toString(),
        spec,
        outputs,
        ", and updated it to the configuration");
  }

  /**
   * The handler's readiness wait, for a created and for an adopted object alike. When it fails (the
   * object went to an error state, or the deadline passed) the object exists: its id is kept on
   * record as an unfinished create, so the next run reads it instead of looking for it again.
   */
  private <S> void awaitReady(
      ResourceHandler<S> handler, HandlerContext ctx, ResourceState made, S spec) {
    try {
      handler.awaitReady(ctx, made.id(), spec);
    } catch (RuntimeException e) {
      writer.put(made.withStatus(Status.PENDING_CREATE));
      throw e;
    }
  }

  /**
   * Before creating: an object that carries this stack's tags for this address exists although the
   * state has no entry for it (the state file was lost or replaced). It is adopted, brought to the
   * desired spec where that needs no replacement, and the output says so.
   */
  private <S> Optional<String> adoptOwned(
      ResourceHandler<S> handler, HandlerContext ctx, S spec, String address, List<String> deps) {
    Optional<String> found =
        runtime
            .retrier()
            .call(
                "looking for " + address + " by its tags",
                () -> handler.findExisting(ctx, spec),
                e -> handler.isRetryable(e, Operation.FIND));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    String id = found.get();
    Optional<Observed<S>> seen = runtime.read(handler, ctx, id, spec);
    if (seen.isEmpty()) {
      return Optional.empty();
    }
    Found<S> f = toSpec(handler, ctx, address, id, seen.get(), spec);
    runtime
        .listener()
        .progress(
            address,
            "adopted "
                + id
                + ": it carries this stack's deployer:stack and deployer:address tags and the"
                + " state had no entry for it"
                + f.how());
    ResourceState adopted =
        new ResourceState(
            address,
            handler.type().name(),
            f.id(),
            Json.tree(f.recorded()),
            f.outputs(),
            deps,
            Status.READY,
            handler.region());
    awaitReady(handler, ctx, adopted, spec);
    writer.put(adopted);
    return Optional.of(f.id());
  }

  @SuppressWarnings("unchecked")
  private <S> String update(ResourceChange change) {
    ResourceDecl<S> decl = (ResourceDecl<S>) def.resources().get(change.address());
    ResourceHandler<S> handler = catalogue.handler(decl.type());
    ResourceState prior =
        writer
            .find(change.address())
            .orElseThrow(
                () ->
                    new DeployerException(
                        change.address() + " is not in the state any more; plan again"));
    S priorSpec = Json.convert(prior.inputs(), handler.type().specClass());
    S spec = desiredSpec(decl);
    Diff diff = handler.diff(priorSpec, spec);
    if (diff.forcesReplacement()) {
      throw new DeployerException(
          "The plan said update "
              + change.address()
              + " in place, but with the values "
              + "now known it must be replaced ("
              + String.join(", ", diff.replaceFields())
              + "). Nothing was done to it; run plan again.");
    }
    boolean unfinished = prior.status() == Status.PENDING_CREATE && prior.id() != null;
    if (diff.isEmpty() && !unfinished) {
      unchanged.add(change.address());
      return prior.id();
    }
    HandlerContext ctx = runtime.handlerContext(def.stack(), change.address());
    List<String> deps = List.copyOf(def.graph().dependenciesOf(change.address()));
    String region = prior.region() != null ? prior.region() : handler.region();
    if (unfinished) {
      // Finishing a create an earlier run could not: wait before changing anything, as a service
      // refuses most changes to an object that is still coming up (a PENDING cluster).
      ResourceState ready =
          new ResourceState(
              prior.address(),
              prior.type(),
              prior.id(),
              prior.inputs(),
              prior.outputs(),
              deps,
              Status.READY,
              region);
      awaitReady(handler, ctx, ready, spec);
      if (diff.isEmpty()) {
        writer.put(ready);
        return prior.id();
      }
    }
    if (handler.changedByUpdate(priorSpec, spec).contains(Ref.ID)) {
      // Intent: the desired spec under the old id. Interrupted once the service renamed it, the
      // next refresh finds the object by the recorded spec's name instead of calling it deleted;
      // not renamed after all, the refresh reads the old name and the plan renames again.
      writer.put(
          new ResourceState(
              prior.address(),
              prior.type(),
              prior.id(),
              Json.tree(spec),
              prior.outputs(),
              deps,
              prior.status(),
              region));
    }
    Map<String, Object> outputs =
        runtime
            .retrier()
            .call(
                "updating " + change.address(),
                () -> handler.update(ctx, prior.id(), priorSpec, spec),
                e -> handler.isRetryable(e, Operation.UPDATE),
                (n, e, delay, el) ->
                    runtime
                        .listener()
                        .progress(change.address(), "retrying after: " + e.getMessage()));
    Map<String, Object> merged = new LinkedHashMap<>(prior.outputs());
    merged.putAll(outputs);
    Object newId = merged.remove(Ref.ID);
    String id = newId == null ? prior.id() : newId.toString();
    writer.put(
        new ResourceState(
            prior.address(),
            prior.type(),
            id,
            Json.tree(spec),
            merged,
            deps,
            Status.READY,
            region));
    return id;
  }

  @SuppressWarnings("unchecked")
  private <S> String delete(ApplyGraph.Step step) {
    ResourceChange change = step.change;
    if (keptInPlace.contains(change.address())) {
      return null; // create-before-destroy that turned into an update: nothing was deposed
    }
    if (step.recheckable && recheckDeleteThenCreate(step)) {
      return null;
    }
    String address =
        change.action() == Action.CREATE_THEN_DELETE
            ? ApplyGraph.deposed(change.address())
            : change.address();
    Optional<ResourceState> entry = writer.find(address);
    if (entry.isEmpty()) {
      return change.id();
    }
    ResourceState r = entry.get();
    if (r.id() == null) {
      writer.remove(address);
      return null;
    }
    ResourceDecl<?> decl = def.resources().get(change.address());
    if (decl != null && decl.retainReason() != null) {
      runtime
          .listener()
          .progress(change.address(), "kept " + r.id() + " (" + decl.retainReason() + ")");
      writer.remove(address);
      return r.id();
    }
    ResourceHandler<S> handler = (ResourceHandler<S>) catalogue.get(r.type());
    S prior = Json.convert(r.inputs(), handler.type().specClass());
    if (r.region() != null && handler.region() != null && !r.region().equals(handler.region())) {
      throw new DeployerException(
          change.address()
              + " ("
              + r.id()
              + ") is in region "
              + r.region()
              + ", which this run's clients ("
              + handler.region()
              + ") do not reach; nothing was done to it.");
    }
    writer.put(r.withStatus(Status.PENDING_DELETE));
    HandlerContext ctx = runtime.handlerContext(writer.stack(), change.address());
    try {
      runtime
          .retrier()
          .call(
              "destroying " + change.address(),
              () -> {
                handler.delete(ctx, r.id(), prior);
                return null;
              },
              e -> handler.isRetryable(e, Operation.DELETE),
              (n, e, delay, el) ->
                  runtime
                      .listener()
                      .progress(change.address(), "retrying after: " + e.getMessage()));
    } catch (RuntimeException e) {
      // The service answered the delete with an error (in use, refused): the object is still
      // there as it was. Left pending-delete, every later plan would replace it and fail the same
      // way, even with the config reverted. The next refresh finds it gone if it went after all.
      writer.put(r);
      throw e;
    }
    writer.remove(address);
    return r.id();
  }

  /**
   * For a create-before-destroy: whether, with every value now known, the existing object needs no
   * replacement (then this step updates it in place and the delete step does nothing).
   */
  private <S> boolean replacementNotNeeded(
      ResourceChange change, ResourceHandler<S> handler, S spec) {
    Optional<ResourceState> prior = writer.find(change.address());
    if (prior.isEmpty() || prior.get().status() != Status.READY || Unknown.in(Json.tree(spec))) {
      return false; // tainted, interrupted or still unknown: replace as planned
    }
    S priorSpec = Json.convert(prior.get().inputs(), handler.type().specClass());
    if (handler.diff(priorSpec, spec).forcesReplacement()) {
      return false;
    }
    keptInPlace.add(change.address());
    runtime
        .listener()
        .progress(
            change.address(),
            "no replacement needed: with the values known now, nothing that forces one changed");
    return true;
  }

  /**
   * For a delete-then-create whose step runs after the writes its new spec refers to: whether, with
   * those values known, the object needs no replacement after all (the delete is then skipped and
   * the create step updates the object in place).
   */
  @SuppressWarnings("unchecked")
  private <S> boolean recheckDeleteThenCreate(ApplyGraph.Step step) {
    ResourceChange change = step.change;
    ResourceDecl<S> decl = (ResourceDecl<S>) def.resources().get(change.address());
    if (decl == null) {
      return false;
    }
    for (String through : step.recheckedThrough) {
      if (!staysAsRecorded(through)) {
        return false; // it will be replaced: the values this one refers to are not known yet
      }
    }
    ResourceHandler<S> handler = catalogue.handler(decl.type());
    return replacementNotNeeded(change, handler, knownSpec(decl));
  }

  private <S> S knownSpec(ResourceDecl<S> decl) {
    return def.evaluate(
        decl, ref -> Planner.valueOf(ref, writer::find).orElse(Unknown.of(ref)), null);
  }

  /**
   * Whether a resource planned for delete-then-create will, when its own delete step checks again
   * with the values known now, keep its object untouched, so that its recorded outputs stand.
   */
  @SuppressWarnings("unchecked")
  private <S> boolean staysAsRecorded(String address) {
    ResourceDecl<S> decl = (ResourceDecl<S>) def.resources().get(address);
    Optional<ResourceState> prior = writer.find(address);
    if (decl == null || prior.isEmpty() || prior.get().status() != Status.READY) {
      return false;
    }
    ResourceHandler<S> handler = catalogue.handler(decl.type());
    S spec = knownSpec(decl);
    return !Unknown.in(Json.tree(spec))
        && handler
            .diff(Json.convert(prior.get().inputs(), handler.type().specClass()), spec)
            .isEmpty();
  }
}
