package dev.deployer.core.apply;

import dev.deployer.core.Catalogue;
import dev.deployer.core.DeployerException;
import dev.deployer.core.EngineRuntime;
import dev.deployer.core.diff.Diff;
import dev.deployer.core.json.Json;
import dev.deployer.core.model.Ref;
import dev.deployer.core.model.ResourceDecl;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.plan.Action;
import dev.deployer.core.plan.Plan;
import dev.deployer.core.plan.Planner;
import dev.deployer.core.plan.ResourceChange;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.Operation;
import dev.deployer.core.spi.ResourceHandler;
import dev.deployer.core.state.ResourceState;
import dev.deployer.core.state.StackState;
import dev.deployer.core.state.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Carries out a plan: a parallel walk of the operations, each starting once what it depends on has
 * finished. A failure stops only what depends on it; independent work completes, state is written
 * after every operation, and every failure is reported.
 */
public final class Applier {
  private enum Kind {
    CREATE("Creating", "Creation"),
    UPDATE("Modifying", "Modifications"),
    DELETE("Destroying", "Destruction");

    final String verb;
    final String noun;

    Kind(String verb, String noun) {
      this.verb = verb;
      this.noun = noun;
    }
  }

  private static final class Op {
    final ResourceChange change;
    final Kind kind;
    final Set<Op> dependents = new LinkedHashSet<>();
    int waitingFor;
    boolean skipped;

    Op(ResourceChange change, Kind kind) {
      this.change = change;
      this.kind = kind;
    }

    @Override
    public String toString() {
      return kind + " " + change.address();
    }
  }

  private record Outcome(Op op, Throwable error) {}

  private final EngineRuntime runtime;
  private final Catalogue registry;

  public Applier(EngineRuntime runtime, Catalogue registry) {
    this.runtime = runtime;
    this.registry = registry;
  }

