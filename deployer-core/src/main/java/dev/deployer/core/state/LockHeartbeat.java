package dev.deployer.core.state;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How a lock's holder shows it is alive, the same for both lock kinds (file and S3): it renews the
 * lock every {@code period} from a background thread, so a holder that stops running stops
 * renewing, and a lock not renewed for three periods is stale, which lets another host take it
 * over.
 *
 * @param clock what renewal times are read and compared with
 * @param period how often a holder renews its lock
 */
public record LockHeartbeat(Clock clock, Duration period) {
  /** How long a lock may go without renewal before its holder counts as stopped. */
  public Duration staleAfter() {
    return period.multipliedBy(3);
  }

  /**
   * How long ago {@code renewed} (an instant as the lock records it) was, never negative (another
   * host's clock may be ahead); empty when the lock has no such time or it cannot be read.
   */
  public Optional<Duration> age(String renewed) {
    if (renewed == null) {
      return Optional.empty();
    }
    try {
      Duration age = Duration.between(Instant.parse(renewed), clock.instant());
      return Optional.of(age.isNegative() ? Duration.ZERO : age);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Whether a lock last renewed {@code age} ago is stale. */
  public boolean isStale(Duration age) {
    return age.compareTo(staleAfter()) > 0;
  }

  /**
   * Runs {@code renew} every period on one daemon thread of its own; the caller shuts the executor
   * down on release.
   */
  public ScheduledExecutorService start(String stack, Runnable renew) {
    ScheduledExecutorService renewer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "lock-heartbeat-" + stack);
              t.setDaemon(true);
              return t;
            });
    long ms = Math.max(1, period.toMillis());
    renewer.scheduleAtFixedRate(renew, ms, ms, TimeUnit.MILLISECONDS);
    return renewer;
  }
}
