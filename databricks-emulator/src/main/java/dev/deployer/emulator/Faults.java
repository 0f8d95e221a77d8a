package dev.deployer.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
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
      double edge = 0;
      for (Outcome o : outcomes(r)) {
        edge += o.rate;
        if (roll < edge) {
          count(o.name);
          return Optional.of(o.answer.get());
        }
      }
    }
    return Optional.empty();
  }

  /** One kind of injected fault: its counter's name, its share of the calls, its answer. */
  private record Outcome(String name, double rate, Supplier<HttpResp> answer) {}

  /** The rule's faults in the order their shares of one roll are laid end to end. */
  private static List<Outcome> outcomes(Rule r) {
    return List.of(
        new Outcome(
            "429",
            r.rate429,
            () ->
                error(
                    429,
                    "REQUEST_LIMIT_EXCEEDED",
                    "Too many requests (injected by the emulator)",
                    Map.of("Retry-After", Long.toString(r.retryAfterSeconds)))),
        new Outcome(
            "503",
            r.rate503,
            () ->
                error(
                    503,
                    "TEMPORARILY_UNAVAILABLE",
                    "The service is temporarily unavailable (injected)",
                    Map.of())),
        new Outcome("reset", r.rateReset, HttpResp::dropConnection),
        new Outcome("cut", r.rateCut, () -> CUT_AFTER_HANDLING));
  }

  private static HttpResp error(
      int status, String code, String message, Map<String, String> headers) {
    return new HttpResp(
        status, Json.obj().put("error_code", code).put("message", message), headers);
  }
}
