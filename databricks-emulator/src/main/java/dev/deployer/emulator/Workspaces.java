package dev.deployer.emulator;

import static dev.deployer.emulator.Router.Scope.ACCOUNT;
import static dev.deployer.emulator.Router.Scope.OPEN;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Account API workspaces, their lifecycle and the mapping from a request to the workspace it
 * targets. Status moves PROVISIONING -> RUNNING (or FAILED) once the provisioning delay has passed,
 * computed from the clock whenever a workspace is read: no background threads.
 */
final class Workspaces {
  /** The workspace a workspace-level request is for. */
  record Ref(String accountId, long workspaceId) {}

  static final Set<String> PRICING_TIERS =
      Set.of("COMMUNITY_EDITION", "DEDICATED", "ENTERPRISE", "PREMIUM", "STANDARD", "UNKNOWN");

  /** Fields PATCH may change; everything else a caller sends must match the current value. */
  static final Set<String> UPDATABLE =
      Set.of(
          "credentials_id",
          "network_id",
          "storage_customer_managed_key_id",
          "managed_services_customer_managed_key_id",
          "private_access_settings_id",
          "network_connectivity_config_id",
          "custom_tags");

  static final Set<String> IMMUTABLE =
      Set.of("workspace_name", "aws_region", "deployment_name", "storage_configuration_id");

  private static final Pattern DEPLOYMENT = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final String BASE = "/api/2.0/accounts/{account_id}/workspaces";

  private final Ctx ctx;
  private final AccountConfigsApi configs;
  private final HostBehaviours hosts;
  private final EncryptionKeysApi keys;

  /** Runs after a workspace is created (automatic Unity Catalog enablement hooks in here). */
  private java.util.function.BiConsumer<State.Account, ObjectNode> onCreate = (a, ws) -> {};

  Workspaces(Ctx ctx, AccountConfigsApi configs, HostBehaviours hosts, EncryptionKeysApi keys) {
    this.ctx = ctx;
    this.configs = configs;
    this.hosts = hosts;
    this.keys = keys;
  }

  void onCreate(java.util.function.BiConsumer<State.Account, ObjectNode> hook) {
    this.onCreate = hook;
  }

  void register(Router r) {
    r.add("GET", "/.well-known/databricks-config", OPEN, this::hostMetadata);
    r.add("POST", BASE, ACCOUNT, this::create);
    r.add("GET", BASE, ACCOUNT, this::list);
    r.add("GET", BASE + "/{workspace_id}", ACCOUNT, (q, s) -> HttpResp.ok(present(get(q, s))));
    r.add("PATCH", BASE + "/{workspace_id}", ACCOUNT, this::update);
    r.add("DELETE", BASE + "/{workspace_id}", ACCOUNT, this::delete);
  }

  /** Moves a provisioning workspace on if its time has come. */
  void advance(ObjectNode ws) {
    if (!"PROVISIONING".equals(Json.text(ws, "workspace_status"))) {
      return;
    }
    if (ctx.now() < ws.path("_ready_at").asLong()) {
      return;
    }
    String failure = Json.text(ws, "_failure");
    if (failure == null) {
      ws.put("workspace_status", "RUNNING")
          .put("workspace_status_message", "Workspace is running.");
      if (!ws.has("_running_at")) {
        // The host's settling window (HostBehaviours.reach) starts when it first runs.
        ws.put("_running_at", ctx.now());
      }
    } else {
      ws.put("workspace_status", "FAILED").put("workspace_status_message", failure);
    }
    ws.remove("_ready_at");
    ctx.store.changed();
  }

  /** The workspace named by the path's account and workspace id, advanced; 404 if unknown. */
  ObjectNode get(HttpReq q, State s) {
    return find(AccountConfigsApi.acct(q, s), q.param("workspace_id"));
  }

  ObjectNode find(State.Account a, String idText) {
    ObjectNode ws = null;
    try {
      ws = a.workspaces.get(Long.parseLong(idText));
    } catch (NumberFormatException e) {
      // falls through to 404
    }
    if (ws == null) {
      throw ApiException.notFound("Workspace " + idText + " does not exist.");
    }
    advance(ws);
    return ws;
  }

