package dev.deployer.emulator;

import static dev.deployer.emulator.Router.Scope.ACCOUNT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Billable usage and audit log delivery. There is no DELETE: configs are only disabled. */
record LogDeliveryApi(Ctx ctx) {
  static final int PAGE_SIZE = 50;
  private static final Set<String> STATUSES = Set.of("ENABLED", "DISABLED");
  private static final String BASE = "/api/2.0/accounts/{account_id}/log-delivery";
  private static final AccountObjects.Wrapped WRAPPED =
      new AccountObjects.Wrapped("log_delivery_configuration");

  void register(Router r) {
    r.add("POST", BASE, ACCOUNT, this::create);
    r.add("GET", BASE, ACCOUNT, this::list);
    r.add("GET", BASE + "/{config_id}", ACCOUNT, this::get);
    r.add("PATCH", BASE + "/{config_id}", ACCOUNT, this::patchStatus);
  }

  private static ObjectNode find(State.Account a, String id) {
    return AccountObjects.find(a.logDeliveries, id, "Log delivery configuration");
  }

  private HttpResp create(HttpReq q, State s) {
    State.Account a = AccountConfigsApi.acct(q, s);
    JsonNode in = WRAPPED.body(q);
    String logType = Json.required(in, "log_type");
    String format = Json.required(in, "output_format");
    String credentialsId = Json.required(in, "credentials_id");
    String storageId = Json.required(in, "storage_configuration_id");
    String prefix = Json.text(in, "delivery_path_prefix");
    LogDeliveryRules.check(logType, format, prefix);
    String status = Json.enumValue(in, "status", STATUSES, "ENABLED");
    if (!a.credentials.containsKey(credentialsId)) {
      throw ApiException.invalid("Credential configuration " + credentialsId + " does not exist.");
    }
    if (!a.storageConfigurations.containsKey(storageId)) {
      throw ApiException.invalid("Storage configuration " + storageId + " does not exist.");
    }
    String name = Json.text(in, "config_name");
    if (name != null && name.length() > 255) {
      throw ApiException.invalid("config_name must be at most 255 characters.");
    }
    String start = Json.text(in, "delivery_start_time");
    if (start != null && !start.matches("\\d{4}-\\d{2}")) {
      throw ApiException.invalid("delivery_start_time must be YYYY-MM: " + start);
    }
    String id = ctx.uuid();
    long now = ctx.now();
    ObjectNode c =
        Json.obj()
            .put("config_id", id)
            .put("account_id", q.param("account_id"))
            .put("log_type", logType)
            .put("output_format", format)
            .put("credentials_id", credentialsId)
            .put("storage_configuration_id", storageId)
            .put("status", status)
            .put("creation_time", now)
            .put("update_time", now);
    if (name != null) {
      c.put("config_name", name);
    }
    if (prefix != null) {
      c.put("delivery_path_prefix", prefix);
    }
    if (start != null) {
      c.put("delivery_start_time", start);
    }
    ArrayNode filter = c.putArray("workspace_ids_filter");
    JsonNode ids = in.get("workspace_ids_filter");
    if (ids != null && ids.isArray()) {
      for (JsonNode w : ids) {
        if (!w.canConvertToLong()) {
          throw ApiException.invalid("workspace_ids_filter must hold workspace ids (numbers)");
        }
        filter.add(w.asLong());
      }
    }
    checkEnabledLimit(a, c);
    c.putObject("log_delivery_status")
        .put("status", "CREATED")
        .put("message", "Log delivery is set up; no delivery was attempted yet.");
    a.logDeliveries.put(id, c);
    ctx.store.changed();
    return WRAPPED.answer(c);
  }

