package dev.deployer.core;

import dev.deployer.core.retry.Retrier;
import dev.deployer.core.retry.RetryPolicy;
import dev.deployer.core.retry.Sleeper;
import dev.deployer.core.retry.Waiter;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;

/**
 * The engine's injected machinery: retry policy, waiter, clock, sleeper, parallelism, listener and
 * how often to report long-running operations. Tests replace the clock and sleeper.
 */
public record EngineRuntime(
    Retrier retrier,
    Waiter waiter,
    Clock clock,
    int parallelism,
    EngineListener listener,
    Duration stillRunningEvery) {

  public EngineRuntime {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1");
    }
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
    return new EngineRuntime(retrier, waiter, clock, p, listener, stillRunningEvery);
  }
}
