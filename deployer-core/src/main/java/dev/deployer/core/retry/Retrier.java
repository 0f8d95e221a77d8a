package dev.deployer.core.retry;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/** Runs a call again after retryable failures, with the policy's backoff, clock and sleeper. */
public final class Retrier {
  /** Told about every retry, for progress lines and for measuring time spent waiting. */
  @FunctionalInterface
  public interface Listener {
    void retrying(int attempt, Throwable error, Duration delay, Duration elapsed);

    Listener NONE = (a, e, d, el) -> {};
  }

  private final RetryPolicy policy;
  private final Clock clock;
  private final Sleeper sleeper;
  private final RandomGenerator random;

  public Retrier(RetryPolicy policy, Clock clock, Sleeper sleeper, RandomGenerator random) {
    this.policy = policy;
    this.clock = clock;
    this.sleeper = sleeper;
    this.random = random;
  }

  public RetryPolicy policy() {
    return policy;
  }

  public Clock clock() {
    return clock;
  }

  public Sleeper sleeper() {
    return sleeper;
  }

  public <T> T call(String what, Callable<T> call, Predicate<Throwable> retryable) {
    return call(what, policy, call, retryable, Listener.NONE);
  }

  public <T> T call(
      String what, Callable<T> call, Predicate<Throwable> retryable, Listener listener) {
    return call(what, policy, call, retryable, listener);
  }

  public <T> T call(
      String what,
      RetryPolicy policy,
      Callable<T> call,
      Predicate<Throwable> retryable,
      Listener listener) {
    Instant start = clock.instant();
    for (int attempt = 1; ; attempt++) {
      try {
        return call.call();
      } catch (Exception e) {
        Duration elapsed = Duration.between(start, clock.instant());
        if (!(retryable.test(e) || isCommonTransient(e))) {
          throw rethrow(e);
        }
        Duration delay = policy.delayAfter(attempt, random);
        if (attempt >= policy.maxAttempts()
            || elapsed.plus(delay).compareTo(policy.maxElapsed()) > 0) {
          throw new RetriesExhaustedException(what, attempt, elapsed, e);
        }
        listener.retrying(attempt, e, delay, elapsed);
        try {
          sleeper.sleep(delay);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new dev.deployer.core.DeployerException(
              what + " interrupted while waiting to retry", e);
        }
      }
    }
  }

  public void run(String what, Runnable call, Predicate<Throwable> retryable) {
    call(
        what,
        () -> {
          call.run();
          return null;
        },
        retryable);
  }

  /** Timeouts and refused connections anywhere in the cause chain, and {@link Transient} errors. */
  public static boolean isCommonTransient(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof Transient
          || t instanceof SocketTimeoutException
          || t instanceof HttpTimeoutException
          || t instanceof ConnectException
          || (t instanceof InterruptedIOException
              && !(t instanceof java.nio.channels.ClosedByInterruptException))) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static RuntimeException rethrow(Exception e) {
    return e instanceof RuntimeException re ? re : new RuntimeException(e);
  }
}
