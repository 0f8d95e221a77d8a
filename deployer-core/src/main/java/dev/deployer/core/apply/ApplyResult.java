package dev.deployer.core.apply;

import dev.deployer.core.state.StackState;
import java.time.Duration;
import java.util.List;

/** How an apply went: counts, every failure, and the state it left. */
public record ApplyResult(
    int added,
    int changed,
    int destroyed,
    List<Failure> failures,
    List<String> skipped,
    StackState state,
    Duration elapsed) {

  public ApplyResult {
    failures = List.copyOf(failures);
    skipped = List.copyOf(skipped);
  }

  public boolean succeeded() {
    return failures.isEmpty();
  }

  /** One failed operation. */
  public record Failure(String address, String type, String verb, Throwable error) {
    public String describe() {
      return verb.toLowerCase(java.util.Locale.ROOT)
          + " "
          + address
          + " ("
          + type
          + "): "
          + message(error);
    }

    private static String message(Throwable t) {
      String m = t.getMessage();
      return m == null ? t.getClass().getSimpleName() : m;
    }
  }
}