  private HttpResp list(HttpReq q, State s) {
    State.Account a = AccountConfigsApi.acct(q, s);
    a.workspaces.values().forEach(this::advance);
    ArrayNode out = Json.arr();
    a.workspaces.values().forEach(ws -> out.add(present(ws)));
    return HttpResp.ok(out);
  }

  private HttpResp create(HttpReq q, State s) {
    State.Account a = AccountConfigsApi.acct(q, s);
    JsonNode body = q.json();
    String name = Json.required(body, "workspace_name");
    String region = Json.required(body, "aws_region");
    String credentialsId = Json.required(body, "credentials_id");
    String storageId = Json.required(body, "storage_configuration_id");
    String networkId = Json.text(body, "network_id");
    String tier = Json.enumValue(body, "pricing_tier", PRICING_TIERS, "PREMIUM");
    ObjectNode creds = reference(a, AccountConfigsApi.Kind.CREDENTIALS, credentialsId);
    ObjectNode storage = reference(a, AccountConfigsApi.Kind.STORAGE, storageId);
    ObjectNode network =
        networkId == null ? null : reference(a, AccountConfigsApi.Kind.NETWORK, networkId);
    if (network != null) {
      checkNetworkFree(a, network, null);
    }
    String deployment = Json.text(body, "deployment_name");
    String prefix = hosts.prefix(q.param("account_id"));
    if (deployment == null) {
      deployment = freshDeploymentName(s);
    } else {
      // Most accounts have a deployment-name prefix, and the API answers the prefixed name
      // (provider issue #382, mws/resource_mws_workspaces.go compares by suffix).
      deployment = (prefix == null ? "" : prefix + "-") + deployment.toLowerCase(Locale.ROOT);
      if (!DEPLOYMENT.matcher(deployment).matches()) {
        throw ApiException.invalid(
            "deployment_name must be lower-case letters, digits and hyphens: " + deployment);
      }
      if (findByDeployment(s, deployment) != null) {
        throw ApiException.exists("Deployment name " + deployment + " is already in use.");
      }
    }
    checkTags(body.get("custom_tags"));
    checkSecurityReferences(a, region, body, network);
    configs.checkCrossAccountRole(
        s,
        creds.path("aws_credentials").path("sts_role").path("role_arn").asText(),
        q.param("account_id"));

    long id;
    do {
      id = ctx.numericId(16);
    } while (findById(s, id) != null);
    ObjectNode ws =
        Json.obj()
            .put("workspace_id", id)
            .put("workspace_name", name)
            .put("account_id", q.param("account_id"))
            .put("cloud", "aws")
            .put("aws_region", region)
            .put("credentials_id", credentialsId)
            .put("storage_configuration_id", storageId)
            .put("pricing_tier", tier)
            .put("deployment_name", deployment)
            .put("workspace_url", workspaceUrl(q, deployment))
            .put("creation_time", ctx.now());
    if (networkId != null) {
      ws.put("network_id", networkId);
    }
    for (String f :
        List.of(
            "private_access_settings_id",
            "storage_customer_managed_key_id",
            "managed_services_customer_managed_key_id",
            "network_connectivity_config_id")) {
      if (Json.text(body, f) != null) {
        ws.put(f, Json.text(body, f));
      }
    }
    if (body.get("custom_tags") != null && body.get("custom_tags").isObject()) {
      ws.set("custom_tags", body.get("custom_tags").deepCopy());
    }
    startProvisioning(ws, storage, network);
    a.workspaces.put(id, ws);
    onCreate.accept(a, ws);
    ctx.store.changed();
    return HttpResp.ok(present(ws));
  }

  /** Sets PROVISIONING and decides now (AWS-aware) whether it will end FAILED. */
  private void startProvisioning(ObjectNode ws, ObjectNode storage, ObjectNode network) {
    StringBuilder failure = new StringBuilder();
    if (network != null) {
      ArrayNode errors = validateNetwork(network);
      network.put("workspace_id", ws.path("workspace_id").asLong());
      network.set("error_messages", errors);
      network.put("vpc_status", errors.isEmpty() ? "VALID" : "BROKEN");
      if (!errors.isEmpty()) {
        failure.append("Network validation failed: ");
        Iterator<JsonNode> it = errors.elements();
        while (it.hasNext()) {
          failure.append(it.next().path("error_message").asText());
          if (it.hasNext()) {
            failure.append("; ");
          }
        }
      }
    }
    String bucket = storage.path("root_bucket_info").path("bucket_name").asText();
    if (ctx.aws.enabled() && !ctx.aws.bucketExists(bucket)) {
      failure.append(failure.length() > 0 ? "; " : "");
      failure.append("Storage validation failed: bucket ").append(bucket).append(" does not exist");
    }
    ws.put("workspace_status", "PROVISIONING")
        .put("workspace_status_message", "Workspace resources are being set up.")
        .put("_ready_at", ctx.now() + ctx.provisioningDelay.toMillis());
    if (failure.length() > 0) {
      ws.put("_failure", failure.toString());
    } else {
      ws.remove("_failure");
    }
  }

