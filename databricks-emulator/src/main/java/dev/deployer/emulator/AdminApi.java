package dev.deployer.emulator;

import static dev.deployer.emulator.Router.Scope.OPEN;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The emulator's own control API under {@code /_emulator/}: no auth, never part of the Databricks
 * surface. Lets tests and the sandbox reset, inspect and tune the emulator at run time.
 */
record AdminApi(Ctx ctx, Faults faults, IdentityApi identity, String awsEndpoint) {
  static final String PREFIX = "/_emulator";
  private static final Set<String> STATUSES =
      Set.of("NOT_PROVISIONED", "PROVISIONING", "RUNNING", "FAILED", "BANNED", "CANCELLING");

  void register(Router r) {
    r.add("GET", PREFIX + "/health", OPEN, (q, s) -> HttpResp.ok(Json.obj().put("status", "ok")));
    r.add("GET", PREFIX + "/info", OPEN, this::info);
    r.add("POST", PREFIX + "/reset", OPEN, this::reset);
    r.add("GET", PREFIX + "/dump", OPEN, this::dump);
    r.add("GET", PREFIX + "/faults", OPEN, (q, s) -> faultsJson());
    r.add("PUT", PREFIX + "/faults", OPEN, this::setFaults);
    r.add("POST", PREFIX + "/faults", OPEN, this::setFaults);
    r.add("DELETE", PREFIX + "/faults", OPEN, (q, s) -> clearFaults());
    for (String m : List.of("PUT", "POST")) {
      r.add(m, PREFIX + "/race-window", OPEN, setting(ctx.race::window));
      r.add(m, PREFIX + "/provisioning-delay", OPEN, setting(d -> ctx.provisioningDelay = d));
      r.add(m, PREFIX + "/uc-lag", OPEN, setting(d -> ctx.ucLag = d));
      r.add(
          m,
          PREFIX + "/permission-assignment-lag",
          OPEN,
          setting(d -> ctx.permissionAssignmentLag = d));
      r.add(m, PREFIX + "/auto-unity-catalog", OPEN, this::setAutoUnityCatalog);
      r.add(m, PREFIX + "/accounts/{account_id}/auto-unity-catalog", OPEN, this::setAccountAutoUc);
    }
    r.add("POST", PREFIX + "/accounts/{account_id}/scim/{kind}", OPEN, this::seed);
    r.add(
        "PUT",
        PREFIX + "/accounts/{account_id}/service-principals/{application_id}/roles",
        OPEN,
        (q, s) ->
            HttpResp.ok(
                Json.visible(
                    identity.setRoles(
                        s.account(q.param("account_id")),
                        q.param("application_id"),
                        q.json().path("roles")))));
    r.add(
        "POST",
        PREFIX + "/accounts/{account_id}/workspaces/{workspace_id}/status",
        OPEN,
        this::forceStatus);
  }

  private HttpResp info(HttpReq q, State s) {
    return HttpResp.ok(
        Json.obj()
            .put("account_id", s.defaultAccountId)
            .put("aws_endpoint", awsEndpoint)
            .put("aws_aware", ctx.aws.enabled())
            .put("race_window_ms", ctx.race.window().toMillis())
            .put("provisioning_delay_ms", ctx.provisioningDelay.toMillis())
            .put("uc_lag_ms", ctx.ucLag.toMillis())
            .put("permission_assignment_lag_ms", ctx.permissionAssignmentLag.toMillis())
            .put("auto_unity_catalog", ctx.autoUnityCatalog));
  }

  private HttpResp reset(HttpReq q, State s) {
    String account = q.query("account_id");
    if (account == null) {
      account = Json.text(q.json(), "account_id");
    }
    ctx.store.reset(account);
    return HttpResp.empty();
  }

