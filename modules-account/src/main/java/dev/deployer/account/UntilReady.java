package dev.deployer.account;

import dev.deployer.core.DeployerException;
import dev.deployer.core.retry.Durations;
import dev.deployer.core.retry.RetriesExhaustedException;
import dev.deployer.core.retry.RetryPolicy;
import dev.deployer.core.spi.HandlerContext;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Retries a Databricks call while the account answers that something the call needs is not ready
 * yet (a fresh IAM role, a new workspace's permission assignment APIs): only that answer, with
 * exponential backoff and full jitter from 1 s up to {@code maxDelay}, to {@code deadline}. Every
 * retry is reported, and so is the whole wait once the call succeeds.
 *
 * @param notYet what each retry line says is not ready, e.g. "IAM role R not usable by Databricks
 *     yet"
 * @param waitedFor what the closing "waited ..." line says was waited for
 * @param notReady the answer that means "not ready yet"
 */
public record UntilReady(
    String notYet,
    String waitedFor,
    Predicate<Throwable> notReady,
    Duration maxDelay,
    Duration deadline) {

  /** Runs {@code call}; once the deadline is past, throws what {@code exhausted} makes of it. */
  public <T> T call(
      HandlerContext ctx,
      String what,
      Callable<T> call,
      Function<RetriesExhaustedException, DeployerException> exhausted) {
    RetryPolicy policy =
        new RetryPolicy(Integer.MAX_VALUE, Duration.ofSeconds(1), maxDelay, 2.0, deadline);
    Instant start = ctx.clock().instant();
    boolean[] waited = {false};
    T result;
    try {
      result =
          ctx.retrier()
              .call(
                  what,
                  policy,
                  call,
                  notReady,
                  (attempt, error, delay, elapsed) -> {
                    waited[0] = true;
                    ctx.report(
                        notYet
                            + " (attempt "
                            + attempt
                            + ", waited "
                            + Durations.human(elapsed)
                            + "); retrying in "
                            + Durations.human(delay));
                  });
    } catch (RetriesExhaustedException e) {
      throw exhausted.apply(e);
    }
    if (waited[0]) {
      ctx.report(
          "waited "
              + Durations.human(Duration.between(start, ctx.clock().instant()))
              + " for "
              + waitedFor);
    }
    return result;
  }
}
