package dev.deployer.environments.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;

/**
 * Per deployer type: which Terraform types may be its counterpart and by which attributes an
 * instance is recognised. Keys compare a field of deployer's desired spec (JSON pointer,
 * snake_case) with a Terraform attribute. Matching never goes by position: a type whose objects
 * carry no identifying attribute (an Elastic IP, a route table) is only matched through an object
 * that refers to it (the NAT gateway using the EIP, the association using the route table).
 */
final class Rules {
  private Rules() {}

  /** A spec field compared with a Terraform attribute. */
  record Key(String spec, String terraform) {
    static Key same(String field) {
      return new Key("/" + field, "/" + field);
    }

    String label() {
      return spec.substring(1).replace('/', '.');
    }
  }

  /**
   * @param keySets alternatives, tried in order; an instance matches a set when every key of it is
   *     known and equal. A later set is a fallback that still identifies uniquely.
   * @param links spec fields holding another resource's id, with the Terraform attribute holding
   *     the same id: they identify the referenced resource once this one is matched
   * @param id deployer's id for the instance (what its handler reads it by), from the desired spec
   *     and the instance
   * @param extra a further check of a candidate against the desired spec, or null
   */
  record Rule(
      String deployerType,
      Set<String> terraformTypes,
      List<List<Key>> keySets,
      List<Key> links,
      BiFunction<JsonNode, TerraformState.Instance, String> id,
      BiPredicate<JsonNode, TerraformState.Instance> extra) {}

  /** Terraform settings resources deployer keeps inside its bucket resource. */
  static final Set<String> BUCKET_SETTINGS =
      Set.of(
          "aws_s3_bucket_versioning",
          "aws_s3_bucket_server_side_encryption_configuration",
          "aws_s3_bucket_ownership_controls");

  /** Terraform types deployer deliberately has no resource for, and what that means. */
  static final Map<String, String> NOT_MANAGED = notManaged();

