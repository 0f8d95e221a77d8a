package dev.deployer.core.apply;

import dev.deployer.core.Catalogue;
import dev.deployer.core.DeployerException;
import dev.deployer.core.EngineRuntime;
import dev.deployer.core.apply.ApplyGraph.Step;
import dev.deployer.core.model.Ref;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.plan.Plan;
import dev.deployer.core.plan.Planner;
import dev.deployer.core.state.StackState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
  /** {@code ran} is false for a step the interrupt caught before it started. */
  private record Outcome(Step op, Throwable error, boolean ran) {}

  private final EngineRuntime runtime;
  private final Catalogue registry;

  public Applier(EngineRuntime runtime, Catalogue registry) {
    this.runtime = runtime;
    this.registry = registry;
  }

  public ApplyResult apply(StackDefinition def, Plan plan, StateWriter writer) {
    Instant start = runtime.clock().instant();
    List<Step> ops = ApplyGraph.of(plan).steps();
    StepExecutor steps = new StepExecutor(runtime, registry, def, writer);
    List<ApplyResult.Failure> failures = Collections.synchronizedList(new ArrayList<>());
    List<String> skipped = new ArrayList<>();
    AtomicInteger added = new AtomicInteger();
    AtomicInteger changed = new AtomicInteger();
    AtomicInteger destroyed = new AtomicInteger();
    Map<Step, Instant> running = new ConcurrentHashMap<>();
    Set<Step> finished = new java.util.HashSet<>();

    ExecutorService pool =
        Executors.newFixedThreadPool(runtime.parallelism(), daemon("deployer-apply"));
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(daemon("deployer-ticker"));
    long every = runtime.stillRunningEvery().toMillis();
    Map<Step, Long> lastTick = new ConcurrentHashMap<>();
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
      Deque<Step> ready = new ArrayDeque<>();
      for (Step op : ops) {
        if (op.waitingFor == 0) {
          ready.add(op);
        }
      }
      while (!ready.isEmpty() || inFlight > 0) {
        while (!ready.isEmpty()) {
          if (runtime.cancellation().requested() || writer.failed()) {
            // Interrupted, or the state can no longer be written (a full disk: no intent could be
            // recorded): start nothing new; what runs finishes below.
            ready.clear();
            break;
          }
          Step op = ready.poll();
          inFlight++;
          done.submit(
              () -> {
                if (runtime.cancellation().requested() || writer.failed()) {
                  return new Outcome(op, null, false); // queued when the stop came
                }
                Instant t0 = runtime.clock().instant();
                running.put(op, t0);
                runtime.listener().started(op.change, op.kind.verb);
                try {
                  String id = steps.execute(op);
                  Duration el = Duration.between(t0, runtime.clock().instant());
                  runtime
                      .listener()
                      .finished(
                          op.change,
                          steps.keptInPlace(op) ? "Replacement not needed; check" : op.kind.noun,
                          id,
                          el);
                  return new Outcome(op, null, true);
                } catch (Throwable e) {
                  Duration el = Duration.between(t0, runtime.clock().instant());
                  runtime.listener().failed(op.change, op.kind.verb, e, el);
                  return new Outcome(op, e, true);
                } finally {
                  running.remove(op);
                }
              });
        }
        if (inFlight == 0) {
          break; // interrupted with nothing running
        }
        Outcome outcome = done.take().get();
        inFlight--;
        Step op = outcome.op();
        if (!outcome.ran()) {
          continue;
        }
        finished.add(op);
        if (outcome.error() != null) {
          failures.add(
              new ApplyResult.Failure(
                  op.change.address(), op.change.type(), op.kind.verb, outcome.error()));
          for (Step d : transitiveDependents(op)) {
            if (!d.skipped) {
              d.skipped = true;
              skipped.add(d.change.address());
              runtime.listener().skipped(d.change, op.change.address() + " failed");
            }
          }
          continue;
        }
        count(op, steps, added, changed, destroyed);
        for (Step d : op.dependents) {
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
    if (runtime.cancellation().requested() || writer.failed()) {
      // Stopped early: every step that never started is reported as not started.
      for (Step op : ops) {
        if (!finished.contains(op) && !op.skipped) {
          op.skipped = true;
          skipped.add(op.change.address());
        }
      }
    }
    StackState fin;
    try {
      fin = writeOutputs(def, plan, writer);
    } catch (RuntimeException e) {
      if (failures.isEmpty() && !writer.failed()) {
        throw e;
      }
      // The state could not take the outputs (the failure that stopped the run): report it with
      // the rest, and what was done, rather than only the last error.
      failures.add(new ApplyResult.Failure("(state)", "state", "write", e));
      fin = writer.snapshot();
    }
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
      Step op,
      StepExecutor steps,
      AtomicInteger added,
      AtomicInteger changed,
      AtomicInteger destroyed) {
    if (steps.keptInPlace(op)) {
      if (op.kind == ApplyGraph.Kind.CREATE && !steps.unchanged(op)) {
        changed.incrementAndGet();
      }
      return;
    }
    switch (op.kind) {
      case CREATE -> added.incrementAndGet();
      case UPDATE -> changed.incrementAndGet();
      case IMPORT -> {
        if (!steps.unchanged(op)) {
          changed.incrementAndGet();
        }
      }
      case DELETE -> destroyed.incrementAndGet();
    }
  }

  private static Set<Step> transitiveDependents(Step op) {
    Set<Step> out = new LinkedHashSet<>();
    Deque<Step> todo = new ArrayDeque<>(op.dependents);
    while (!todo.isEmpty()) {
      Step o = todo.poll();
      if (out.add(o)) {
        todo.addAll(o.dependents);
      }
    }
    return out;
  }

  private StackState writeOutputs(StackDefinition def, Plan plan, StateWriter writer) {
    Map<String, Object> outputs = new LinkedHashMap<>();
    if (!plan.destroy()) {
      def.outputs()
          .forEach(
              (name, v) -> {
                if (v instanceof Ref ref) {
                  Planner.valueOf(ref, writer::find).ifPresent(val -> outputs.put(name, val));
                } else {
                  outputs.put(name, v);
                }
              });
    }
    if (!new java.util.TreeMap<>(outputs).equals(new java.util.TreeMap<>(writer.outputs()))) {
      writer.setOutputs(outputs);
    }
    writer.compact();
    return writer.snapshot();
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
