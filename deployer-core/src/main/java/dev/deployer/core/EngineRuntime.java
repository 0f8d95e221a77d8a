package dev.deployer.core;

import dev.deployer.core.retry.Retrier;
import dev.deployer.core.retry.RetryPolicy;
import dev.deployer.core.retry.Sleeper;
import dev.deployer.core.retry.Waiter;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;

/**
 * The engine's injected machinery: retry policy, waiter, clock, sleeper, parallelism, listener, how
 * often to report long-running operations, and the cancellation an apply checks before starting
 * each operation. Tests replace the clock and sleeper.
 */
public record EngineRuntime(
    Retrier retrier,
    Waiter waiter,
    Clock clock,
    int parallelism,
    EngineListener listener,
    Duration stillRunningEvery,
    Cancellation cancellation) {

  public EngineRuntime {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1");
    }
    cancellation = cancellation == null ? Cancellation.none() : cancellation;
  }

  public EngineRuntime(
      Retrier retrier,
      Waiter waiter,
      Clock clock,
      int parallelism,
      EngineListener listener,
      Duration stillRunningEvery) {
    this(retrier, waiter, clock, parallelism, listener, stillRunningEvery, Cancellation.none());
  }

  public static EngineRuntime system(int parallelism, EngineListener listener) {
    Clock clock = Clock.systemUTC();
    Sleeper sleeper = Sleeper.system();
    return new EngineRuntime(
        new Retrier(RetryPolicy.standard(), clock, sleeper, new Random()),
        new Waiter(clock, sleeper),
        clock,
        parallelism,
        listener,
        Duration.ofSeconds(10));
  }

  public EngineRuntime withParallelism(int p) {
    return new EngineRuntime(retrier, waiter, clock, p, listener, stillRunningEvery, cancellation);
  }

  public EngineRuntime withCancellation(Cancellation c) {
    return new EngineRuntime(retrier, waiter, clock, parallelism, listener, stillRunningEvery, c);
  }
}