  private static Map<String, String> notManaged() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("null_resource", "a Terraform-only helper with no cloud object; nothing to adopt");
    m.put(
        "time_sleep",
        "the reference's fixed sleep around the IAM propagation race; deployer retries with"
            + " backoff instead, nothing to adopt");
    m.put(
        "aws_default_network_acl",
        "deployer does not manage the VPC's default network ACL; it stays as it is and goes with"
            + " the VPC");
    m.put(
        "aws_default_route_table",
        "deployer does not manage the VPC's main route table; it stays as it is and goes with the"
            + " VPC");
    return m;
  }

  static final Map<String, Rule> BY_DEPLOYER_TYPE = build();

  private static Map<String, Rule> build() {
    List<Rule> all = new ArrayList<>();
    BiFunction<JsonNode, TerraformState.Instance, String> tfId = (spec, i) -> i.id();
    // AWS
    all.add(rule("aws_vpc", keys(k("cidr_block"), new Key("/tags/Name", "/tags/Name")), tfId));
    all.add(rule("aws_subnet", keys(k("vpc_id"), k("cidr_block"), k("availability_zone")), tfId));
    all.add(rule("aws_internet_gateway", keys(k("vpc_id")), tfId));
    all.add(rule("aws_eip", List.of(), tfId));
    all.add(rule("aws_nat_gateway", keys(k("subnet_id")), List.of(k("allocation_id")), tfId));
    all.add(rule("aws_route_table", List.of(), tfId));
    all.add(
        rule(
            "aws_route",
            keys(k("route_table_id"), k("destination_cidr_block")),
            List.of(k("gateway_id"), k("nat_gateway_id")),
            (spec, i) -> i.text("route_table_id") + "_" + i.text("destination_cidr_block")));
    all.add(
        rule(
            "aws_route_table_association",
            keys(k("subnet_id")),
            List.of(k("route_table_id")),
            tfId));
    all.add(rule("aws_default_security_group", keys(k("vpc_id")), tfId));
    all.add(
        rule(
            "aws_security_group",
            List.of(
                List.of(k("vpc_id"), new Key("/group_name", "/name")),
                List.of(k("vpc_id"), new Key("/tags/Name", "/tags/Name"))),
            tfId));
    all.add(rule("aws_vpc_endpoint", keys(k("vpc_id"), k("service_name")), tfId));
    all.add(rule("aws_iam_role", keys(k("name")), tfId));
    all.add(
        rule(
            "aws_iam_role_policy",
            List.of(
                List.of(new Key("/role_name", "/role"), new Key("/policy_name", "/name")),
                List.of(new Key("/role_name", "/role"))),
            (spec, i) -> i.text("role") + ":" + i.text("name")));
    all.add(rule("aws_s3_bucket", keys(k("bucket")), tfId));
    all.add(rule("aws_s3_bucket_public_access_block", keys(k("bucket")), tfId));
    all.add(rule("aws_s3_bucket_policy", keys(k("bucket")), tfId));
    // Databricks account level; the provider's ids are "<account_id>/<id>" where deployer keeps
    // the object's own id.
    all.add(
        rule(
            "databricks_mws_credentials",
            List.of(List.of(k("credentials_name")), List.of(k("role_arn"))),
            (spec, i) -> i.text("credentials_id")));
    all.add(
        rule(
            "databricks_mws_storage_configurations",
            List.of(List.of(k("storage_configuration_name")), List.of(k("bucket_name"))),
            (spec, i) -> i.text("storage_configuration_id")));
    all.add(
        rule(
            "databricks_mws_networks", keys(k("network_name")), (spec, i) -> i.text("network_id")));
    all.add(
        rule(
            "databricks_mws_workspaces",
            keys(k("workspace_name")),
            (spec, i) -> i.text("workspace_id")));
    all.add(
        rule(
            "databricks_metastore",
            keys(k("name"), k("region")),
            (spec, i) -> i.text("metastore_id")));
    all.add(
        rule(
            "databricks_metastore_assignment",
            keys(k("workspace_id"), k("metastore_id")),
            (spec, i) -> i.text("workspace_id") + "|" + i.text("metastore_id")));
    all.add(
        rule(
            "databricks_mws_permission_assignment",
            keys(k("workspace_id"), k("principal_id")),
            (spec, i) -> i.text("workspace_id") + "|" + i.text("principal_id")));
    all.add(
        rule(
            "databricks_mws_log_delivery",
            List.of(
                List.of(k("log_type"), k("config_name")),
                List.of(k("log_type"), k("delivery_path_prefix"))),
            (spec, i) -> i.text("config_id")));
    // Workspace level: the provider keeps no workspace id in state (the provider block's host
    // says which workspace), so these match by name within the state given for this stack.
    all.add(rule("databricks_storage_credential", keys(k("name")), tfId));
    all.add(
        rule("databricks_external_location", List.of(List.of(k("name")), List.of(k("url"))), tfId));
    all.add(
        rule("databricks_catalog", List.of(List.of(k("name")), List.of(k("storage_root"))), tfId));
    all.add(
        new Rule(
            "databricks_grants",
            Set.of("databricks_grant", "databricks_grants"),
            List.of(List.of(new Key("/full_name", "/catalog"))),
            List.of(),
            (spec, i) -> "catalog/" + i.text("catalog") + "/" + spec.path("principal").asText(),
            Rules::grantsPrincipal));
    all.add(rule("databricks_cluster_policy", keys(k("name")), (spec, i) -> i.text("policy_id")));
    all.add(
        rule(
            "databricks_workspace_conf",
            List.of(List.of()),
            (spec, i) -> spec.path("workspace_id").asText()));
    all.add(rule("databricks_repo", keys(k("path")), tfId));
    all.add(rule("databricks_notebook", keys(k("path")), tfId));
    Map<String, Rule> m = new LinkedHashMap<>();
    all.forEach(r -> m.put(r.deployerType(), r));
    return m;
  }

  /** A grant of the desired principal: databricks_grant names one, databricks_grants lists many. */
  private static boolean grantsPrincipal(JsonNode spec, TerraformState.Instance i) {
    String principal = spec.path("principal").asText();
    if ("databricks_grant".equals(i.type())) {
      return principal.equals(i.text("principal"));
    }
    for (JsonNode g : i.attributes().path("grant")) {
      if (principal.equals(g.path("principal").asText())) {
        return true;
      }
    }
    return false;
  }

  /** The Terraform type names any rule accepts. */
  static Set<String> terraformTypes() {
    Set<String> s = new TreeSet<>();
    BY_DEPLOYER_TYPE.values().forEach(r -> s.addAll(r.terraformTypes()));
    return s;
  }

  private static Rule rule(
      String type,
      List<List<Key>> keySets,
      BiFunction<JsonNode, TerraformState.Instance, String> id) {
    return rule(type, keySets, List.of(), id);
  }

  /** A rule for the Terraform type of the same name, with {@code links} (see {@link Rule}). */
  private static Rule rule(
      String type,
      List<List<Key>> keySets,
      List<Key> links,
      BiFunction<JsonNode, TerraformState.Instance, String> id) {
    return new Rule(type, Set.of(type), keySets, links, id, null);
  }

  private static List<List<Key>> keys(Key... keys) {
    return List.of(List.of(keys));
  }

  private static Key k(String field) {
    return Key.same(field);
  }
}