  private ArrayNode validateNetwork(ObjectNode network) {
    if (!ctx.aws.enabled()) {
      return Json.arr();
    }
    String vpcId = Json.text(network, "vpc_id");
    List<String> subnetIds = Json.strings(network, "subnet_ids");
    List<String> sgIds = Json.strings(network, "security_group_ids");
    return NetworkRules.problems(
        vpcId,
        ctx.aws.vpcExists(vpcId),
        subnetIds,
        ctx.aws.subnets(subnetIds),
        sgIds,
        ctx.aws.securityGroups(sgIds));
  }

  private static ObjectNode reference(State.Account a, AccountConfigsApi.Kind kind, String id) {
    ObjectNode o = kind.of(a).get(id);
    if (o == null) {
      throw ApiException.invalid(kind.label + " " + id + " does not exist in this account.");
    }
    return o;
  }

  /** Private access settings, the network's endpoints and keys must suit the workspace's region. */
  private void checkSecurityReferences(
      State.Account a, String region, JsonNode fields, ObjectNode network) {
    PrivateLinkApi.checkWorkspace(
        a, region, Json.text(fields, "private_access_settings_id"), network);
    keys.checkWorkspace(
        a,
        region,
        Json.text(fields, "storage_customer_managed_key_id"),
        Json.text(fields, "managed_services_customer_managed_key_id"));
  }

  private static void checkNetworkFree(State.Account a, ObjectNode network, Long self) {
    String networkId = Json.text(network, "network_id");
    for (ObjectNode other : a.workspaces.values()) {
      long otherId = other.path("workspace_id").asLong();
      if (networkId.equals(Json.text(other, "network_id")) && (self == null || self != otherId)) {
        throw ApiException.invalid(
            "Network configuration " + networkId + " is already used by workspace " + otherId);
      }
    }
  }

  private static void checkTags(JsonNode tags) {
    if (tags == null || tags.isNull()) {
      return;
    }
    if (!tags.isObject()) {
      throw ApiException.invalid("custom_tags must be a map of strings");
    }
    tags.fields()
        .forEachRemaining(
            e -> {
              if (!e.getValue().isTextual()) {
                throw ApiException.invalid("custom_tags." + e.getKey() + " must be a string");
              }
            });
  }

  private String freshDeploymentName(State s) {
    String name;
    do {
      name = "dbc-" + ctx.hex(8) + "-" + ctx.hex(4);
    } while (findByDeployment(s, name) != null);
    return name;
  }

