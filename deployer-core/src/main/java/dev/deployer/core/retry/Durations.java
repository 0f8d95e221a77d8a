package dev.deployer.core.retry;

import java.time.Duration;

/** Durations for people: {@code 850ms}, {@code 12s}, {@code 2m5s}. */
public final class Durations {
  private Durations() {}

  public static String human(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + "ms";
    }
    long s = d.toSeconds();
    if (s < 60) {
      return ms < 10_000 ? String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0) : s + "s";
    }
    return (s / 60) + "m" + (s % 60) + "s";
  }

  /** Parses {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h} or an ISO-8601 duration. */
  public static Duration parse(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      if (t.startsWith("p") || t.startsWith("-p")) {
        // ISO-8601 first: "PT5S" would otherwise be read as the short form "pt5" seconds.
        return Duration.parse(text.trim());
      }
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      if (t.endsWith("s")) {
        return Duration.ofMillis(
            (long) (Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
      }
      if (t.endsWith("m")) {
        return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
      }
      if (t.endsWith("h")) {
        return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
      }
      return Duration.parse(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "not a duration: '" + text + "' (use e.g. 500ms, 10s, 2m)");
    }
  }
}
