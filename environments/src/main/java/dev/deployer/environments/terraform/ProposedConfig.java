package dev.deployer.environments.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.common.CommonConfig;
import dev.deployer.common.CommonStack;
import dev.deployer.core.DeployerException;
import dev.deployer.core.json.Json;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.environments.ConfigLoader;
import dev.deployer.environments.EnvironmentConfig;
import dev.deployer.environments.EnvironmentStack;
import dev.deployer.workspace.conf.WorkspaceConfSpec;
import dev.deployer.workspace.policy.ClusterPolicies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An environment config proposed from a Terraform estate shaped like the reference's: names, CIDRs,
 * zones, buckets, catalog, team and settings as they are, so that the first plan after adoption is
 * as small as deployer can make it. The user reviews it before importing.
 */
public final class ProposedConfig {
  private ProposedConfig() {}

  /**
   * Names deployer gives these types that Terraform let the user or AWS choose: kept as the object
   * has them (the config's {@code adopted} section), since changing them forces a replacement.
   */
  private static final Map<String, List<String[]>> KEPT_NAMES =
      Map.of(
          "aws_security_group",
          List.of(new String[] {"group_name", "name"}, new String[] {"description", "description"}),
          "aws_iam_role_policy",
          List.<String[]>of(new String[] {"policy_name", "name"}),
          "databricks_external_location",
          List.<String[]>of(new String[] {"name", "name"}),
          "databricks_mws_credentials",
          List.<String[]>of(new String[] {"credentials_name", "credentials_name"}),
          "databricks_mws_storage_configurations",
          List.<String[]>of(
              new String[] {"storage_configuration_name", "storage_configuration_name"}),
          "databricks_mws_networks",
          List.<String[]>of(new String[] {"network_name", "network_name"}),
          "databricks_mws_log_delivery",
          List.<String[]>of(new String[] {"config_name", "config_name"}));