  private HttpResp update(HttpReq q, State s) {
    State.Account a = AccountConfigsApi.acct(q, s);
    ObjectNode ws = get(q, s);
    String status = Json.text(ws, "workspace_status");
    if (!"RUNNING".equals(status) && !"FAILED".equals(status)) {
      throw ApiException.invalidState(
          "Workspace " + q.param("workspace_id") + " is " + status + " and cannot be updated now.");
    }
    JsonNode body = q.json();
    if (body.has("customer_facing_workspace") && body.get("customer_facing_workspace").isObject()) {
      body = body.get("customer_facing_workspace");
    }
    String mask = q.query("update_mask");
    Set<String> fields = new HashSet<>();
    if (mask != null && !mask.equals("*")) {
      fields.addAll(Arrays.asList(mask.split(",")));
    } else {
      body.fieldNames().forEachRemaining(fields::add);
    }
    ObjectNode changed = Json.obj();
    for (String f : fields) {
      JsonNode v = body.get(f);
      if (IMMUTABLE.contains(f)) {
        if (v != null && !v.isNull() && !v.equals(ws.get(f))) {
          throw ApiException.invalid("Field " + f + " cannot be updated.");
        }
      } else if (UPDATABLE.contains(f)) {
        changed.set(f, v == null ? null : v.deepCopy());
      } else if (mask != null) {
        throw ApiException.invalid("Field " + f + " cannot be updated.");
      }
    }
    checkNoDowngrade(q, ws, status, changed);
    JsonNode tags = changed.get("custom_tags");
    if (tags != null && tags.isObject() && tags.isEmpty()) {
      // "Given you provide an empty custom tags, the update would not be applied."
      changed.remove("custom_tags");
    }
    if (changed.isEmpty()) {
      return HttpResp.ok(present(ws));
    }
    long self = ws.path("workspace_id").asLong();
    if (changed.has("credentials_id")) {
      ObjectNode creds =
          reference(a, AccountConfigsApi.Kind.CREDENTIALS, changed.path("credentials_id").asText());
      configs.checkCrossAccountRole(
          s,
          creds.path("aws_credentials").path("sts_role").path("role_arn").asText(),
          q.param("account_id"));
    }
    ObjectNode newNetwork = null;
    String networkId = Json.text(changed, "network_id");
    if (networkId != null && "RUNNING".equals(status) && Json.text(ws, "network_id") == null) {
      // docs.databricks.com/api/account/workspaces/update: network_id "can only [be updated] if
      // the workspace already uses a customer-managed VPC"; a failed workspace may convert.
      throw ApiException.invalid(
          "Workspace "
              + q.param("workspace_id")
              + " uses a Databricks-managed VPC; a running workspace's network configuration can"
              + " only be changed if it already uses a customer-managed VPC.");
    }
    if (networkId != null) {
      newNetwork = reference(a, AccountConfigsApi.Kind.NETWORK, networkId);
      checkNetworkFree(a, newNetwork, self);
    }
    // A running workspace on a customer-managed VPC takes the change at once and stays RUNNING;
    // on a Databricks-managed VPC, or failed, it goes through PROVISIONING again (the API's
    // "update workspace" notes, "Wait until changes take effect").
    boolean inPlace = "RUNNING".equals(status) && Json.text(ws, "network_id") != null;
    if (inPlace && newNetwork != null) {
      ArrayNode errors = validateNetwork(newNetwork);
      if (!errors.isEmpty()) {
        throw ApiException.invalid(
            "Network configuration "
                + networkId
                + " is not valid for workspace "
                + self
                + ": "
                + errors.get(0).path("error_message").asText());
      }
    }
    if (changed.has("custom_tags")) {
      checkTags(changed.get("custom_tags"));
    }
    ObjectNode merged = ws.deepCopy();
    changed.fields().forEachRemaining(e -> merged.set(e.getKey(), e.getValue()));
    String mergedNetwork = Json.text(merged, "network_id");
    checkSecurityReferences(
        a,
        Json.text(ws, "aws_region"),
        merged,
        mergedNetwork == null ? null : a.networks.get(mergedNetwork));
    String oldNetwork = Json.text(ws, "network_id");
    changed
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue() == null || e.getValue().isNull()) {
                ws.remove(e.getKey());
              } else {
                ws.set(e.getKey(), e.getValue());
              }
            });
    if (oldNetwork != null && !oldNetwork.equals(Json.text(ws, "network_id"))) {
      detachNetwork(a, oldNetwork);
    }
    String current = Json.text(ws, "network_id");
    if (inPlace) {
      if (newNetwork != null) {
        newNetwork.put("workspace_id", self);
        newNetwork.set("error_messages", Json.arr());
        newNetwork.put("vpc_status", "VALID");
      }
    } else {
      ObjectNode storage =
          reference(a, AccountConfigsApi.Kind.STORAGE, Json.text(ws, "storage_configuration_id"));
      startProvisioning(ws, storage, current == null ? null : a.networks.get(current));
    }
    ctx.store.changed();
    return HttpResp.ok(present(ws));
  }

  /**
   * What a workspace update may not take away or swap (SDK {@code WorkspacesAPI.update} javadoc):
   * "You cannot remove (downgrade) any existing front-end or back-end PrivateLink support", a
   * customer-managed VPC cannot become a Databricks-managed one, a network connectivity
   * configuration "cannot [be removed] once attached, you can only switch to another one", and the
   * storage key "can [be set] only if the workspace does not already have" one; a failed workspace
   * that was ever running cannot get a new one. The wording of the real refusals is not published.
   */
  private static void checkNoDowngrade(
      HttpReq q, ObjectNode ws, String status, ObjectNode changed) {
    String id = q.param("workspace_id");
    for (String f :
        List.of("network_id", "private_access_settings_id", "network_connectivity_config_id")) {
      JsonNode v = changed.get(f);
      if (v != null && v.isNull() && Json.text(ws, f) != null) {
        throw ApiException.invalid(
            "Workspace "
                + id
                + ": "
                + f
                + " cannot be removed once set; only switched to another.");
      }
    }
    String key = "storage_customer_managed_key_id";
    if (changed.has(key)) {
      String old = Json.text(ws, key);
      String asked = Json.text(changed, key);
      if (!Objects.equals(old, asked)) {
        if ("RUNNING".equals(status) && old != null) {
          throw ApiException.invalid(
              "Workspace "
                  + id
                  + " already has a customer-managed key for workspace storage ("
                  + old
                  + "); it cannot be changed or removed.");
        }
        if ("FAILED".equals(status) && ws.has("_running_at")) {
          throw ApiException.invalid(
              "Workspace "
                  + id
                  + " was running before it failed; a new key configuration for workspace storage"
                  + " cannot be added.");
        }
      }
    }
  }

  private static void detachNetwork(State.Account a, String networkId) {
    ObjectNode n = a.networks.get(networkId);
    if (n != null) {
      n.remove("workspace_id");
      n.put("vpc_status", "UNATTACHED");
    }
  }

  private HttpResp delete(HttpReq q, State s) {
    State.Account a = AccountConfigsApi.acct(q, s);
    ObjectNode ws = get(q, s);
    long id = ws.path("workspace_id").asLong();
    a.workspaces.remove(id);
    String networkId = Json.text(ws, "network_id");
    if (networkId != null) {
      detachNetwork(a, networkId);
    }
    a.metastoreAssignments.remove(id);
    a.permissionAssignments.remove(id);
    a.workspaceData.remove(id);
    ctx.store.changed();
    return HttpResp.ok(present(ws));
  }

  /** A workspace as the account API answers it. */
  private ObjectNode present(ObjectNode ws) {
    return hosts.present(Json.visible(ws));
  }

  /**
   * The URL clients reach the workspace at. The provider reads {@code workspace_url} from the
   * workspace object (mws/resource_mws_workspaces.go) and otherwise guesses it from the account
   * host, which fails for any host that is not accounts.*; the SDK's Workspace model has no such
   * field and ignores it.
   */
  private static String workspaceUrl(HttpReq q, String deployment) {
    String host = q.header("Host");
    int colon = host == null ? -1 : host.lastIndexOf(':');
    String port = colon < 0 || host.endsWith("]") ? "" : host.substring(colon);
    return "http://" + deployment + ".localhost" + port;
  }

  /**
   * {@code GET /.well-known/databricks-config}, which the SDKs read on start to learn what a host
   * is (HostMetadata in databricks-sdk-go config/host_metadata.go and databricks-sdk-java
   * core/oauth/HostMetadata): a workspace host names its workspace and account, an account host
   * gives the account OIDC root with an {account_id} placeholder.
   */
  private HttpResp hostMetadata(HttpReq q, State s) {
    String host = q.header("Host");
    String deployment = deploymentOf(host);
    String base = "http://" + (host == null ? "127.0.0.1" : host);
    if (deployment == null) {
      return HttpResp.ok(
          Json.obj()
              .put("oidc_endpoint", base + "/oidc/accounts/{account_id}")
              .put("cloud", "AWS")
              .put("host_type", "ACCOUNT_HOST"));
    }
    Map.Entry<String, ObjectNode> hit = findByDeployment(s, deployment);
    if (hit == null) {
      throw ApiException.notFound("NOT_FOUND", "No workspace is served at host " + host + ".");
    }
    ObjectNode out =
        Json.obj()
            .put("oidc_endpoint", base + "/oidc")
            .put("account_id", hit.getKey())
            .put("workspace_id", Long.toString(hit.getValue().path("workspace_id").asLong()))
            .put("cloud", "AWS")
            .put("host_type", "WORKSPACE_HOST");
    out.putArray("token_federation_default_oidc_audiences").add(base + "/oidc/v1/token");
    return HttpResp.ok(out);
  }

  /**
   * What a request to a workspace host meets while the host settles after RUNNING (provider #33,
   * #3452: DNS first, then intermittent errors): a dropped connection or a 503; null when the
   * request is not for a workspace host or the host is settled.
   */
  HttpResp reachability(HttpReq req, State s) {
    String deployment = deploymentOf(req.header("Host"));
    if (deployment == null) {
      return null;
    }
    Map.Entry<String, ObjectNode> hit = findByDeployment(s, deployment);
    if (hit == null) {
      return null;
    }
    advance(hit.getValue());
    long runningAt = hit.getValue().path("_running_at").asLong(0);
    return switch (hosts.reach(runningAt, ctx.now())) {
      case OK -> null;
      case UNREACHABLE, FLAKY_DROP -> HttpResp.dropConnection();
      case FLAKY_503 ->
          HttpResp.error(
              new ApiException(
                  503,
                  "TEMPORARILY_UNAVAILABLE",
                  "Workspace " + deployment + " is not ready yet; try again shortly."));
    };
  }

  // ---- finding workspaces across accounts, for workspace-level routing ----

  static Map.Entry<String, ObjectNode> findById(State s, long id) {
    for (var acct : s.accounts.entrySet()) {
      ObjectNode ws = acct.getValue().workspaces.get(id);
      if (ws != null) {
        return Map.entry(acct.getKey(), ws);
      }
    }
    return null;
  }

  static Map.Entry<String, ObjectNode> findByDeployment(State s, String deployment) {
    for (var acct : s.accounts.entrySet()) {
      for (ObjectNode ws : acct.getValue().workspaces.values()) {
        if (deployment.equals(Json.text(ws, "deployment_name"))) {
          return Map.entry(acct.getKey(), ws);
        }
      }
    }
    return null;
  }

  /**
   * Which workspace a workspace-API request is for: the X-Databricks-Workspace-Id header (the SDK
   * sends it when the config has a workspace id), else the Host header {deployment}.localhost. Only
   * running workspaces answer, as only they have a reachable host.
   */
  Ref resolve(HttpReq q, State s) {
    Map.Entry<String, ObjectNode> hit = null;
    String header = q.header("X-Databricks-Workspace-Id");
    String host = q.header("Host");
    if (header != null) {
      try {
        hit = findById(s, Long.parseLong(header.trim()));
      } catch (NumberFormatException e) {
        throw ApiException.invalid("Invalid X-Databricks-Workspace-Id: " + header);
      }
      if (hit == null) {
        throw ApiException.notFound("NOT_FOUND", "Workspace " + header + " does not exist.");
      }
    } else {
      String deployment = deploymentOf(host);
      if (deployment != null) {
        hit = findByDeployment(s, deployment);
      }
      if (hit == null) {
        throw ApiException.notFound(
            "NOT_FOUND",
            "No workspace is served at host "
                + host
                + "; use http://{deployment_name}.localhost:PORT or the"
                + " X-Databricks-Workspace-Id header.");
      }
    }
    ObjectNode ws = hit.getValue();
    advance(ws);
    String status = Json.text(ws, "workspace_status");
    if ("PROVISIONING".equals(status)) {
      // Being updated (a PATCH) or created: the host answers again shortly, as the real one does.
      throw new ApiException(
          503,
          "TEMPORARILY_UNAVAILABLE",
          "Workspace " + ws.path("workspace_id").asLong() + " is PROVISIONING; try again shortly.");
    }
    if (!"RUNNING".equals(status)) {
      throw ApiException.notFound(
          "NOT_FOUND",
          "Workspace "
              + ws.path("workspace_id").asLong()
              + " is "
              + Json.text(ws, "workspace_status")
              + "; its API is not available.");
    }
    return new Ref(hit.getKey(), ws.path("workspace_id").asLong());
  }

  /** "dbc-1.localhost:4580" -> "dbc-1"; IP literals and bare names have no deployment. */
  static String deploymentOf(String host) {
    if (host == null) {
      return null;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      return null;
    }
    int colon = h.indexOf(':');
    if (colon >= 0) {
      h = h.substring(0, colon);
    }
    int dot = h.indexOf('.');
    if (dot <= 0 || h.matches("[0-9.]+")) {
      return null;
    }
    return h.substring(0, dot);
  }
}
