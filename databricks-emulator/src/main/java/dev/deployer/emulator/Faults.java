package dev.deployer.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Injected trouble for API calls: per path pattern, a chance of 429 (with Retry-After), of 503, of
 * a connection closed without an answer ("reset": the request is not processed), of an answer cut
 * short (the request IS processed, the client reads half a body), and a fixed added latency. The
 * random source is injectable so tests are repeatable.
 */
final class Faults {
  record Rule(
      Pattern path,
      String method,
      double rate429,
      double rate503,
      double rateReset,
      double rateCut,
      long latencyMillis,
      long retryAfterSeconds) {

    static Rule fromJson(JsonNode n) {
      String regex = Json.text(n, "path_regex");
      return new Rule(
          Pattern.compile(regex == null ? ".*" : regex),
          Json.text(n, "method"),
          rate(n, "rate_429"),
          rate(n, "rate_503"),
          rate(n, "rate_reset"),
          rate(n, "rate_cut"),
          Math.max(0, n.path("latency_ms").asLong(0)),
          Math.max(0, n.path("retry_after_seconds").asLong(1)));
    }

    private static double rate(JsonNode n, String f) {
      double r = n.path(f).asDouble(0);
      if (r < 0 || r > 1) {
        throw ApiException.invalid(f + " must be between 0 and 1");
      }
      return r;
    }

    Rule {
      if (rate429 + rate503 + rateReset + rateCut > 1) {
        throw ApiException.invalid("the rates of one rule add up to more than 1");
      }
    }

    JsonNode toJson() {
      return Json.obj()
          .put("path_regex", path.pattern())
          .put("method", method)
          .put("rate_429", rate429)
          .put("rate_503", rate503)
          .put("rate_reset", rateReset)
          .put("rate_cut", rateCut)
          .put("latency_ms", latencyMillis)
          .put("retry_after_seconds", retryAfterSeconds);
    }

    boolean matches(String m, String p) {
      return (method == null || method.equalsIgnoreCase(m)) && path.matcher(p).matches();
    }
  }

  private final List<Rule> rules = new CopyOnWriteArrayList<>();

  /** How many faults of each kind were injected since start, for reports. */
  private final java.util.concurrent.ConcurrentHashMap<
          String, java.util.concurrent.atomic.LongAdder>
      injected = new java.util.concurrent.ConcurrentHashMap<>();

  /** One rule for every API path: {@code rate} split evenly between 429, 503 and a reset. */
  static Rule uniform(double rate) {
    if (rate < 0 || rate > 1) {
      throw new IllegalArgumentException("fault rate must be between 0 and 1: " + rate);
    }
    return new Rule(Pattern.compile("/api/.*"), null, rate / 3, rate / 3, rate / 3, 0, 0, 0);
  }

  private void count(String kind) {
    injected.computeIfAbsent(kind, k -> new java.util.concurrent.atomic.LongAdder()).increment();
  }

  JsonNode injectedJson() {
    com.fasterxml.jackson.databind.node.ObjectNode o = Json.obj();
    new java.util.TreeMap<>(injected).forEach((k, v) -> o.put(k, v.sum()));
    return o;
  }

  private final DatabricksEmulator.Sleeper sleeper;
  private Random random;

  Faults(Random random, DatabricksEmulator.Sleeper sleeper) {
    this.random = random;
    this.sleeper = sleeper;
  }

  void set(List<Rule> newRules, Long seed) {
    rules.clear();
    rules.addAll(newRules);
    if (seed != null) {
      synchronized (this) {
        random = new Random(seed);
      }
    }
  }

  ArrayNode toJson() {
    ArrayNode a = Json.arr();
    rules.forEach(r -> a.add(r.toJson()));
    return a;
  }

  /** Placeholder answer meaning "run the handler, then cut its answer short". */
  static final HttpResp CUT_AFTER_HANDLING = HttpResp.cutShort(new HttpResp(0, null, Map.of()));

  /**
   * Applies latency, then maybe answers with a fault instead of the real handler: an error, a
   * dropped connection, or {@link #CUT_AFTER_HANDLING}.
   */
  Optional<HttpResp> apply(String method, String path) {
    for (Rule r : rules) {
      if (!r.matches(method, path)) {
        continue;
      }
      if (r.latencyMillis > 0) {
        try {
          sleeper.sleep(r.latencyMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      double roll;
      synchronized (this) {
        roll = random.nextDouble();
      }
      if (roll < r.rate429) {
        count("429");
        return Optional.of(
            new HttpResp(
                429,
                Json.obj()
                    .put("error_code", "REQUEST_LIMIT_EXCEEDED")
                    .put("message", "Too many requests (injected by the emulator)"),
                Map.of("Retry-After", Long.toString(r.retryAfterSeconds))));
      }
      if (roll < r.rate429 + r.rate503) {
        count("503");
        return Optional.of(
            new HttpResp(
                503,
                Json.obj()
                    .put("error_code", "TEMPORARILY_UNAVAILABLE")
                    .put("message", "The service is temporarily unavailable (injected)"),
                Map.of()));
      }
      if (roll < r.rate429 + r.rate503 + r.rateReset) {
        count("reset");
        return Optional.of(HttpResp.dropConnection());
      }
      if (roll < r.rate429 + r.rate503 + r.rateReset + r.rateCut) {
        count("cut");
        return Optional.of(CUT_AFTER_HANDLING);
      }
    }
    return Optional.empty();
  }
}
