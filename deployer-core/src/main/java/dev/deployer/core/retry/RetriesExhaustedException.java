package dev.deployer.core.retry;

import dev.deployer.core.DeployerException;
import java.time.Duration;
import java.util.Map;

/** A retried call kept failing until its attempt or time bound. */
public final class RetriesExhaustedException extends DeployerException {
  private final int attempts;
  private final Duration elapsed;

  public RetriesExhaustedException(String what, int attempts, Duration elapsed, Throwable last) {
    this(what, attempts, elapsed, last, Map.of());
  }

  /**
   * @param reasons why the attempts failed ({@link Retrier}'s description of each, with counts)
   */
  public RetriesExhaustedException(
      String what, int attempts, Duration elapsed, Throwable last, Map<String, Integer> reasons) {
    super(
        what
            + " still failing after "
            + attempts
            + " attempts over "
            + Durations.human(elapsed)
            + because(reasons)
            + ": "
            + last.getMessage()
            + advice(reasons),
        last);
    this.attempts = attempts;
    this.elapsed = elapsed;
  }

  private static String because(Map<String, Integer> reasons) {
    if (reasons.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder(" (retried because of ");
    reasons.forEach((why, n) -> sb.append(n == 1 ? "" : n + " x ").append(why).append("; "));
    sb.setLength(sb.length() - 2);
    return sb.append(')').toString();
  }

  private static String advice(Map<String, Integer> reasons) {
    if (reasons.keySet().stream().anyMatch(r -> r.contains("(rate limited)"))) {
      return ". The service kept rate-limiting the calls: run again later or with a lower"
          + " --parallelism, or ask for a higher quota";
    }
    return "";
  }

  public int attempts() {
    return attempts;
  }

  public Duration elapsed() {
    return elapsed;
  }
}
