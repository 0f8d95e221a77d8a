package dev.deployer.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Reproduces IAM propagation: calls that hand Databricks a role are refused until the role is older
 * than the window. Age comes from IAM's CreateDate when AWS is known, else from the first time the
 * emulator saw the ARN.
 */
final class RaceGate {
  static final String MESSAGE =
      "Failed credential validation checks: please use a valid cross account IAM role with"
          + " permissions setup correctly";

  private final Clock clock;
  private volatile Duration window;

  RaceGate(Clock clock, Duration window) {
    this.clock = clock;
    this.window = window == null ? Duration.ZERO : window;
  }

  Duration window() {
    return window;
  }

  void window(Duration w) {
    this.window = w;
  }

  /**
   * Throws MALFORMED_REQUEST while the role is too young. {@code created} is IAM's CreateDate if
   * known; {@code firstSeen} is the state's map of first sightings (updated here).
   */
  void check(String roleArn, Instant created, Map<String, Long> firstSeen, Runnable changed) {
    Instant origin = created;
    if (origin == null) {
      Long seen = firstSeen.get(roleArn);
      if (seen == null) {
        seen = clock.millis();
        firstSeen.put(roleArn, seen);
        changed.run();
      }
      origin = Instant.ofEpochMilli(seen);
    }
    if (isYoung(origin, clock.instant(), window)) {
      throw ApiException.malformed(MESSAGE);
    }
  }

  static boolean isYoung(Instant origin, Instant now, Duration window) {
    return !window.isZero() && now.isBefore(origin.plus(window));
  }
}
