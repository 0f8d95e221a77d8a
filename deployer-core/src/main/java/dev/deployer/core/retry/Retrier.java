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

/**
 * Runs a call again after retryable failures, with the policy's backoff, clock and sleeper; {@code
 * random} draws the backoff's jitter.
 */
public record Retrier(RetryPolicy policy, Clock clock, Sleeper sleeper, RandomGenerator random) {
  /** Told about every retry, for progress lines and for measuring time spent waiting. */
  @FunctionalInterface
  public interface Listener {
    void retrying(int attempt, Throwable error, Duration delay, Duration elapsed);

    Listener NONE = (a, e, d, el) -> {};
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
    // Why each attempt failed, in order of first appearance, with counts: the exhausted error
    // says why it retried, not only how often.
    java.util.Map<String, Integer> reasons = new java.util.LinkedHashMap<>();
    for (int attempt = 1; ; attempt++) {
      try {
        return call.call();
      } catch (Exception e) {
        Duration elapsed = Duration.between(start, clock.instant());
        if (!(retryable.test(e) || isCommonTransient(e))) {
          throw rethrow(e);
        }
        reasons.merge(reason(e), 1, Integer::sum);
        Duration delay = policy.delayAfter(attempt, random);
        if (attempt >= policy.maxAttempts()
            || elapsed.plus(delay).compareTo(policy.maxElapsed()) > 0) {
          throw new RetriesExhaustedException(what, attempt, elapsed, e, reasons);
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

  /** One attempt's failure, as the exhausted error lists it: status, code, throttling, host. */
  static String reason(Throwable e) {
    return ServiceError.of(e)
        .map(ServiceError::describe)
        .orElseGet(
            () -> {
              for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof ConnectException
                    || t instanceof SocketTimeoutException
                    || t instanceof HttpTimeoutException) {
                  return t.getClass().getSimpleName()
                      + (t.getMessage() == null ? "" : " (" + t.getMessage() + ")");
                }
              }
              return e.getClass().getSimpleName();
            });
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
