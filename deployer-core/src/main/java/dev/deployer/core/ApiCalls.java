package dev.deployer.core;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the API calls a run makes, per service ("ec2", "iam", "databricks-account", ...). The
 * clients record into the run's one instance; `-v` and the benchmarks print it.
 */
public final class ApiCalls {
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  public void record(String service) {
    counts.computeIfAbsent(service, k -> new LongAdder()).increment();
  }

  public Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  public long total() {
    return counts.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** {@code 42 (ec2 30, iam 4, s3 8)}. */
  public String summary() {
    Map<String, Long> s = snapshot();
    StringBuilder sb = new StringBuilder().append(total());
    if (!s.isEmpty()) {
      sb.append(" (");
      s.forEach((k, v) -> sb.append(k).append(' ').append(v).append(", "));
      sb.setLength(sb.length() - 2);
      sb.append(')');
    }
    return sb.toString();
  }
}
