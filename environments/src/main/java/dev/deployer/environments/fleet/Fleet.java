package dev.deployer.environments.fleet;

import dev.deployer.core.DeployerException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs one command over many stacks: at most {@code parallelism} at once, each after the stacks it
 * must follow (upstream first, or for destroy its dependents first). A stack that fails makes the
 * stacks that had to follow it skipped, and nothing else: independent stacks go on.
 */
public final class Fleet {
  /** Which way the upstream edges order the stacks. */
  public enum Order {
    /** Upstream stacks finish first (apply). */
    UPSTREAM_FIRST,
    /** Dependents finish first (destroy: nothing may still use what goes). */
    DEPENDENTS_FIRST,
    /** No ordering: the stacks only read each other (plan, refresh, output). */
    NONE
  }

  public enum Result {
    OK("ok"),
    CHANGES("changes"),
    FAILED("failed"),
    SKIPPED("skipped");

    private final String label;

    Result(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** What one stack's run says about itself; {@code detail} says why it was skipped. */
  public record Report(Result result, String changes, String detail) {
    public Report(Result result, String changes) {
      this(result, changes, "");
    }
  }

  /** One row of the summary. */
  public record Outcome(
      String stack, Result result, String changes, Duration duration, String detail) {}

  /** The command on one stack; an exception is that stack's failure. */
  @FunctionalInterface
  public interface StackRun {
    Report run(String stack) throws Exception;
  }

  /** Told when each stack starts and ends (in the order they do). */
  public interface Listener {
    default void started(String stack) {}

    default void finished(Outcome outcome) {}

    Listener NONE = new Listener() {};
  }

  private final int parallelism;
  private final Clock clock;

  public Fleet(int parallelism, Clock clock) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1");
    }
    this.parallelism = parallelism;
    this.clock = clock;
  }

  /**
   * Runs {@code run} on every stack of {@code stacks}; {@code upstreams} says which stacks each one
   * reads from (edges to stacks outside the list are ignored). Returns one outcome per stack, in
   * the order of {@code stacks}.
   */
  public List<Outcome> run(
      List<String> stacks,
      Map<String, Set<String>> upstreams,
      Order order,
      StackRun run,
      Listener listener) {
    Map<String, Set<String>> after = prerequisites(stacks, upstreams, order);
    List<String> sorted = topological(stacks, after);
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(parallelism, Math.max(1, stacks.size())),
            r -> {
              Thread t = new Thread(r, "stack-runner");
              t.setDaemon(true);
              return t;
            });
    Map<String, CompletableFuture<Outcome>> futures = new HashMap<>();
    try {
      for (String s : sorted) {
        List<CompletableFuture<Outcome>> before = after.get(s).stream().map(futures::get).toList();
        CompletableFuture<Outcome> f =
            CompletableFuture.allOf(before.toArray(CompletableFuture[]::new))
                .thenApplyAsync(
                    ignored -> {
                      List<String> blocked = new ArrayList<>();
                      for (String p : after.get(s)) {
                        Result r = futures.get(p).join().result();
                        if (r == Result.FAILED || r == Result.SKIPPED && !isOwnSkip(futures, p)) {
                          blocked.add(p);
                        }
                      }
                      Outcome o =
                          blocked.isEmpty()
                              ? runOne(s, run, listener)
                              : new Outcome(
                                  s,
                                  Result.SKIPPED,
                                  "",
                                  Duration.ZERO,
                                  "not run: "
                                      + String.join(", ", blocked)
                                      + " did not succeed"
                                      + (order == Order.DEPENDENTS_FIRST
                                          ? " and may still use it"
                                          : " and it reads from it"));
                      if (!blocked.isEmpty()) {
                        listener.finished(o);
                      }
                      return o;
                    },
                    pool);
        futures.put(s, f);
      }
      List<Outcome> out = new ArrayList<>();
      for (String s : stacks) {
        out.add(futures.get(s).join());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** A stack skipped for a reason of its own (a precondition), which does not block others. */
  private static boolean isOwnSkip(Map<String, CompletableFuture<Outcome>> futures, String p) {
    Outcome o = futures.get(p).join();
    return o.result() == Result.SKIPPED && !o.detail().startsWith("not run: ");
  }

  private Outcome runOne(String stack, StackRun run, Listener listener) {
    listener.started(stack);
    Instant start = clock.instant();
    Outcome o;
    try {
      Report r = run.run(stack);
      o =
          new Outcome(
              stack, r.result(), r.changes(), Duration.between(start, clock.instant()), r.detail());
    } catch (Exception | Error e) {
      String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      o = new Outcome(stack, Result.FAILED, "", Duration.between(start, clock.instant()), m);
    }
    listener.finished(o);
    return o;
  }

  /** For each stack, the stacks of the list it must wait for. */
  static Map<String, Set<String>> prerequisites(
      List<String> stacks, Map<String, Set<String>> upstreams, Order order) {
    Set<String> in = new TreeSet<>(stacks);
    Map<String, Set<String>> after = new LinkedHashMap<>();
    stacks.forEach(s -> after.put(s, new TreeSet<>()));
    if (order == Order.NONE) {
      return after;
    }
    for (String s : stacks) {
      for (String u : upstreams.getOrDefault(s, Set.of())) {
        if (!in.contains(u) || u.equals(s)) {
          continue;
        }
        if (order == Order.UPSTREAM_FIRST) {
          after.get(s).add(u);
        } else {
          after.get(u).add(s);
        }
      }
    }
    return after;
  }

  private static List<String> topological(List<String> stacks, Map<String, Set<String>> after) {
    List<String> out = new ArrayList<>();
    Set<String> done = new TreeSet<>();
    for (String s : stacks) {
      visit(s, after, done, new ArrayList<>(), out);
    }
    return out;
  }

  private static void visit(
      String s,
      Map<String, Set<String>> after,
      Set<String> done,
      List<String> path,
      List<String> out) {
    if (done.contains(s)) {
      return;
    }
    if (path.contains(s)) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(s), path.size()));
      cycle.add(s);
      throw new DeployerException(
          "The stacks read each other's outputs in a cycle: "
              + String.join(" -> ", cycle)
              + ". Set metastore.id in one of them instead of from_stack.");
    }
    path.add(s);
    for (String p : after.get(s)) {
      visit(p, after, done, path, out);
    }
    path.remove(path.size() - 1);
    done.add(s);
    out.add(s);
  }
}
