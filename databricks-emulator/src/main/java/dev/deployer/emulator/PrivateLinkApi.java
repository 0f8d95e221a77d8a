package dev.deployer.emulator;

import static dev.deployer.emulator.Router.Scope.ACCOUNT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Back-end PrivateLink objects of the account API: registered VPC endpoints ({@code
 * /vpc-endpoints}) and private access settings ({@code /private-access-settings}), and the checks
 * that network configurations and workspaces referring to them meet.
 */
record PrivateLinkApi(Ctx ctx) {
  private static final String BASE = "/api/2.0/accounts/{account_id}";
  static final String WORKSPACE_ACCESS = "WORKSPACE_ACCESS";
  static final String RELAY_ACCESS = "DATAPLANE_RELAY_ACCESS";
  private static final Set<String> ACCESS_LEVELS = Set.of("ACCOUNT", "ENDPOINT");

  /**
   * Databricks' endpoint services, region -> {workspace (REST API), relay}: the service side's own
   * knowledge, from the Databricks docs' "PrivateLink VPC endpoint services per region" table as
   * databricks/terraform-databricks-sra aws/tf/variables.tf copies it.
   */
  private static final Map<String, List<String>> SERVICES =
      Map.ofEntries(
          svc("ap-northeast-1", "02691fd610d24fd64", "02aa633bda3edbec0"),
          svc("ap-northeast-2", "0babb9bde64f34d7e", "0dc0e98a5800db5c4"),
          svc("ap-south-1", "0dbfe5d9ee18d6411", "03fd4d9b61414f3de"),
          svc("ap-southeast-1", "02535b257fc253ff4", "0557367c6fc1a0c5c"),
          svc("ap-southeast-2", "0b87155ddd6954974", "0b4a72e8f825495f6"),
          svc("ap-southeast-3", "07a698e7e9ccfd04a", "025ca447c232c6a1b"),
          svc("ca-central-1", "0205f197ec0e28d65", "0c4e25bdbcbfbb684"),
          svc("eu-central-1", "081f78503812597f7", "08e5dfca9572c85c4"),
          svc("eu-west-1", "0da6ebf1461278016", "09b4eb2bc775f4e8c"),
          svc("eu-west-2", "01148c7cdc1d1326c", "05279412bf5353a45"),
          svc("eu-west-3", "008b9368d1d011f37", "005b039dd0b5f857d"),
          svc("sa-east-1", "0bafcea8cdfe11b66", "0e61564963be1b43f"),
          svc("us-east-1", "09143d1e626de2f04", "00018a8c3ff62ffdf"),
          svc("us-east-2", "041dc2b4d7796b8d3", "090a8fab0d73e39a6"),
          svc("us-west-1", "09bb6ca26208063f2", "04cb91f9372b792fe"),
          svc("us-west-2", "0129f463fcfbc46c5", "0158114c0c730c3bb"));

  private static Map.Entry<String, List<String>> svc(String region, String rest, String relay) {
    String base = "com.amazonaws.vpce." + region + ".vpce-svc-";
    return Map.entry(region, List.of(base + rest, base + relay));
  }

  void register(Router r) {
    String eps = BASE + "/vpc-endpoints";
    r.add("POST", eps, ACCOUNT, this::createEndpoint);
    r.add("GET", eps, ACCOUNT, AccountObjects.list(a -> a.vpcEndpoints));
    r.add("GET", eps + "/{id}", ACCOUNT, AccountObjects.get(PrivateLinkApi::endpoint));
    r.add("DELETE", eps + "/{id}", ACCOUNT, this::deleteEndpoint);
    String pas = BASE + "/private-access-settings";
    r.add("POST", pas, ACCOUNT, this::createSettings);
    r.add("GET", pas, ACCOUNT, AccountObjects.list(a -> a.privateAccessSettings));
    r.add("GET", pas + "/{id}", ACCOUNT, AccountObjects.get(PrivateLinkApi::settings));
    r.add("PUT", pas + "/{id}", ACCOUNT, this::replaceSettings);
    r.add("DELETE", pas + "/{id}", ACCOUNT, this::deleteSettings);
  }

  private static State.Account acct(HttpReq q, State s) {
    return AccountConfigsApi.acct(q, s);
  }

  static ObjectNode endpoint(State.Account a, String id) {
    return AccountObjects.find(a.vpcEndpoints, id, "VPC endpoint configuration");
  }

