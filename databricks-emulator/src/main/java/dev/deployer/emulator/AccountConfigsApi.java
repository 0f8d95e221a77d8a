package dev.deployer.emulator;

import static dev.deployer.emulator.Router.Scope.ACCOUNT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** Credentials, storage and network configurations of the account API. */
final class AccountConfigsApi {
  private static final String BASE = "/api/2.0/accounts/{account_id}";
  private static final java.util.regex.Pattern ROLE_ARN =
      java.util.regex.Pattern.compile("arn:aws(-[a-z]+)*:iam::\\d{12}:role/[\\w+=,.@/-]+");

  private final Ctx ctx;

  AccountConfigsApi(Ctx ctx) {
    this.ctx = ctx;
  }

  void register(Router r) {
    r.add("POST", BASE + "/credentials", ACCOUNT, this::createCredentials);
    r.add("GET", BASE + "/credentials", ACCOUNT, (q, s) -> list(acct(q, s).credentials));
    r.add("GET", BASE + "/credentials/{id}", ACCOUNT, (q, s) -> get(q, s, Kind.CREDENTIALS));
    r.add("DELETE", BASE + "/credentials/{id}", ACCOUNT, (q, s) -> delete(q, s, Kind.CREDENTIALS));
    r.add("POST", BASE + "/storage-configurations", ACCOUNT, this::createStorage);
    r.add(
        "GET",
        BASE + "/storage-configurations",
        ACCOUNT,
        (q, s) -> list(acct(q, s).storageConfigurations));
    r.add("GET", BASE + "/storage-configurations/{id}", ACCOUNT, (q, s) -> get(q, s, Kind.STORAGE));
    r.add(
        "DELETE",
        BASE + "/storage-configurations/{id}",
        ACCOUNT,
        (q, s) -> delete(q, s, Kind.STORAGE));
    r.add("POST", BASE + "/networks", ACCOUNT, this::createNetwork);
    r.add("GET", BASE + "/networks", ACCOUNT, (q, s) -> list(acct(q, s).networks));
    r.add("GET", BASE + "/networks/{id}", ACCOUNT, (q, s) -> get(q, s, Kind.NETWORK));
    r.add("DELETE", BASE + "/networks/{id}", ACCOUNT, (q, s) -> delete(q, s, Kind.NETWORK));
  }

  /** The three kinds share get/delete/in-use logic. */
  enum Kind {
    CREDENTIALS("Credential configuration", "credentials_id", "credentials_name"),
    STORAGE("Storage configuration", "storage_configuration_id", "storage_configuration_name"),
    NETWORK("Network configuration", "network_id", "network_name");

    final String label;
    final String idField;
    final String nameField;

    Kind(String label, String idField, String nameField) {
      this.label = label;
      this.idField = idField;
      this.nameField = nameField;
    }

    Map<String, ObjectNode> of(State.Account a) {
      return switch (this) {
        case CREDENTIALS -> a.credentials;
        case STORAGE -> a.storageConfigurations;
        case NETWORK -> a.networks;
      };
    }
  }

  static State.Account acct(HttpReq q, State s) {
    return s.account(q.param("account_id"));
  }

  private static HttpResp list(Map<String, ObjectNode> objects) {
    return HttpResp.ok(Json.visibleAll(objects.values()));
  }

  /** Looks an object up or answers 404 as the service does. */
  static ObjectNode find(State.Account a, Kind kind, String id) {
    ObjectNode o = id == null ? null : kind.of(a).get(id);
    if (o == null) {
      throw ApiException.notFound(kind.label + " with id " + id + " does not exist.");
    }
    return o;
  }

  private HttpResp get(HttpReq q, State s, Kind kind) {
    return HttpResp.ok(Json.visible(find(acct(q, s), kind, q.param("id"))));
  }

  private HttpResp delete(HttpReq q, State s, Kind kind) {
    State.Account a = acct(q, s);
    String id = q.param("id");
    ObjectNode o = find(a, kind, id);
    for (ObjectNode ws : a.workspaces.values()) {
      if (id.equals(Json.text(ws, kind.idField))) {
        throw ApiException.invalidState(
            kind.label
                + " "
                + id
                + " is used by workspace "
                + ws.path("workspace_id").asLong()
                + " and cannot be deleted.");
      }
    }
    if (kind != Kind.NETWORK) {
      for (ObjectNode ld : a.logDeliveries.values()) {
        if (id.equals(Json.text(ld, kind.idField)) && "ENABLED".equals(Json.text(ld, "status"))) {
          throw ApiException.invalidState(
              kind.label
                  + " "
                  + id
                  + " is used by enabled log delivery configuration "
                  + Json.text(ld, "config_id")
                  + " and cannot be deleted.");
        }
      }
    }
    kind.of(a).remove(id);
    ctx.store.changed();
    return HttpResp.ok(Json.visible(o));
  }

  private static void checkUniqueName(State.Account a, Kind kind, String name) {
    for (ObjectNode o : kind.of(a).values()) {
      if (name.equals(Json.text(o, kind.nameField))) {
        throw ApiException.exists(
            kind.label
                + " name "
                + name
                + " already exists in this account. Try again with a unique name.");
      }
    }
  }

