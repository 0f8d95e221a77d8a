package dev.deployer.core.retry;

import dev.deployer.core.DeployerException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/** Polls with backoff until a condition holds, fails, or the deadline passes. No fixed sleeps. */
public final class Waiter {
  /** What one poll says. */
  public enum State {
    DONE,
    PENDING,
    FAILED
  }

  private final Clock clock;
  private final Sleeper sleeper;

  public Waiter(Clock clock, Sleeper sleeper) {
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /**
   * Polls until {@code state} says DONE (returns the last value) or FAILED (throws with {@code
   * describe} of the value), or until {@code timeout} (throws).
   */
  public <T> T until(
      String what,
      Duration timeout,
      Duration initialInterval,
      Duration maxInterval,
      Supplier<T> poll,
      Function<T, State> state,
      Function<T, String> describe,
      Consumer<String> progress) {
    Instant start = clock.instant();
    Duration interval = initialInterval;
    String lastSeen = null;
    while (true) {
      T value = poll.get();
      State s = state.apply(value);
      if (s == State.DONE) {
        return value;
      }
      String desc = describe.apply(value);
      if (s == State.FAILED) {
        throw new WaitFailedException(what + " failed: " + desc);
      }
      Duration elapsed = Duration.between(start, clock.instant());
      if (elapsed.compareTo(timeout) >= 0) {
        throw new WaitFailedException(
            what
                + " did not finish within "
                + Durations.human(timeout)
                + " (last seen: "
                + desc
                + ")");
      }
      if (desc != null && !desc.equals(lastSeen)) {
        progress.accept(desc);
        lastSeen = desc;
      }
      Duration left = timeout.minus(elapsed);
      Duration nap = interval.compareTo(left) < 0 ? interval : left;
      try {
        sleeper.sleep(nap);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DeployerException(what + ": interrupted while waiting");
      }
      long next = (long) (interval.toMillis() * 1.5);
      interval = Duration.ofMillis(Math.min(next, maxInterval.toMillis()));
    }
  }

  /** The wait ended in a failure state or ran out of time. */
  public static final class WaitFailedException extends DeployerException {
    public WaitFailedException(String message) {
      super(message);
    }
  }
}
