package dev.deployer.core;

import dev.deployer.core.retry.Retrier;
import dev.deployer.core.retry.RetryPolicy;
import dev.deployer.core.retry.Sleeper;
import dev.deployer.core.retry.Waiter;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.Operation;
import dev.deployer.core.spi.ResourceHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
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

  /**
   * The context of a handler call for {@code address}: this run's retrier, waiter and clock, and
   * its progress lines reported under the address.
   */
  public HandlerContext handlerContext(String stack, String address) {
    return new HandlerContext(
        stack, address, retrier, waiter, clock, m -> listener.progress(address, m));
  }

  /** The handler's read of {@code id}, retried on what the handler calls retryable for a read. */
  public <S> Optional<Observed<S>> read(
      ResourceHandler<S> handler, HandlerContext ctx, String id, S prior) {
    return retrier.call(
        "reading " + ctx.address(),
        () -> handler.read(ctx, id, prior),
        e -> handler.isRetryable(e, Operation.READ));
  }

  public EngineRuntime withParallelism(int p) {
    return new EngineRuntime(retrier, waiter, clock, p, listener, stillRunningEvery, cancellation);
  }

  public EngineRuntime withCancellation(Cancellation c) {
    return new EngineRuntime(retrier, waiter, clock, parallelism, listener, stillRunningEvery, c);
  }
}
