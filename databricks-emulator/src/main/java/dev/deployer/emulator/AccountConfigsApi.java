package dev.deployer.emulator;

import static dev.deployer.emulator.Router.Scope.ACCOUNT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** Credentials, storage and network configurations of the account API. */
record AccountConfigsApi(Ctx ctx) {
  private static final String BASE = "/api/2.0/accounts/{account_id}";
  private static final java.util.regex.Pattern ROLE_ARN =
      java.util.regex.Pattern.compile("arn:aws(-[a-z]+)*:iam::\\d{12}:role/[\\w+=,.@/-]+");

  void register(Router r) {
    for (Kind k : Kind.values()) {
      String base = BASE + "/" + k.path;
      r.add("GET", base, ACCOUNT, AccountObjects.list(k::of));
      r.add("GET", base + "/{id}", ACCOUNT, AccountObjects.get((a, id) -> find(a, k, id)));
      r.add("DELETE", base + "/{id}", ACCOUNT, (q, s) -> delete(q, s, k));
    }
    r.add("POST", BASE + "/" + Kind.CREDENTIALS.path, ACCOUNT, this::createCredentials);
    r.add("POST", BASE + "/" + Kind.STORAGE.path, ACCOUNT, this::createStorage);
    r.add("POST", BASE + "/" + Kind.NETWORK.path, ACCOUNT, this::createNetwork);
  }

  /** The three kinds share their routes and get/delete/in-use logic. */
  enum Kind {
    CREDENTIALS("credentials", "Credential configuration", "credentials_id", "credentials_name"),
    STORAGE(
        "storage-configurations",
        "Storage configuration",
        "storage_configuration_id",
        "storage_configuration_name"),
    NETWORK("networks", "Network configuration", "network_id", "network_name");

    final String path;
    final String label;
    final String idField;
    final String nameField;

    Kind(String path, String label, String idField, String nameField) {
      this.path = path;
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

  /** Looks an object up or answers 404 as the service does. */
  static ObjectNode find(State.Account a, Kind kind, String id) {
    return AccountObjects.find(
        kind.of(a),
        id,
        unknown -> ApiException.notFound(kind.label + " with id " + unknown + " does not exist."));
  }

  private HttpResp delete(HttpReq q, State s, Kind kind) {
    State.Account a = acct(q, s);
    String id = q.param("id");
    find(a, kind, id);
    AccountObjects.refuseWhileAWorkspaceUses(a, id, kind.label, kind.idField);
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
    return AccountObjects.removed(ctx, kind.of(a), id);
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
    ObjectNode out = newObject(q, Kind.CREDENTIALS, name);
    out.putObject("aws_credentials")
        .putObject("sts_role")
        .put("role_arn", roleArn)
        .put("external_id", accountId);
    return stored(a, Kind.CREDENTIALS, out);
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
    ObjectNode out = newObject(q, Kind.STORAGE, name);
    out.putObject("root_bucket_info").put("bucket_name", bucket);
    return stored(a, Kind.STORAGE, out);
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
    ObjectNode out =
        newObject(q, Kind.NETWORK, name).put("vpc_id", vpcId).put("vpc_status", "UNATTACHED");
    subnets.forEach(out.putArray("subnet_ids")::add);
    sgs.forEach(out.putArray("security_group_ids")::add);
    PrivateLinkApi.checkNetworkEndpoints(a, body.get("vpc_endpoints"));
    if (body.has("vpc_endpoints") && body.get("vpc_endpoints").isObject()) {
      out.set("vpc_endpoints", body.get("vpc_endpoints").deepCopy());
    }
    out.putArray("error_messages");
    out.putArray("warning_messages");
    return stored(a, Kind.NETWORK, out);
  }

  /** A new object of the kind: a fresh id, its name, the account and the creation time. */
  private ObjectNode newObject(HttpReq q, Kind kind, String name) {
    return Json.obj()
        .put(kind.idField, ctx.uuid())
        .put(kind.nameField, name)
        .put("account_id", q.param("account_id"))
        .put("creation_time", ctx.now());
  }

  private HttpResp stored(State.Account a, Kind kind, ObjectNode o) {
    return AccountObjects.stored(ctx, kind.of(a), Json.text(o, kind.idField), o);
  }
}