  static ObjectNode settings(State.Account a, String id) {
    return AccountObjects.find(a.privateAccessSettings, id, "Private access settings");
  }

  /**
   * Registers an AWS endpoint. With AWS known, the endpoint must exist in the given region and
   * connect to one of that region's Databricks endpoint services; its use case follows from which.
   */
  private HttpResp createEndpoint(HttpReq q, State s) {
    State.Account a = acct(q, s);
    JsonNode body = q.json();
    String name = Json.required(body, "vpc_endpoint_name");
    String awsId = Json.required(body, "aws_vpc_endpoint_id");
    String region = Json.required(body, "region");
    if (!awsId.matches("vpce-[0-9a-f]{8,17}")) {
      throw ApiException.invalid("Invalid AWS VPC endpoint id: " + awsId);
    }
    ObjectNode out =
        Json.obj()
            .put("vpc_endpoint_id", ctx.uuid())
            .put("vpc_endpoint_name", name)
            .put("account_id", q.param("account_id"))
            .put("aws_vpc_endpoint_id", awsId)
            .put("region", region);
    if (ctx.aws.enabled()) {
      AwsView.VpcEndpoint e =
          ctx.aws
              .vpcEndpoint(awsId, region)
              .orElseThrow(
                  () ->
                      ApiException.invalid(
                          "VPC endpoint " + awsId + " does not exist in region " + region + "."));
      List<String> services = SERVICES.get(region);
      int kind = services == null ? -1 : services.indexOf(e.serviceName());
      if (kind < 0) {
        throw ApiException.invalid(
            "VPC endpoint "
                + awsId
                + " connects to "
                + e.serviceName()
                + ", which is not a Databricks endpoint service of region "
                + region
                + ".");
      }
      out.put("aws_endpoint_service_id", e.serviceName())
          .put("use_case", kind == 0 ? WORKSPACE_ACCESS : RELAY_ACCESS)
          .put("state", e.state());
    }
    return AccountObjects.stored(ctx, a.vpcEndpoints, Json.text(out, "vpc_endpoint_id"), out);
  }

  private HttpResp deleteEndpoint(HttpReq q, State s) {
    State.Account a = acct(q, s);
    String id = q.param("id");
    endpoint(a, id);
    for (ObjectNode n : a.networks.values()) {
      JsonNode eps = n.path("vpc_endpoints");
      for (String field : List.of("rest_api", "dataplane_relay")) {
        if (Json.strings(eps, field).contains(id)) {
          throw ApiException.invalidState(
              "VPC endpoint configuration "
                  + id
                  + " is used by network configuration "
                  + Json.text(n, "network_id")
                  + " and cannot be deleted.");
        }
      }
    }
    return AccountObjects.removed(ctx, a.vpcEndpoints, id);
  }

  /**
   * A network configuration's {@code vpc_endpoints}: each id must be a registered endpoint of this
   * account, with {@code rest_api} ones for the workspace service and {@code dataplane_relay} ones
   * for the relay.
   */
  static void checkNetworkEndpoints(State.Account a, JsonNode vpcEndpoints) {
    if (vpcEndpoints == null || vpcEndpoints.isNull() || vpcEndpoints.isMissingNode()) {
      return;
    }
    if (!vpcEndpoints.isObject()) {
      throw ApiException.invalid("vpc_endpoints must be an object");
    }
    checkKind(a, Json.strings(vpcEndpoints, "rest_api"), "rest_api", WORKSPACE_ACCESS);
    checkKind(a, Json.strings(vpcEndpoints, "dataplane_relay"), "dataplane_relay", RELAY_ACCESS);
  }

  private static void checkKind(State.Account a, List<String> ids, String field, String useCase) {
    for (String id : ids) {
      ObjectNode e = a.vpcEndpoints.get(id);
      if (e == null) {
        throw ApiException.invalid(
            "vpc_endpoints." + field + ": VPC endpoint " + id + " is not registered.");
      }
      String actual = Json.text(e, "use_case");
      if (actual != null && !useCase.equals(actual)) {
        throw ApiException.invalid(
            "vpc_endpoints."
                + field
                + ": VPC endpoint "
                + id
                + " is a "
                + actual
                + " endpoint; "
                + field
                + " takes "
                + useCase
                + " endpoints.");
      }
    }
  }

