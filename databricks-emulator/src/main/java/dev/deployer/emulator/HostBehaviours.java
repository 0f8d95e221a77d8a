package dev.deployer.emulator;

import static dev.deployer.emulator.Router.Scope.OPEN;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How workspace hosts and the workspace objects behave where the real service surprises clients:
 * the reachability lag of a new workspace host, the deployment-name prefix of an account and the
 * spelling of {@code pricing_tier} in answers. Runtime settings, changed under {@code
 * /_emulator/hosts}; all off in a bare builder, on in the sandbox (see {@link Main}).
 */
final class HostBehaviours {
  /** How {@code pricing_tier} comes back in workspace objects. */
  enum PricingTierEcho {
    /** As stored (upper case, the SDK enum's spelling). */
    AS_SENT,
    /** Lower case, which the SDK's enum reader turns into null. */
    LOWER_CASE,
    /** Not at all. */
    ABSENT;

    static PricingTierEcho parse(String v) {
      try {
        return valueOf(v.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "pricing_tier_echo must be as_sent, lower_case or absent, got " + v);
      }
    }
  }

  /** What a request to a workspace host meets in the lag after RUNNING. */
  enum Reach {
    OK,
    /** The connection is closed without an answer (the host "does not exist yet"). */
    UNREACHABLE,
    /** An intermittent 503 while the host settles. */
    FLAKY_503,
    /** An intermittent dropped connection while the host settles. */
    FLAKY_DROP
  }

  private volatile Duration unreachableAfterRunning = Duration.ZERO;
  private volatile Duration flakyAfterRunning = Duration.ZERO;
  private volatile double flakyRate = 0.5;
  private volatile String defaultPrefix;
  private volatile PricingTierEcho pricingTierEcho = PricingTierEcho.AS_SENT;
  private final Map<String, String> prefixes = new ConcurrentHashMap<>();
  private final Random random;

  HostBehaviours(Random random) {
    this.random = random;
  }

  void unreachableAfterRunning(Duration d) {
    unreachableAfterRunning = Objects.requireNonNull(d);
  }

  void flakyAfterRunning(Duration d) {
    flakyAfterRunning = Objects.requireNonNull(d);
  }

  void flakyRate(double rate) {
    if (rate < 0 || rate > 1) {
      throw new IllegalArgumentException("flaky_rate must be between 0 and 1");
    }
    flakyRate = rate;
  }

  /** The prefix every account without its own gets; null or blank = none. */
  void defaultDeploymentPrefix(String prefix) {
    defaultPrefix = prefix == null || prefix.isBlank() ? null : checkPrefix(prefix);
  }

  void pricingTierEcho(PricingTierEcho echo) {
    pricingTierEcho = Objects.requireNonNull(echo);
  }

  PricingTierEcho pricingTierEcho() {
    return pricingTierEcho;
  }

  /** The account's deployment-name prefix, or null. */
  String prefix(String accountId) {
    String p = prefixes.get(accountId);
    if (p != null) {
      return p.isEmpty() ? null : p;
    }
    return defaultPrefix;
  }

  private static String checkPrefix(String p) {
    String v = p.trim().toLowerCase(Locale.ROOT);
    if (!v.matches("[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?")) {
      throw ApiException.invalid("deployment prefix must be lower-case letters, digits, '-': " + p);
    }
    return v;
  }

  /**
   * Decides what a request to a workspace host meets, from the moment the workspace first became
   * RUNNING: nothing answers for the unreachable window, then a share of requests fail for the
   * flaky window.
   */
  Reach reach(long runningAt, long now) {
    if (runningAt <= 0) {
      return Reach.OK;
    }
    long since = now - runningAt;
    long dead = unreachableAfterRunning.toMillis();
    if (since < dead) {
      return Reach.UNREACHABLE;
    }
    if (since < dead + flakyAfterRunning.toMillis()) {
      double roll;
      boolean drop;
      synchronized (random) {
        roll = random.nextDouble();
        drop = random.nextBoolean();
      }
      if (roll < flakyRate) {
        return drop ? Reach.FLAKY_DROP : Reach.FLAKY_503;
      }
    }
    return Reach.OK;
  }

  /** Workspace JSON as the account API answers it, with pricing_tier spelled as configured. */
  ObjectNode present(ObjectNode visibleWorkspace) {
    switch (pricingTierEcho) {
      case LOWER_CASE -> {
        String t = Json.text(visibleWorkspace, "pricing_tier");
        if (t != null) {
          visibleWorkspace.put("pricing_tier", t.toLowerCase(Locale.ROOT));
        }
      }
      case ABSENT -> visibleWorkspace.remove("pricing_tier");
      case AS_SENT -> {
        // as stored
      }
    }
    return visibleWorkspace;
  }

  // ---- admin API ----

  void register(Router r) {
    String p = AdminApi.PREFIX + "/hosts";
    r.add("GET", p, OPEN, (q, s) -> HttpResp.ok(toJson()));
    r.add("PUT", p, OPEN, this::set);
    r.add("POST", p, OPEN, this::set);
    r.add("PUT", AdminApi.PREFIX + "/accounts/{account_id}/deployment-prefix", OPEN, this::setOne);
  }

  ObjectNode toJson() {
    ObjectNode out =
        Json.obj()
            .put("unreachable_after_running_ms", unreachableAfterRunning.toMillis())
            .put("flaky_after_running_ms", flakyAfterRunning.toMillis())
            .put("flaky_rate", flakyRate)
            .put("deployment_prefix", defaultPrefix)
            .put("pricing_tier_echo", pricingTierEcho.name().toLowerCase(Locale.ROOT));
    ObjectNode accounts = out.putObject("account_prefixes");
    prefixes.forEach(accounts::put);
    return out;
  }

  /**
   * Body: any of {"unreachable_after_running": "3s", "flaky_after_running": "5s", "flaky_rate":
   * 0.5, "deployment_prefix": "acme" (or "" for none), "pricing_tier_echo": "lower_case"}.
   */
  private HttpResp set(HttpReq q, State s) {
    JsonNode b = q.json();
    try {
      if (b.has("unreachable_after_running")) {
        unreachableAfterRunning(Main.parseDuration(b.get("unreachable_after_running").asText()));
      }
      if (b.has("flaky_after_running")) {
        flakyAfterRunning(Main.parseDuration(b.get("flaky_after_running").asText()));
      }
      if (b.has("flaky_rate")) {
        flakyRate(b.get("flaky_rate").asDouble());
      }
      if (b.has("deployment_prefix")) {
        defaultDeploymentPrefix(b.get("deployment_prefix").asText(""));
      }
      if (b.has("pricing_tier_echo")) {
        pricingTierEcho(PricingTierEcho.parse(b.get("pricing_tier_echo").asText()));
      }
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(e.getMessage());
    }
    return HttpResp.ok(toJson());
  }

  /** Body {"prefix": "acme"}; "" means this account has none, whatever the default. */
  private HttpResp setOne(HttpReq q, State s) {
    String v = Json.text(q.json(), "prefix");
    prefixes.put(q.param("account_id"), v == null || v.isBlank() ? "" : checkPrefix(v));
    return HttpResp.ok(toJson());
  }
}