  public static void write(String env, List<TerraformState> states, Path target) {
    boolean common = CommonConfig.STACK.equals(env);
    ObjectNode c = common ? proposeCommon(states) : propose(env, states);
    ObjectNode adopted = adopted(env, c, states);
    if (!adopted.isEmpty()) {
      c.set("adopted", adopted);
    }
    try {
      Files.createDirectories(target.toAbsolutePath().getParent());
      Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
      Files.writeString(
          tmp, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(c) + "\n");
      Files.move(
          tmp,
          target,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new DeployerException("Cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  public static ObjectNode propose(String env, List<TerraformState> states) {
    List<TerraformState.Instance> all = new ArrayList<>();
    List<TerraformState.Instance> data = new ArrayList<>();
    states.forEach(
        s -> {
          all.addAll(s.instances());
          data.addAll(s.dataSources());
        });
    Optional<TerraformState.Instance> ws = one(all, "databricks_mws_workspaces");
    Optional<TerraformState.Instance> vpc = one(all, "aws_vpc");
    requireEither(ws.isPresent() || vpc.isPresent(), "databricks_mws_workspaces nor an aws_vpc");
    ObjectNode c = configOf("./environment.schema.json", env);
    String prefix =
        ws.map(w -> w.text("workspace_name"))
            .orElseGet(() -> vpc.get().at("/tags/Name").asText().replace("-data-plane-VPC", ""));
    c.put("prefix", prefix);
    String region =
        ws.map(w -> w.text("aws_region"))
            .orElseGet(
                () -> {
                  String az =
                      one(all, "aws_subnet").map(s -> s.text("availability_zone")).orElse("");
                  return az.isEmpty() ? "us-east-1" : az.substring(0, az.length() - 1);
                });
    c.putObject("aws").put("region", region);
    one(all, "databricks_mws_credentials", "databricks_mws_workspaces")
        .map(i -> i.text("account_id"))
        .ifPresent(a -> c.putObject("databricks").put("account_id", a));
    vpc.ifPresent(v -> c.set("tags", defaultTags(v)));
    vpc.ifPresent(v -> c.set("network", network(v, all)));
    one(all, "databricks_mws_storage_configurations")
        .ifPresent(
            s -> {
              ObjectNode st = c.putObject("storage");
              st.put("root_bucket", s.text("bucket_name"));
              bucket(all, s.text("bucket_name"))
                  .ifPresent(
                      b ->
                          st.put(
                              "force_destroy", b.attributes().path("force_destroy").asBoolean()));
            });
    ws.ifPresent(
        w -> {
          ObjectNode o = c.putObject("workspace");
          o.put("name", w.text("workspace_name"));
          if (w.text("pricing_tier") != null) {
            o.put("pricing_tier", w.text("pricing_tier"));
          }
          if (w.attributes().path("custom_tags").isObject()) {
            o.set("custom_tags", w.attributes().get("custom_tags"));
          }
        });
    ObjectNode metastore = c.putObject("metastore");
    one(all, "databricks_metastore_assignment")
        .ifPresentOrElse(
            a -> {
              metastore.put("id", a.text("metastore_id"));
              String dc = a.text("default_catalog_name");
              metastore.put("default_catalog_name", dc == null ? "main" : dc);
            },
            () -> metastore.put("from_stack", "common").put("default_catalog_name", "main"));
    ArrayNode identities = c.putArray("identities");
    for (TerraformState.Instance p : of(all, "databricks_mws_permission_assignment")) {
      String pid = p.text("principal_id");
      Optional<TerraformState.Instance> user =
          data.stream()
              .filter(d -> d.type().equals("databricks_user") && pid.equals(d.text("id")))
              .findFirst();
      ObjectNode i = identities.addObject();
      i.put("principal", user.map(u -> u.text("user_name")).orElse("(principal " + pid + ")"));
      i.put("kind", "user");
      JsonNode perms = p.attributes().path("permissions");
      i.put("permission", perms.isArray() && perms.size() > 0 ? perms.get(0).asText() : "USER");
    }
    Optional<TerraformState.Instance> policy = one(all, "databricks_cluster_policy");
    policy.ifPresent(
        p -> {
          String team = p.text("name").replaceFirst(" cluster policy$", "");
          c.put("team", team);
          c.putObject("cluster_policy").set("overrides", overrides(team, p.text("definition")));
        });
    one(all, "databricks_catalog")
        .ifPresent(
            cat -> {
              ObjectNode o = c.putObject("catalog");
              o.put("name", cat.text("name"));
              of(all, "databricks_grant").stream()
                  .filter(g -> cat.text("name").equals(g.text("catalog")))
                  .findFirst()
                  .ifPresent(g -> o.put("admin_principal", g.text("principal")));
              bucket(all, cat.text("name"))
                  .ifPresent(
                      b ->
                          o.put("force_destroy", b.attributes().path("force_destroy").asBoolean()));
            });
    one(all, "databricks_workspace_conf")
        .ifPresent(
            w -> {
              ObjectNode o = c.putObject("workspace_conf");
              Map<String, String> defaults = WorkspaceConfSpec.defaults();
              w.attributes()
                  .path("custom_config")
                  .fields()
                  .forEachRemaining(
                      e -> {
                        if (!e.getValue().asText().equals(defaults.get(e.getKey()))) {
                          o.put(e.getKey(), e.getValue().asText());
                        }
                      });
            });
    return c;
  }

  /**
   * The names to keep: the proposed config is loaded and mapped like the real one, and every mapped
   * object whose name deployer would change (forcing a replacement) keeps its own.
   */
  static ObjectNode adopted(String env, ObjectNode proposed, List<TerraformState> states) {
    ObjectNode out = Json.mapper().createObjectNode();
    Path dir;
    try {
      dir = Files.createTempDirectory("deployer-proposed-");
      Files.writeString(dir.resolve(env + ".json"), Json.mapper().writeValueAsString(proposed));
    } catch (IOException e) {
      throw new DeployerException("Cannot stage the proposed config: " + e.getMessage(), e);
    }
    try {
      StackDefinition def;
      if (CommonConfig.STACK.equals(env)) {
        CommonConfig c = ConfigLoader.loadCommon(dir);
        def = CommonStack.define(c, c.databricks().accountId());
      } else {
        EnvironmentConfig c = ConfigLoader.loadEnvironment(dir, env);
        def =
            EnvironmentStack.define(
                c, c.metastore().id() == null ? "(metastore)" : c.metastore().id(), List.of(), dir);
      }
      for (Mapping.Mapped m : TerraformMapper.map(def, states).adopted()) {
        List<String[]> names = KEPT_NAMES.get(m.terraformType());
        if (names == null || m.desired() == null) {
          continue;
        }
        ObjectNode keep = Json.mapper().createObjectNode();
        for (String[] n : names) {
          JsonNode want = m.desired().get(n[0]);
          String have = m.instance().text(n[1]);
          if (want != null && have != null && !have.equals(want.asText())) {
            keep.put(n[0], have);
          }
        }
        if (!keep.isEmpty()) {
          out.set(m.deployerAddress(), keep);
        }
      }
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
        Files.deleteIfExists(dir);
      } catch (IOException e) {
        // A leftover temporary file is harmless.
      }
    }
    return out;
  }

  /**
   * The common stack's config from the reference's logging and unity_catalog folders: prefix,
   * region, account, default tags, the log bucket and delivery prefixes, the metastore.
   */
  public static ObjectNode proposeCommon(List<TerraformState> states) {
    List<TerraformState.Instance> all = new ArrayList<>();
    states.forEach(s -> all.addAll(s.instances()));
    Optional<TerraformState.Instance> metastore = one(all, "databricks_metastore");
    Optional<TerraformState.Instance> logRole =
        of(all, "aws_iam_role").stream()
            .filter(r -> r.text("name") != null && r.text("name").endsWith("-log-delivery"))
            .findFirst();
    requireEither(
        metastore.isPresent() || logRole.isPresent(),
        "databricks_metastore nor a log-delivery role");
    ObjectNode c = configOf("./common.schema.json", CommonConfig.STACK);
    String prefix =
        logRole
            .map(r -> r.text("name").replaceFirst("-log-delivery$", ""))
            .orElseGet(() -> metastore.get().text("name").replaceFirst("^unity-catalog-", ""));
    c.put("prefix", prefix);
    String region = metastore.map(m -> m.text("region")).orElse("us-east-1");
    c.putObject("aws").put("region", region);
    one(all, "databricks_mws_credentials", "databricks_mws_log_delivery", "databricks_metastore")
        .map(i -> i.text("account_id"))
        .ifPresent(a -> c.putObject("databricks").put("account_id", a));
    Optional<TerraformState.Instance> storage = one(all, "databricks_mws_storage_configurations");
    Optional<TerraformState.Instance> bucket =
        storage.flatMap(s -> bucket(all, s.text("bucket_name")));
    bucket.or(() -> one(all, "aws_s3_bucket")).ifPresent(b -> c.set("tags", defaultTags(b)));
    ObjectNode logging = c.putObject("logging");
    bucket.ifPresent(
        b -> {
          logging.put("bucket", b.text("bucket"));
          logging.put("force_destroy", b.attributes().path("force_destroy").asBoolean());
        });
    for (TerraformState.Instance d : of(all, "databricks_mws_log_delivery")) {
      String field =
          "BILLABLE_USAGE".equals(d.text("log_type"))
              ? "billable_usage_prefix"
              : "audit_logs_prefix";
      if (d.text("delivery_path_prefix") != null) {
        logging.put(field, d.text("delivery_path_prefix"));
      }
    }
    metastore.ifPresent(
        m -> c.putObject("metastore").put("name", m.text("name")).put("region", m.text("region")));
    return c;
  }

  private static ObjectNode defaultTags(TerraformState.Instance vpc) {
    ObjectNode tags = Json.mapper().createObjectNode();
    JsonNode own = vpc.attributes().path("tags");
    vpc.attributes()
        .path("tags_all")
        .fields()
        .forEachRemaining(
            e -> {
              if (!own.has(e.getKey())) {
                tags.put(e.getKey(), e.getValue().asText());
              }
            });
    return tags;
  }

  private static ObjectNode network(
      TerraformState.Instance vpc, List<TerraformState.Instance> all) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("vpc_cidr", vpc.text("cidr_block"));
    List<TerraformState.Instance> subnets =
        of(all, "aws_subnet").stream().filter(s -> vpc.id().equals(s.text("vpc_id"))).toList();
    Map<String, String> privateByAz = new TreeMap<>();
    Map<String, String> publicByAz = new TreeMap<>();
    for (TerraformState.Instance s : subnets) {
      boolean isPublic =
          of(all, "aws_nat_gateway").stream().anyMatch(g -> s.id().equals(g.text("subnet_id")))
              || s.address().contains(".public[")
              || s.at("/tags/Name").asText().contains("-public-");
      (isPublic ? publicByAz : privateByAz).put(s.text("availability_zone"), s.text("cidr_block"));
    }
    ArrayNode azs = n.putArray("availability_zones");
    privateByAz.keySet().forEach(azs::add);
    ArrayNode pub = n.putArray("public_subnet_cidrs");
    privateByAz.keySet().forEach(az -> pub.add(publicByAz.getOrDefault(az, "")));
    ArrayNode priv = n.putArray("private_subnet_cidrs");
    privateByAz.values().forEach(priv::add);
    long nats =
        of(all, "aws_nat_gateway").stream()
            .filter(g -> subnets.stream().anyMatch(s -> s.id().equals(g.text("subnet_id"))))
            .count();
    n.put("single_nat_gateway", nats == 1);
    of(all, "aws_security_group").stream()
        .filter(g -> vpc.id().equals(g.text("vpc_id")))
        .findFirst()
        .ifPresent(
            g -> {
              ArrayNode protocols = n.putArray("security_group_protocols");
              List<String> seen = new ArrayList<>();
              for (JsonNode rule : g.attributes().path("ingress")) {
                String p = rule.path("protocol").asText();
                if (rule.path("self").asBoolean() && !seen.contains(p)) {
                  seen.add(p);
                  protocols.add(p);
                }
              }
              ArrayNode ports = n.putArray("security_group_egress_ports");
              List<JsonNode> open = new ArrayList<>();
              for (JsonNode rule : g.attributes().path("egress")) {
                if (rule.path("cidr_blocks").toString().contains("0.0.0.0/0")) {
                  open.add(rule);
                }
              }
              open.sort(Comparator.comparingInt(r -> r.path("from_port").asInt()));
              for (JsonNode rule : open) {
                int from = rule.path("from_port").asInt();
                int to = rule.path("to_port").asInt();
                if (from == to) {
                  ports.add(String.valueOf(from));
                } else {
                  ports.add(from + "-" + to);
                }
              }
            });
    return n;
  }

  private static ObjectNode overrides(String team, String definition) {
    ObjectNode out = Json.mapper().createObjectNode();
    try {
      JsonNode actual = Json.mapper().readTree(definition == null ? "{}" : definition);
      ObjectNode defaults = ClusterPolicies.definition(team, Map.of());
      actual
          .fields()
          .forEachRemaining(
              e -> {
                if (!e.getValue().equals(defaults.get(e.getKey()))) {
                  out.set(e.getKey(), e.getValue());
                }
              });
    } catch (IOException e) {
      // A definition that is not JSON cannot be expressed as overrides; the plan will show it.
    }
    return out;
  }

  private static Optional<TerraformState.Instance> bucket(
      List<TerraformState.Instance> all, String name) {
    return of(all, "aws_s3_bucket").stream().filter(b -> name.equals(b.text("bucket"))).findFirst();
  }

  /**
   * Refuses states that hold neither object a stack of this kind is recognised by: {@code neither}
   * names the two ("databricks_metastore nor a log-delivery role").
   */
  private static void requireEither(boolean found, String neither) {
    if (!found) {
      throw new DeployerException(
          "The Terraform state holds neither a "
              + neither
              + ": there is nothing to propose a config for.");
    }
  }

  /** A config file's first two fields: the schema it validates against and the stack it is. */
  private static ObjectNode configOf(String schema, String stack) {
    ObjectNode c = Json.mapper().createObjectNode();
    c.put("$schema", schema);
    c.put("environment", stack);
    return c;
  }

  private static List<TerraformState.Instance> of(List<TerraformState.Instance> all, String type) {
    return all.stream().filter(i -> i.type().equals(type)).toList();
  }

  private static Optional<TerraformState.Instance> one(
      List<TerraformState.Instance> all, String... types) {
    for (String t : types) {
      Optional<TerraformState.Instance> i = of(all, t).stream().findFirst();
      if (i.isPresent()) {
        return i;
      }
    }
    return Optional.empty();
  }
}