  private HttpResp createCredentials(HttpReq q, State s) {
    State.Account a = acct(q, s);
    String accountId = q.param("account_id");
    JsonNode body = q.json();
    String name = Json.required(body, "credentials_name");
    JsonNode sts = body.path("aws_credentials").path("sts_role");
    String roleArn = Json.text(sts, "role_arn");
    if (roleArn == null) {
      throw ApiException.missing("aws_credentials.sts_role.role_arn");
    }
    checkRoleArn(roleArn);
    checkUniqueName(a, Kind.CREDENTIALS, name);
    checkCrossAccountRole(s, roleArn, accountId);
    String id = ctx.uuid();
    ObjectNode out =
        Json.obj()
            .put("credentials_id", id)
            .put("credentials_name", name)
            .put("account_id", accountId)
            .put("creation_time", ctx.now());
    out.putObject("aws_credentials")
        .putObject("sts_role")
        .put("role_arn", roleArn)
        .put("external_id", accountId);
    a.credentials.put(id, out);
    ctx.store.changed();
    return HttpResp.ok(Json.visible(out));
  }

  static void checkRoleArn(String roleArn) {
    if (!ROLE_ARN.matcher(roleArn).matches()) {
      throw ApiException.invalid("Invalid IAM role ARN: " + roleArn);
    }
  }

  /**
   * The control plane assumes the role: with AWS known, the role must exist and trust Databricks
   * with the account id as external id; then the propagation race applies.
   */
  void checkCrossAccountRole(State s, String roleArn, String accountId) {
    java.time.Instant created = null;
    if (ctx.aws.enabled()) {
      AwsView.Role role =
          ctx.aws
              .role(roleArn)
              .orElseThrow(
                  () ->
                      ApiException.malformed(
                          RaceGate.MESSAGE + " (role " + roleArn + " does not exist)"));
      // Cross-account credentials trust the control plane; log delivery credentials trust the
      // log delivery role. Databricks accepts either for a credentials configuration.
      if (!TrustPolicy.trusts(role.trustPolicy(), TrustPolicy.DATABRICKS_ROOT, accountId)
          && !TrustPolicy.trusts(role.trustPolicy(), TrustPolicy.LOG_DELIVERY_ROLE, accountId)) {
        throw ApiException.malformed(
            RaceGate.MESSAGE
                + " (the trust policy of "
                + roleArn
                + " must allow "
                + TrustPolicy.DATABRICKS_ROOT
                + " to sts:AssumeRole with sts:ExternalId "
                + accountId
                + ")");
      }
      created = role.created();
    }
    ctx.race.check(roleArn, created, s.roleFirstSeen, ctx.store::changed);
  }

  private HttpResp createStorage(HttpReq q, State s) {
    State.Account a = acct(q, s);
    JsonNode body = q.json();
    String name = Json.required(body, "storage_configuration_name");
    String bucket = Json.text(body.path("root_bucket_info"), "bucket_name");
    if (bucket == null) {
      throw ApiException.missing("root_bucket_info.bucket_name");
    }
    checkUniqueName(a, Kind.STORAGE, name);
    if (ctx.aws.enabled() && !ctx.aws.bucketExists(bucket)) {
      throw ApiException.invalid("S3 bucket " + bucket + " does not exist or is not accessible.");
    }
    String id = ctx.uuid();
    ObjectNode out =
        Json.obj()
            .put("storage_configuration_id", id)
            .put("storage_configuration_name", name)
            .put("account_id", q.param("account_id"))
            .put("creation_time", ctx.now());
    out.putObject("root_bucket_info").put("bucket_name", bucket);
    a.storageConfigurations.put(id, out);
    ctx.store.changed();
    return HttpResp.ok(Json.visible(out));
  }

  private HttpResp createNetwork(HttpReq q, State s) {
    State.Account a = acct(q, s);
    JsonNode body = q.json();
    String name = Json.required(body, "network_name");
    String vpcId = Json.text(body, "vpc_id");
    List<String> subnets = Json.strings(body, "subnet_ids");
    List<String> sgs = Json.strings(body, "security_group_ids");
    NetworkRules.checkShape(vpcId, subnets, sgs);
    checkUniqueName(a, Kind.NETWORK, name);
    if (ctx.aws.enabled()) {
      NetworkRules.checkZones(ctx.aws.subnets(subnets));
    }
    String id = ctx.uuid();
    ObjectNode out =
        Json.obj()
            .put("network_id", id)
            .put("network_name", name)
            .put("account_id", q.param("account_id"))
            .put("vpc_id", vpcId)
            .put("vpc_status", "UNATTACHED")
            .put("creation_time", ctx.now());
    subnets.forEach(out.putArray("subnet_ids")::add);
    sgs.forEach(out.putArray("security_group_ids")::add);
    PrivateLinkApi.checkNetworkEndpoints(a, body.get("vpc_endpoints"));
    if (body.has("vpc_endpoints") && body.get("vpc_endpoints").isObject()) {
      out.set("vpc_endpoints", body.get("vpc_endpoints").deepCopy());
    }
    out.putArray("error_messages");
    out.putArray("warning_messages");
    a.networks.put(id, out);
    ctx.store.changed();
    return HttpResp.ok(Json.visible(out));
  }
}