  private HttpResp dump(HttpReq q, State s) {
    try {
      return HttpResp.ok(Json.MAPPER.readTree(ctx.store.dump()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HttpResp faultsJson() {
    ObjectNode out = Json.obj();
    out.set("rules", faults.toJson());
    out.set("injected", faults.injectedJson());
    return HttpResp.ok(out);
  }

  /**
   * Body {"rules":[{path_regex, method?, rate_429, rate_503, latency_ms, retry_after_seconds}],
   * "seed"?}.
   */
  private HttpResp setFaults(HttpReq q, State s) {
    JsonNode body = q.json();
    List<Faults.Rule> rules = new ArrayList<>();
    JsonNode arr = body.isArray() ? body : body.get("rules");
    if (arr != null && arr.isArray()) {
      for (JsonNode n : arr) {
        try {
          rules.add(Faults.Rule.fromJson(n));
        } catch (java.util.regex.PatternSyntaxException e) {
          throw ApiException.invalid("Bad path_regex: " + e.getMessage());
        }
      }
    }
    Long seed = body.has("seed") ? body.get("seed").asLong() : null;
    faults.set(rules, seed);
    return faultsJson();
  }

  private HttpResp clearFaults() {
    faults.set(List.of(), null);
    return faultsJson();
  }

  /** Accepts {"seconds": 10}, {"millis": 500} or {"duration": "10s"}. */
  static Duration duration(JsonNode body) {
    if (body.has("millis")) {
      return Duration.ofMillis(body.get("millis").asLong());
    }
    if (body.has("seconds")) {
      return Duration.ofMillis(Math.round(body.get("seconds").asDouble() * 1000));
    }
    String d = Json.text(body, "duration");
    if (d == null) {
      throw ApiException.missing("seconds");
    }
    try {
      return Main.parseDuration(d);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(e.getMessage());
    }
  }

  /** A route that sets one of the emulator's durations from the body, then shows them all. */
  private Router.Handler setting(Consumer<Duration> set) {
    return (q, s) -> {
      set.accept(duration(q.json()));
      return info(q, s);
    };
  }

  /** Body {"enabled": true}: the default for accounts without a setting of their own. */
  private HttpResp setAutoUnityCatalog(HttpReq q, State s) {
    ctx.autoUnityCatalog = enabled(q.json());
    return info(q, s);
  }

  /** Body {"enabled": true|false|null}: one account's switch (null = the emulator default). */
  private HttpResp setAccountAutoUc(HttpReq q, State s) {
    State.Account a = s.account(q.param("account_id"));
    JsonNode v = q.json().get("enabled");
    a.autoUnityCatalog = v == null || v.isNull() ? null : enabled(q.json());
    ctx.store.changed();
    return HttpResp.ok(
        Json.obj()
            .put("account_id", q.param("account_id"))
            .put("auto_unity_catalog", ctx.autoUnityCatalog(a)));
  }

  private static boolean enabled(JsonNode body) {
    JsonNode v = body.get("enabled");
    if (v == null || !v.isBoolean()) {
      throw ApiException.invalid("Expected {\"enabled\": true|false}.");
    }
    return v.asBoolean();
  }

  /**
   * Seeds one principal, or with {@code {"Resources": [...]}} many in one request (a directory of
   * ten thousand users for a scale test, which one create call each would take minutes to build).
   * Each goes through the same create as the SCIM API, with its checks.
   */
  private HttpResp seed(HttpReq q, State s) {
    IdentityApi.Kind kind = IdentityApi.Kind.fromPath(q.param("kind"));
    State.Account account = s.account(q.param("account_id"));
    JsonNode body = q.json();
    if (body.has("Resources")) {
      List<ObjectNode> created = new ArrayList<>();
      for (JsonNode one : body.get("Resources")) {
        created.add(identity.create(account, kind, one));
      }
      ObjectNode answer = Json.obj();
      answer.set("Resources", Json.visibleAll(created));
      return HttpResp.ok(answer);
    }
    return HttpResp.ok(Json.visible(identity.create(account, kind, body)));
  }

  /** Forces a workspace status (e.g. BANNED) to test callers' failure handling. */
  private HttpResp forceStatus(HttpReq q, State s) {
    ObjectNode ws =
        q.numbered(s.account(q.param("account_id")).workspaces, "workspace_id", "Workspace");
    String status = Json.enumValue(q.json(), "status", STATUSES, null);
    if (status == null) {
      throw ApiException.missing("status");
    }
    ws.put("workspace_status", status);
    String msg = Json.text(q.json(), "message");
    ws.put("workspace_status_message", msg == null ? "Set by the emulator admin API." : msg);
    ws.remove("_ready_at");
    ctx.store.changed();
    return HttpResp.ok(Json.visible(ws));
  }
}