  /**
   * At most two enabled configurations per log type at account level (no workspace filter), and a
   * workspace id in the filter of at most two enabled ones per log type; a create or re-enable
   * beyond that fails (SDK {@code LogDeliveryAPI.create} javadoc, "There is a limit on the number
   * of log delivery configurations"; provider docs/resources/mws_log_delivery.md). The real error
   * code and wording are not published.
   */
  private static void checkEnabledLimit(State.Account a, ObjectNode candidate) {
    if (!"ENABLED".equals(Json.text(candidate, "status"))) {
      return;
    }
    String type = Json.text(candidate, "log_type");
    String self = Json.text(candidate, "config_id");
    List<ObjectNode> others =
        a.logDeliveries.values().stream()
            .filter(o -> !Json.text(o, "config_id").equals(self))
            .filter(o -> "ENABLED".equals(Json.text(o, "status")))
            .filter(o -> type.equals(Json.text(o, "log_type")))
            .collect(Collectors.toList());
    JsonNode filter = candidate.path("workspace_ids_filter");
    if (filter.isEmpty()) {
      long accountLevel =
          others.stream().filter(o -> o.path("workspace_ids_filter").isEmpty()).count();
      if (accountLevel >= 2) {
        throw ApiException.invalid(
            "The account already has "
                + accountLevel
                + " enabled account-level log delivery configurations of type "
                + type
                + " (at most 2); disable one first.");
      }
      return;
    }
    for (JsonNode w : filter) {
      long forWorkspace =
          others.stream()
              .filter(
                  o -> {
                    for (JsonNode x : o.path("workspace_ids_filter")) {
                      if (x.asLong() == w.asLong()) {
                        return true;
                      }
                    }
                    return false;
                  })
              .count();
      if (forWorkspace >= 2) {
        throw ApiException.invalid(
            "Workspace "
                + w.asLong()
                + " is already in the workspace filter of "
                + forWorkspace
                + " enabled log delivery configurations of type "
                + type
                + " (at most 2); disable one first.");
      }
    }
  }

  private HttpResp list(HttpReq q, State s) {
    State.Account a = AccountConfigsApi.acct(q, s);
    String status = q.query("status");
    String creds = q.query("credentials_id");
    String storage = q.query("storage_configuration_id");
    List<ObjectNode> all =
        a.logDeliveries.values().stream()
            .filter(c -> status == null || status.equals(Json.text(c, "status")))
            .filter(c -> creds == null || creds.equals(Json.text(c, "credentials_id")))
            .filter(
                c -> storage == null || storage.equals(Json.text(c, "storage_configuration_id")))
            .collect(Collectors.toList());
    int from = 0;
    String token = q.query("page_token");
    if (token != null) {
      try {
        from = Integer.parseInt(token);
      } catch (NumberFormatException e) {
        throw ApiException.invalid("Invalid page_token: " + token);
      }
    }
    int to = Math.min(all.size(), from + PAGE_SIZE);
    ObjectNode out = Json.obj();
    out.set("log_delivery_configurations", Json.visibleAll(all.subList(Math.min(from, to), to)));
    if (to < all.size()) {
      out.put("next_page_token", Integer.toString(to));
    }
    return HttpResp.ok(out);
  }

  private HttpResp get(HttpReq q, State s) {
    return WRAPPED.answer(find(AccountConfigsApi.acct(q, s), q.param("config_id")));
  }

  private HttpResp patchStatus(HttpReq q, State s) {
    ObjectNode c = find(AccountConfigsApi.acct(q, s), q.param("config_id"));
    JsonNode body = q.json();
    if (Json.text(body, "status") == null) {
      throw ApiException.missing("status");
    }
    String status = Json.enumValue(body, "status", STATUSES, null);
    if ("ENABLED".equals(status) && !"ENABLED".equals(Json.text(c, "status"))) {
      ObjectNode enabled = c.deepCopy().put("status", "ENABLED");
      checkEnabledLimit(AccountConfigsApi.acct(q, s), enabled);
    }
    c.put("status", status);
    c.put("update_time", ctx.now());
    ctx.store.changed();
    return HttpResp.empty();
  }
}