  public ApplyResult apply(StackDefinition def, Plan plan, StateWriter writer) {
    Instant start = runtime.clock().instant();
    List<Op> ops = buildOps(plan);
    List<ApplyResult.Failure> failures = Collections.synchronizedList(new ArrayList<>());
    List<String> skipped = new ArrayList<>();
    AtomicInteger added = new AtomicInteger();
    AtomicInteger changed = new AtomicInteger();
    AtomicInteger destroyed = new AtomicInteger();
    Map<Op, Instant> running = new ConcurrentHashMap<>();

    ExecutorService pool =
        Executors.newFixedThreadPool(runtime.parallelism(), daemon("deployer-apply"));
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(daemon("deployer-ticker"));
    long every = runtime.stillRunningEvery().toMillis();
    Map<Op, Long> lastTick = new ConcurrentHashMap<>();
    if (every > 0) {
      ticker.scheduleAtFixedRate(
          () ->
              running.forEach(
                  (op, since) -> {
                    Duration el = Duration.between(since, runtime.clock().instant());
                    long bucket = el.toMillis() / every;
                    if (bucket >= 1 && !Long.valueOf(bucket).equals(lastTick.put(op, bucket))) {
                      runtime
                          .listener()
                          .stillRunning(op.change, op.kind.verb, Duration.ofMillis(bucket * every));
                    }
                  }),
          Math.max(1, every / 4),
          Math.max(1, every / 4),
          TimeUnit.MILLISECONDS);
    }
    ExecutorCompletionService<Outcome> done = new ExecutorCompletionService<>(pool);
    int inFlight = 0;
    try {
      Deque<Op> ready = new ArrayDeque<>();
      for (Op op : ops) {
        if (op.waitingFor == 0) {
          ready.add(op);
        }
      }
      while (!ready.isEmpty() || inFlight > 0) {
        while (!ready.isEmpty()) {
          Op op = ready.poll();
          inFlight++;
          done.submit(
              () -> {
                Instant t0 = runtime.clock().instant();
                running.put(op, t0);
                runtime.listener().started(op.change, op.kind.verb);
                try {
                  String id = execute(def, op, writer);
                  Duration el = Duration.between(t0, runtime.clock().instant());
                  runtime.listener().finished(op.change, op.kind.noun, id, el);
                  return new Outcome(op, null);
                } catch (Throwable e) {
                  Duration el = Duration.between(t0, runtime.clock().instant());
                  runtime.listener().failed(op.change, op.kind.verb, e, el);
                  return new Outcome(op, e);
                } finally {
                  running.remove(op);
                }
              });
        }
        Outcome outcome = done.take().get();
        inFlight--;
        Op op = outcome.op();
        if (outcome.error() != null) {
          failures.add(
              new ApplyResult.Failure(
                  op.change.address(), op.change.type(), op.kind.verb, outcome.error()));
          for (Op d : transitiveDependents(op)) {
            if (!d.skipped) {
              d.skipped = true;
              skipped.add(d.change.address());
              runtime.listener().skipped(d.change, op.change.address() + " failed");
            }
          }
          continue;
        }
        count(op, added, changed, destroyed);
        for (Op d : op.dependents) {
          if (--d.waitingFor == 0 && !d.skipped) {
            ready.add(d);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeployerException(
          "apply interrupted; state was saved after the last finished operation");
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      ticker.shutdownNow();
      pool.shutdownNow();
    }
    StackState fin = writeOutputs(def, plan, writer);
    return new ApplyResult(
        added.get(),
        changed.get(),
        destroyed.get(),
        failures,
        skipped,
        fin,
        Duration.between(start, runtime.clock().instant()));
  }

  private static void count(
      Op op, AtomicInteger added, AtomicInteger changed, AtomicInteger destroyed) {
    switch (op.kind) {
      case CREATE -> added.incrementAndGet();
      case UPDATE -> changed.incrementAndGet();
      case DELETE -> destroyed.incrementAndGet();
    }
  }

  private static Set<Op> transitiveDependents(Op op) {
    Set<Op> out = new LinkedHashSet<>();
    Deque<Op> todo = new ArrayDeque<>(op.dependents);
    while (!todo.isEmpty()) {
      Op o = todo.poll();
      if (out.add(o)) {
        todo.addAll(o.dependents);
      }
    }
    return out;
  }

  /** The operations and their order; see the class comment of each rule. */
  static List<Op> buildOps(Plan plan) {
    Map<String, Op> writes = new LinkedHashMap<>(); // create or update, by address
    Map<String, Op> deletes = new LinkedHashMap<>();
    List<Op> all = new ArrayList<>();
    for (ResourceChange c : plan.changes()) {
      switch (c.action()) {
        case NO_OP -> {}
        case CREATE -> writes.put(c.address(), new Op(c, Kind.CREATE));
        case UPDATE -> writes.put(c.address(), new Op(c, Kind.UPDATE));
        case DELETE -> deletes.put(c.address(), new Op(c, Kind.DELETE));
        case DELETE_THEN_CREATE, CREATE_THEN_DELETE -> {
          writes.put(c.address(), new Op(c, Kind.CREATE));
          deletes.put(c.address(), new Op(c, Kind.DELETE));
        }
      }
    }
    all.addAll(writes.values());
    all.addAll(deletes.values());
    Map<String, List<String>> stateDeps = new HashMap<>();
    for (ResourceState r : plan.refreshed().resources()) {
      stateDeps.put(r.address(), r.dependencies());
    }
    // A create or update waits for the creates and updates of what its config refers to.
    for (Op w : writes.values()) {
      for (String dep : w.change.dependencies()) {
        edge(writes.get(dep), w);
      }
    }
    for (Op w : writes.values()) {
      if (w.change.action() == Action.CREATE_THEN_DELETE) {
        // An object deposed by an interrupted run must be gone before this one takes its place.
        edge(deletes.get(deposed(w.change.address())), w);
      }
    }
    for (Op d : deletes.values()) {
      String x = d.change.address();
      // Destroy edges are the create edges reversed: a thing goes after whatever used it.
      stateDeps.forEach(
          (y, deps) -> {
            if (deps.contains(x) && !y.equals(x)) {
              edge(deletes.get(y), d);
              if (d.change.action() != Action.DELETE_THEN_CREATE && writes.get(y) != null) {
                // y stops using x (or, create-before-destroy, moves to the new x) before x goes.
                edge(writes.get(y), d);
              }
            }
          });
      Op w = writes.get(x);
      if (w != null) {
        if (d.change.action() == Action.DELETE_THEN_CREATE) {
          edge(d, w);
        } else {
          edge(w, d);
        }
      }
    }
    return all;
  }

  private static void edge(Op first, Op then) {
    if (first != null && then != null && first != then && first.dependents.add(then)) {
      then.waitingFor++;
    }
  }

  private String execute(StackDefinition def, Op op, StateWriter writer) {
    return switch (op.kind) {
      case CREATE -> create(def, op.change, writer);
      case UPDATE -> update(def, op.change, writer);
      case DELETE -> delete(def, op.change, writer);
    };
  }

  private <S> S desiredSpec(StackDefinition def, ResourceDecl<S> decl, StateWriter writer) {
    StackState now = writer.current();
    return def.evaluate(
        decl,
        ref ->
            Planner.valueOf(ref, now)
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
  private <S> String create(StackDefinition def, ResourceChange change, StateWriter writer) {
    ResourceDecl<S> decl = (ResourceDecl<S>) def.resources().get(change.address());
    if (decl == null) {
      throw new DeployerException(
          change.address() + " is in the plan but not in the configuration; plan again");
    }
    ResourceHandler<S> handler = registry.handler(decl.type());
    S spec = desiredSpec(def, decl, writer);
    List<String> deps = List.copyOf(def.graph().dependenciesOf(change.address()));
    String address = change.address();
    if (change.action() == Action.CREATE_THEN_DELETE) {
      // Keep the old object on record under a deposed address until its delete finishes.
      writer.update(
          s ->
              s.find(address)
                  .map(
                      old ->
                          s.without(address)
                              .with(
                                  new ResourceState(
                                      deposed(address),
                                      old.type(),
                                      old.id(),
                                      old.inputs(),
                                      old.outputs(),
                                      old.dependencies(),
                                      Status.PENDING_DELETE)))
                  .orElse(s));
    }
    writer.update(
        s ->
            s.with(
                new ResourceState(
                    address,
                    handler.type().name(),
                    null,
                    Json.tree(spec),
                    Map.of(),
                    deps,
                    Status.PENDING_CREATE)));
    HandlerContext ctx = context(def.stack(), address, def.tagsFor(address));
    AtomicInteger attempt = new AtomicInteger();
    Created created =
        runtime
            .retrier()
            .call(
                "creating " + address,
                () -> {
                  if (attempt.incrementAndGet() > 1) {
                    // The failed attempt may have created the object after all: adopt it rather
                    // than duplicate.
                    Optional<String> found = handler.findExisting(ctx, spec);
                    if (found.isPresent()) {
                      Optional<Observed<S>> seen = handler.read(ctx, found.get(), spec);
                      if (seen.isPresent()) {
                        return new Created(found.get(), seen.get().outputs());
                      }
                    }
                  }
                  return handler.create(ctx, spec);
                },
                e -> handler.isRetryable(e, Operation.CREATE),
                (n, e, delay, el) ->
                    runtime.listener().progress(address, "retrying after: " + e.getMessage()));
    writer.update(
        s ->
            s.with(
                new ResourceState(
                    address,
                    handler.type().name(),
                    created.id(),
                    Json.tree(spec),
                    created.outputs(),
                    deps,
                    Status.READY)));
    return created.id();
  }

  static String deposed(String address) {
    return address + " (deposed)";
  }

  @SuppressWarnings("unchecked")
  private <S> String update(StackDefinition def, ResourceChange change, StateWriter writer) {
    ResourceDecl<S> decl = (ResourceDecl<S>) def.resources().get(change.address());
    ResourceHandler<S> handler = registry.handler(decl.type());
    ResourceState prior =
        writer
            .current()
            .find(change.address())
            .orElseThrow(
                () ->
                    new DeployerException(
                        change.address() + " is not in the state any more; plan again"));
    S priorSpec = Json.convert(prior.inputs(), handler.type().specClass());
    S spec = desiredSpec(def, decl, writer);
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
    if (diff.isEmpty()) {
      return prior.id();
    }
    HandlerContext ctx = context(def.stack(), change.address(), def.tagsFor(change.address()));
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
    List<String> deps = List.copyOf(def.graph().dependenciesOf(change.address()));
    writer.update(
        s ->
            s.with(
                new ResourceState(
                    prior.address(),
                    prior.type(),
                    prior.id(),
                    Json.tree(spec),
                    merged,
                    deps,
                    Status.READY)));
    return prior.id();
  }

  @SuppressWarnings("unchecked")
  private <S> String delete(StackDefinition def, ResourceChange change, StateWriter writer) {
    String address =
        change.action() == Action.CREATE_THEN_DELETE ? deposed(change.address()) : change.address();
    Optional<ResourceState> entry = writer.current().find(address);
    if (entry.isEmpty()) {
      return change.id();
    }
    ResourceState r = entry.get();
    if (r.id() == null) {
      writer.update(s -> s.without(address));
      return null;
    }
    ResourceDecl<?> decl = def.resources().get(change.address());
    if (decl != null && decl.retainReason() != null) {
      runtime
          .listener()
          .progress(change.address(), "kept " + r.id() + " (" + decl.retainReason() + ")");
      writer.update(s -> s.without(address));
      return r.id();
    }
    ResourceHandler<S> handler = (ResourceHandler<S>) registry.get(r.type());
    S prior = Json.convert(r.inputs(), handler.type().specClass());
    writer.update(s -> s.with(r.withStatus(Status.PENDING_DELETE)));
    HandlerContext ctx = context(writer.current().stack(), change.address(), Map.of());
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
                runtime.listener().progress(change.address(), "retrying after: " + e.getMessage()));
    writer.update(s -> s.without(address));
    return r.id();
  }

  private StackState writeOutputs(StackDefinition def, Plan plan, StateWriter writer) {
    StackState now = writer.current();
    Map<String, Object> outputs = new LinkedHashMap<>();
    if (!plan.destroy()) {
      def.outputs()
          .forEach(
              (name, v) -> {
                if (v instanceof Ref ref) {
                  Planner.valueOf(ref, now).ifPresent(val -> outputs.put(name, val));
                } else {
                  outputs.put(name, v);
                }
              });
    }
    if (new java.util.TreeMap<>(outputs).equals(new java.util.TreeMap<>(now.outputs()))) {
      return now;
    }
    return writer.update(s -> s.withOutputs(outputs));
  }

  private HandlerContext context(String stack, String address, Map<String, String> tags) {
    return new HandlerContext(
        stack,
        address,
        tags,
        runtime.retrier(),
        runtime.waiter(),
        runtime.clock(),
        msg -> runtime.listener().progress(address, msg));
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
