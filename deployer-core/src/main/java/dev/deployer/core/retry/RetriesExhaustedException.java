package dev.deployer.core.retry;

import dev.deployer.core.DeployerException;
import java.time.Duration;

/** A retried call kept failing until its attempt or time bound. */
public final class RetriesExhaustedException extends DeployerException {
  private final int attempts;
  private final Duration elapsed;

  public RetriesExhaustedException(String what, int attempts, Duration elapsed, Throwable last) {
    super(
        what
            + " still failing after "
            + attempts
            + " attempts over "
            + Durations.human(elapsed)
            + ": "
            + last.getMessage(),
        last);
    this.attempts = attempts;
    this.elapsed = elapsed;
  }

  public int attempts() {
    return attempts;
  }

  public Duration elapsed() {
    return elapsed;
  }
}
