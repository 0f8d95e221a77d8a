package dev.deployer.emulator;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/** What every API area shares: the store, the clock, ids, runtime settings and the AWS view. */
final class Ctx {
  final Store store;
  final Clock clock;
  final AwsView aws;
  final RaceGate race;
  private final Random random;
  volatile Duration provisioningDelay;

  /** How long Unity Catalog keeps answering "No metastore assigned" after an assignment. */
  volatile Duration ucLag = Duration.ZERO;

  /** How long permission assignment is refused after a workspace is created or assigned. */
  volatile Duration permissionAssignmentLag = Duration.ZERO;

  /** Automatic Unity Catalog enablement for accounts that have no setting of their own. */
  volatile boolean autoUnityCatalog;

  Ctx(Store store, Clock clock, AwsView aws, Duration raceWindow, Duration delay, Random random) {
    this.store = store;
    this.clock = clock;
    this.aws = aws;
    this.random = random;
    this.provisioningDelay = delay;
    this.race = new RaceGate(clock, raceWindow);
  }

  boolean autoUnityCatalog(State.Account a) {
    return a.autoUnityCatalog != null ? a.autoUnityCatalog : autoUnityCatalog;
  }

  long now() {
    return clock.millis();
  }

  synchronized String uuid() {
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }

  /** A positive id with the given number of decimal digits (workspace, SCIM and repo ids). */
  synchronized long numericId(int digits) {
    long low = (long) Math.pow(10, digits - 1);
    return low + Math.floorMod(random.nextLong(), 9 * low);
  }

  synchronized String hex(int chars) {
    StringBuilder sb = new StringBuilder();
    while (sb.length() < chars) {
      sb.append(Long.toHexString(random.nextLong() & Long.MAX_VALUE));
    }
    return sb.substring(0, chars).toLowerCase(Locale.ROOT);
  }
}