  /**
   * What a workspace in {@code region} may refer to: private access settings of the same region,
   * and a network configuration whose endpoints are registered in that region.
   */
  static void checkWorkspace(
      State.Account a, String region, String settingsId, ObjectNode network) {
    if (settingsId != null) {
      requireInRegion(
          a.privateAccessSettings.get(settingsId),
          region,
          "Private access settings " + settingsId + " does not exist in this account.",
          its ->
              "Private access settings "
                  + settingsId
                  + " are for region "
                  + its
                  + " and cannot be used by a workspace in "
                  + region
                  + ".");
    }
    if (network == null) {
      return;
    }
    JsonNode eps = network.path("vpc_endpoints");
    for (String field : List.of("rest_api", "dataplane_relay")) {
      for (String id : Json.strings(eps, field)) {
        String epRegion =
            Optional.ofNullable(a.vpcEndpoints.get(id)).map(e -> Json.text(e, "region")).orElse("");
        if (!region.equals(epRegion)) {
          throw ApiException.invalid(
              "VPC endpoint "
                  + id
                  + " of network configuration "
                  + Json.text(network, "network_id")
                  + " is registered in region "
                  + epRegion
                  + ", not the workspace's region "
                  + region
                  + ".");
        }
      }
    }
  }

  /**
   * Refuses (400) an object that is missing, with {@code missing}, or of another region than {@code
   * region}, with the message {@code elsewhere} makes of the object's region.
   */
  private static void requireInRegion(
      ObjectNode o, String region, String missing, Function<String, String> elsewhere) {
    if (o == null) {
      throw ApiException.invalid(missing);
    }
    String its = Json.text(o, "region");
    if (!region.equals(its)) {
      throw ApiException.invalid(elsewhere.apply(its));
    }
  }

  private HttpResp createSettings(HttpReq q, State s) {
    State.Account a = acct(q, s);
    String id = ctx.uuid();
    ObjectNode out = settingsFrom(a, q.json(), id, q.param("account_id"));
    return AccountObjects.stored(ctx, a.privateAccessSettings, id, out);
  }

  /** PUT replaces the whole object; the SDK wraps it in customer_facing_private_access_settings. */
  private HttpResp replaceSettings(HttpReq q, State s) {
    State.Account a = acct(q, s);
    String id = q.param("id");
    ObjectNode old = settings(a, id);
    JsonNode body = q.json();
    if (body.path("customer_facing_private_access_settings").isObject()) {
      body = body.get("customer_facing_private_access_settings");
    }
    ObjectNode out = settingsFrom(a, body, id, q.param("account_id"));
    if (!Json.text(old, "region").equals(Json.text(out, "region"))) {
      throw ApiException.invalid(
          "The region of private access settings " + id + " cannot be changed.");
    }
    return AccountObjects.stored(ctx, a.privateAccessSettings, id, out);
  }

  private static ObjectNode settingsFrom(
      State.Account a, JsonNode body, String id, String accountId) {
    String name = Json.required(body, "private_access_settings_name");
    String region = Json.required(body, "region");
    String level = Json.enumValue(body, "private_access_level", ACCESS_LEVELS, "ACCOUNT");
    List<String> allowed = Json.strings(body, "allowed_vpc_endpoint_ids");
    if (!allowed.isEmpty() && !"ENDPOINT".equals(level)) {
      throw ApiException.invalid(
          "allowed_vpc_endpoint_ids can only be set when private_access_level is ENDPOINT.");
    }
    for (String ep : allowed) {
      requireInRegion(
          a.vpcEndpoints.get(ep),
          region,
          "allowed_vpc_endpoint_ids: VPC endpoint " + ep + " is not registered.",
          its ->
              "allowed_vpc_endpoint_ids: VPC endpoint "
                  + ep
                  + " is in region "
                  + its
                  + ", not "
                  + region
                  + ".");
    }
    ObjectNode out =
        Json.obj()
            .put("private_access_settings_id", id)
            .put("private_access_settings_name", name)
            .put("account_id", accountId)
            .put("region", region)
            .put("public_access_enabled", Json.bool(body, "public_access_enabled", false))
            .put("private_access_level", level);
    allowed.forEach(out.putArray("allowed_vpc_endpoint_ids")::add);
    return out;
  }

  private HttpResp deleteSettings(HttpReq q, State s) {
    State.Account a = acct(q, s);
    String id = q.param("id");
    settings(a, id);
    AccountObjects.refuseWhileAWorkspaceUses(
        a, id, "Private access settings", "private_access_settings_id");
    return AccountObjects.removed(ctx, a.privateAccessSettings, id);
  }
}
