package dev.deployer.core.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter, bounded by attempts and by elapsed time.
 *
 * @param maxAttempts total attempts including the first
 * @param initialDelay the cap of the first delay
 * @param maxDelay the largest cap a delay can reach
 * @param multiplier growth of the cap per attempt
 * @param maxElapsed no new attempt starts after this much time since the first
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialDelay,
    Duration maxDelay,
    double multiplier,
    Duration maxElapsed) {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1");
    }
    Objects.requireNonNull(initialDelay);
    Objects.requireNonNull(maxDelay);
    Objects.requireNonNull(maxElapsed);
    if (multiplier < 1.0) {
      throw new IllegalArgumentException("multiplier must be >= 1");
    }
  }

  /** For throttling, 5xx and eventual consistency: about a minute and a half at most. */
  public static RetryPolicy standard() {
    return new RetryPolicy(
        10, Duration.ofMillis(250), Duration.ofSeconds(15), 2.0, Duration.ofSeconds(90));
  }

  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0, Duration.ZERO);
  }

  public RetryPolicy withMaxElapsed(Duration d) {
    return new RetryPolicy(Integer.MAX_VALUE, initialDelay, maxDelay, multiplier, d);
  }

  /** The delay before attempt {@code attempt + 1}, after {@code attempt} failures (1-based). */
  public Duration delayAfter(int attempt, RandomGenerator random) {
    double cap = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
    long capMillis = (long) Math.min(cap, (double) maxDelay.toMillis());
    if (capMillis <= 0) {
      return Duration.ZERO;
    }
    // Full jitter spreads the retries of many parallel callers (AWS architecture blog).
    return Duration.ofMillis(random.nextLong(capMillis + 1));
  }
}
