package dev.deployer.emulator;

import static dev.deployer.emulator.Router.Scope.WORKSPACE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Cluster policies and workspace-conf, per workspace. */
record WorkspaceSettingsApi(Ctx ctx) {
  private static final Set<String> POLICY_TYPES =
      Set.of("fixed", "forbidden", "allowlist", "blocklist", "regex", "range", "unlimited");

  /** Keys workspace-conf accepts; the service refuses others. */
  static final Set<String> CONF_KEYS =
      Set.of(
          "enableResultsDownloading",
          "enableNotebookTableClipboard",
          "enableWebTerminal",
          "enableDbfsFileBrowser",
          "enableVerboseAuditLogs",
          "enable-X-Frame-Options",
          "enable-X-Content-Type-Options",
          "enable-X-XSS-Protection",
          "enforceUserIsolation",
          "enableNotebookGitVersioning",
          "enableIpAccessLists",
          "enableTokensConfig",
          "maxTokenLifetimeDays",
          "enableDeprecatedGlobalInitScripts",
          "enableExportNotebook",
          "enableUploadDataUis",
          "enableWorkspaceFilesystem",
          "enableProjectTypeInWorkspace",
          "enableDcs",
          "enableJobViewAcls",
          "enableHlsRuntime",
          "enableEnforceImdsV2",
          "enableGp3",
          "enableLibraryAndInitScriptOnSharedCluster",
          "enableFileStoreEndpoint",
          "storeInteractiveNotebookResultsInCustomerAccount",
          "mlflowRunArtifactDownloadEnabled",
          "mlflowModelServingEndpointCreationEnabled",
          "mlflowModelRegistryEmailNotificationsEnabled",
          "jobsListBackendPaginationEnabled");

  void register(Router r) {
    String p = "/api/2.0/policies/clusters";
    r.add("POST", p + "/create", WORKSPACE, this::createPolicy);
    r.add("POST", p + "/edit", WORKSPACE, this::editPolicy);
    r.add("POST", p + "/delete", WORKSPACE, this::deletePolicy);
    r.add("GET", p + "/get", WORKSPACE, Router.getByQuery("policy_id", this::policy));
    r.add("GET", p + "/list", WORKSPACE, this::listPolicies);
    r.add("GET", "/api/2.0/workspace-conf", WORKSPACE, this::getConf);
    r.add("PATCH", "/api/2.0/workspace-conf", WORKSPACE, this::setConf);
  }

  // ---- cluster policies ----

  /** The definition must be a JSON object of attribute -> {type, ...} with a known type. */
  static void checkDefinition(String definition) {
    if (definition == null) {
      return;
    }
    JsonNode def;
    try {
      def = Json.MAPPER.readTree(definition);
    } catch (IOException e) {
      throw ApiException.invalid("Policy definition is not valid JSON: " + e.getMessage());
    }
    if (def == null || !def.isObject()) {
      throw ApiException.invalid("Policy definition must be a JSON object.");
    }
    def.fields()
        .forEachRemaining(
            e -> {
              String type = Json.text(e.getValue(), "type");
              if (type == null || !POLICY_TYPES.contains(type)) {
                throw ApiException.invalid(
                    "Policy attribute "
                        + e.getKey()
                        + " has invalid type '"
                        + type
                        + "'; expected one of "
                        + POLICY_TYPES);
              }
            });
  }

  private ObjectNode policy(HttpReq q, State s, String id) {
    return AccountObjects.findRequired(
        s.workspaceData(q).clusterPolicies,
        "policy_id",
        id,
        unknown -> ApiException.notFound("Cluster policy " + unknown + " does not exist."));
  }

  private static void checkName(State.WorkspaceData d, String name, String selfId) {
    for (ObjectNode p : d.clusterPolicies.values()) {
      if (name.equalsIgnoreCase(Json.text(p, "name"))
          && !Json.text(p, "policy_id").equals(selfId)) {
        throw ApiException.invalid("Cluster policy with name '" + name + "' already exists.");
      }
    }
  }

  private static void apply(JsonNode body, ObjectNode p) {
    for (String f :
        List.of(
            "name",
            "definition",
            "description",
            "max_clusters_per_user",
            "policy_family_id",
            "policy_family_definition_overrides",
            "libraries")) {
      JsonNode v = body.get(f);
      if (v != null && !v.isNull()) {
        p.set(f, v.deepCopy());
      } else if (!f.equals("name")) {
        p.remove(f);
      }
    }
  }

  private static void validate(JsonNode body) {
    Json.required(body, "name");
    checkDefinition(Json.text(body, "definition"));
    JsonNode max = body.get("max_clusters_per_user");
    if (max != null && !max.isNull() && (!max.canConvertToLong() || max.asLong() < 1)) {
      throw ApiException.invalid("max_clusters_per_user must be a positive number.");
    }
    if (Json.text(body, "definition") == null && Json.text(body, "policy_family_id") == null) {
      throw ApiException.missing("definition");
    }
  }

  private HttpResp createPolicy(HttpReq q, State s) {
    State.WorkspaceData d = s.workspaceData(q);
    JsonNode body = q.json();
    validate(body);
    checkName(d, Json.text(body, "name"), null);
    String id = ctx.hex(16).toUpperCase(Locale.ROOT);
    ObjectNode p =
        Json.obj()
            .put("policy_id", id)
            .put("created_at_timestamp", ctx.now())
            .put("creator_user_name", IdentityApi.ME_USER)
            .put("is_default", false);
    apply(body, p);
    d.clusterPolicies.put(id, p);
    ctx.store.changed();
    return HttpResp.ok(Json.obj().put("policy_id", id));
  }

  private HttpResp editPolicy(HttpReq q, State s) {
    JsonNode body = q.json();
    ObjectNode p = policy(q, s, Json.text(body, "policy_id"));
    validate(body);
    checkName(s.workspaceData(q), Json.text(body, "name"), Json.text(p, "policy_id"));
    apply(body, p);
    ctx.store.changed();
    return HttpResp.empty();
  }

  private HttpResp deletePolicy(HttpReq q, State s) {
    ObjectNode p = policy(q, s, Json.text(q.json(), "policy_id"));
    s.workspaceData(q).clusterPolicies.remove(Json.text(p, "policy_id"));
    PermissionsApi.forget(s.workspaceData(q), "cluster-policies", Json.text(p, "policy_id"));
    ctx.store.changed();
    return HttpResp.empty();
  }

  private HttpResp listPolicies(HttpReq q, State s) {
    return HttpResp.ok("policies", Json.visibleAll(s.workspaceData(q).clusterPolicies.values()));
  }

  // ---- workspace-conf ----

  private static void checkKeys(Iterable<String> keys) {
    List<String> bad = new ArrayList<>();
    keys.forEach(
        k -> {
          if (!CONF_KEYS.contains(k)) {
            bad.add(k);
          }
        });
    if (!bad.isEmpty()) {
      // The service lists them as a JSON array, which the provider parses
      // (workspace/resource_workspace_conf.go parseInvalidKeysFromError; issue #1769).
      throw ApiException.invalid("Invalid keys: " + Json.MAPPER.valueToTree(bad));
    }
  }

  /**
   * GET with ?keys=a,b answers those keys (null for one never set). The keys are required, as by
   * the service: databricks-sdk-java 0.141.0's getStatus sends none and is refused.
   */
  private HttpResp getConf(HttpReq q, State s) {
    Map<String, String> conf = s.workspaceData(q).conf;
    ObjectNode out = Json.obj();
    String keys = q.query("keys");
    if (keys == null || keys.isBlank()) {
      throw ApiException.invalid("Missing required field: keys");
    }
    List<String> wanted = new ArrayList<>();
    for (String k : keys.split(",")) {
      if (!k.isBlank()) {
        wanted.add(k.trim());
      }
    }
    checkKeys(wanted);
    wanted.forEach(k -> out.put(k, conf.get(k)));
    return HttpResp.ok(out);
  }

  private HttpResp setConf(HttpReq q, State s) {
    JsonNode body = q.json();
    if (!body.isObject()) {
      throw ApiException.malformed("workspace-conf expects a JSON object of strings.");
    }
    List<String> keys = new ArrayList<>();
    body.fieldNames().forEachRemaining(keys::add);
    checkKeys(keys);
    // Validate every value before changing anything. The service names all refused values in
    // one JSON object (quoted in workspace/resource_workspace_conf.go deleteWorkspaceConf).
    ObjectNode refused = Json.obj();
    body.fields()
        .forEachRemaining(
            e -> {
              JsonNode v = e.getValue();
              if (v.isNull()) {
                return;
              }
              if (!v.isTextual()) {
                refused.set(e.getKey(), v);
                return;
              }
              String text = v.asText();
              if (e.getKey().startsWith("enable")
                  && !text.equals("true")
                  && !text.equals("false")) {
                refused.put(e.getKey(), text);
              }
              // A number of days, or empty for no limit (token management docs).
              if (e.getKey().equals("maxTokenLifetimeDays")
                  && !text.isEmpty()
                  && !text.matches("[0-9]{1,5}")) {
                refused.put(e.getKey(), text);
              }
            });
    if (!refused.isEmpty()) {
      throw ApiException.invalid("Some values are not allowed: " + refused);
    }
    Map<String, String> conf = s.workspaceData(q).conf;
    body.fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isNull()) {
                conf.remove(e.getKey());
              } else {
                conf.put(e.getKey(), e.getValue().asText());
              }
            });
    ctx.store.changed();
    return HttpResp.noContent();
  }
}
