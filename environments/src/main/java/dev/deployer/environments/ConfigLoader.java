package dev.deployer.environments;

import dev.deployer.common.CommonConfig;
import dev.deployer.core.config.ConfigException;
import dev.deployer.core.config.ConfigException.ConfigProblem;
import dev.deployer.core.config.JsonConfigReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Loads and fully validates an environment config before anything calls an API. */
public final class ConfigLoader {
  private static final JsonConfigReader ENVIRONMENT =
      new JsonConfigReader("/dev/deployer/environments/environment.schema.json");
  private static final Pattern IP = Pattern.compile("^\\d+\\.\\d+\\.\\d+\\.\\d+$");

  private ConfigLoader() {}

  public static Path configFile(Path configDir, String env) {
    return configDir.resolve(env + ".json");
  }

  private static final JsonConfigReader COMMON =
      new JsonConfigReader("/dev/deployer/environments/common.schema.json");

  /** The common stack's config, schema-checked, with its bucket name checked. */
  public static CommonConfig loadCommon(Path configDir) {
    Path file = configFile(configDir, Stacks.COMMON);
    if (!Files.exists(file)) {
      throw new ConfigException(
          file.toString(), "", "no config for the common stack (expected " + file + ")");
    }
    CommonConfig c = COMMON.read(file, CommonConfig.class);
    List<ConfigProblem> problems = new ArrayList<>();
    if (c.logging().bucket() != null) {
      checkBucketName(file.toString(), "$.logging.bucket", c.logging().bucket(), problems);
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return c;
  }

  public static EnvironmentConfig loadEnvironment(Path configDir, String env) {
    Path file = configFile(configDir, env);
    if (!Files.exists(file)) {
      throw new ConfigException(
          file.toString(),
          "",
          "no config for environment '"
              + env
              + "' (expected "
              + file
              + "; environments here: "
              + available(configDir)
              + ")");
    }
    EnvironmentConfig c = ENVIRONMENT.read(file, EnvironmentConfig.class);
    List<ConfigProblem> problems = new ArrayList<>();
    String f = file.toString();
    if (!c.environment().equals(env)) {
      problems.add(
          new ConfigProblem(
              f,
              "$.environment",
              "is '" + c.environment() + "' but the file is for '" + env + "'"));
    }
    checkBucketName(f, "$.storage.root_bucket", c.storage().rootBucket(), problems);
    addAll(f, "$.network.", EnvironmentStack.networkInputs(c).validate(), problems);
    checkHardening(f, c, problems);
    if (c.catalog() != null && "admins".equals(c.catalog().adminPrincipal())) {
      // Unity Catalog knows account principals only: a grant to the workspace's own admins group
      // is refused ("Could not find principal with name admins", provider #5413).
      problems.add(
          new ConfigProblem(
              f,
              "$.catalog.admin_principal",
              "is the workspace-local 'admins' group, which Unity Catalog does not know (its"
                  + " grants would be refused at apply): name an account group, user or service"
                  + " principal"));
    }
    for (String p : EnvironmentStack.crossAccountInputs(c, c.databricks().accountId()).validate()) {
      // The module names its inputs; say where they come from in the config.
      String where =
          p.replaceFirst("^databricks_account_id:", "databricks.account_id:")
              .replaceFirst(
                  "^instance_profile_role_arn:", "cross_account_role.instance_profile_role_arn:");
      addAll(f, "$.", List.of(where), problems);
    }
    for (int i = 0; i < c.notebooks().size(); i++) {
      NotebookFiles.check(
          configDir, c.notebooks().get(i), f, "$.notebooks[" + i + "].file", problems);
    }
    for (int i = 0; i < c.repos().size(); i++) {
      var repo = c.repos().get(i);
      if (repo.branch() != null && repo.tag() != null) {
        problems.add(
            new ConfigProblem(f, "$.repos[" + i + "]", "give a branch or a tag, not both"));
      }
      String urlField = "$.repos[" + i + "].url";
      RepoUrls.credentialProblem(repo.url())
          .ifPresent(m -> problems.add(new ConfigProblem(f, urlField, m)));
    }
    checkIdentities(f, c.identities(), problems);
    checkSecurity(f, c.security(), problems);
    checkCompute(f, c, problems);
    checkGroups(f, c, problems);
    for (int i = 0; i < c.peering().size(); i++) {
      addAll(
          f,
          "$.peering[" + i + "].",
          EnvironmentStack.peeringInputs(c.peering().get(i)).validate(c.network().vpcCidr()),
          problems);
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return c;
  }

  /**
   * One entry per principal. Databricks compares user names without case (the provider suppresses
   * case-only diffs of {@code user_name} and the service stores it lower-cased) and service
   * principals by application id (a UUID), so entries differing only in case are one principal
   * given two permissions: one would silently win and plan would never converge. Group names are
   * case-sensitive in Databricks ("Admins" and "admins" are two groups, provider #3596, #3708), so
   * only an exact repeat of a group is refused.
   */
  static void checkIdentities(
      String file, List<EnvironmentConfig.Identity> identities, List<ConfigProblem> problems) {
    java.util.Map<String, Integer> first = new java.util.HashMap<>();
    for (int i = 0; i < identities.size(); i++) {
      EnvironmentConfig.Identity id = identities.get(i);
      if (id.principal() == null || id.kind() == null) {
        continue; // the schema names what is missing
      }
      String key = id.kind() + ":" + principalKey(id.kind(), id.principal());
      Integer earlier = first.putIfAbsent(key, i);
      if (earlier != null) {
        EnvironmentConfig.Identity e = identities.get(earlier);
        boolean exact = e.principal().equals(id.principal());
        problems.add(
            new ConfigProblem(
                file,
                "$.identities[" + i + "].principal",
                "'"
                    + id.principal()
                    + "' is the same "
                    + id.kind().replace('_', ' ')
                    + " as $.identities["
                    + earlier
                    + "] ('"
                    + e.principal()
                    + "'"
                    + (exact ? "" : "; Databricks compares them without case")
                    + "), given "
                    + e.permission()
                    + " there and "
                    + id.permission()
                    + " here; keep one entry with the permission it should have"));
      }
    }
  }

  /**
   * What the schema cannot say of the security section: labels name one list each (they identify
   * it), each address is an IPv4 address or a CIDR whose host bits are zero, and monitoring is not
   * turned off while the compliance security profile (which keeps it on) is configured.
   */
  static void checkSecurity(
      String file, EnvironmentConfig.Security s, List<ConfigProblem> problems) {
    if (s.ipAccessLists() != null) {
      java.util.Set<String> labels = new java.util.HashSet<>();
      var lists = s.ipAccessLists().lists();
      for (int i = 0; i < lists.size(); i++) {
        var l = lists.get(i);
        String at = "$.security.ip_access_lists.lists[" + i + "]";
        if (!labels.add(l.label())) {
          problems.add(
              new ConfigProblem(file, at + ".label", "'" + l.label() + "' names another list too"));
        }
        if (EnvironmentConfig.Security.SANDBOX_CALLER_LABEL.equals(l.label())) {
          problems.add(
              new ConfigProblem(
                  file, at + ".label", "'" + l.label() + "' is kept for the sandbox"));
        }
        for (int j = 0; j < l.ipAddresses().size(); j++) {
          String ip = l.ipAddresses().get(j);
          if (dev.deployer.cloud.network.Cidr.parse(ip.contains("/") ? ip : ip + "/32").isEmpty()) {
            problems.add(
                new ConfigProblem(
                    file,
                    at + ".ip_addresses[" + j + "]",
                    "'"
                        + ip
                        + "' is not an IPv4 address or a CIDR with its host bits zero (e.g."
                        + " 203.0.113.0/24)"));
          }
        }
      }
    }
    if (s.complianceSecurityProfile() != null
        && Boolean.FALSE.equals(s.enhancedSecurityMonitoring())) {
      problems.add(
          new ConfigProblem(
              file,
              "$.security.enhanced_security_monitoring",
              "cannot be false with the compliance security profile on: the profile keeps"
                  + " monitoring on (leave it out or set it true)"));
    }
  }

  /**
   * An isolated network has no public subnets and a non-isolated one needs them; PrivateLink's
   * endpoint subnets must suit the network and the region.
   */
  static void checkHardening(String f, EnvironmentConfig c, List<ConfigProblem> problems) {
    boolean isolated = c.network().isolatedOrDefault();
    List<String> pub = c.network().publicSubnetCidrs();
    if (isolated && pub != null && !pub.isEmpty()) {
      problems.add(
          new ConfigProblem(
              f,
              "$.network.public_subnet_cidrs",
              "an isolated network has no public subnets (no internet gateway or NAT): make it []"
                  + " or set network.isolated to false"));
    }
    if (!isolated && (pub == null || pub.isEmpty())) {
      problems.add(
          new ConfigProblem(
              f,
              "$.network.public_subnet_cidrs",
              "one public subnet per availability zone is needed for the NAT gateways; for a"
                  + " network without internet egress set network.isolated to true"));
    }
    EnvironmentStack.privateLinkInputs(c)
        .ifPresent(
            in ->
                addAll(
                    f,
                    "$.",
                    in.validate("privatelink", c.aws().region(), EnvironmentStack.networkInputs(c)),
                    problems));
  }

  /**
   * Grants name principals the workspace knows: listed in {@code identities} (a workspace knows an
   * account principal only once it is assigned) or its own {@code users} group. The shared
   * cluster's autotermination must be the one the cluster policy fixes, or the service refuses the
   * cluster; workers are a count or autoscale bounds, not both.
   */
  static void checkCompute(String file, EnvironmentConfig c, List<ConfigProblem> problems) {
    java.util.Set<String> known = new java.util.HashSet<>();
    for (EnvironmentConfig.Identity id : c.identities()) {
      if (id.kind() != null && id.principal() != null) {
        known.add(id.kind() + ":" + principalKey(id.kind(), id.principal()));
      }
    }
    known.add("group:users");
    checkGrants(
        file, "$.cluster_policy.permissions", c.clusterPolicy().permissions(), known, problems);
    var sc = c.sharedCluster();
    if (sc == null) {
      return;
    }
    checkGrants(file, "$.shared_cluster.permissions", sc.permissions(), known, problems);
    if (sc.numWorkers() != null && sc.autoscale() != null) {
      problems.add(
          new ConfigProblem(file, "$.shared_cluster", "give num_workers or autoscale, not both"));
    }
    if (sc.autoscale() != null
        && sc.autoscale().minWorkers() != null
        && sc.autoscale().maxWorkers() != null
        && sc.autoscale().maxWorkers() < sc.autoscale().minWorkers()) {
      problems.add(
          new ConfigProblem(
              file, "$.shared_cluster.autoscale.max_workers", "is below min_workers"));
    }
    Long fixed =
        dev.deployer.workspace.WorkspaceComputeModule.fixedAutotermination(
            EnvironmentStack.policyDefinition(c));
    if (fixed != null
        && sc.autoterminationMinutes() != null
        && !fixed.equals(sc.autoterminationMinutes())) {
      problems.add(
          new ConfigProblem(
              file,
              "$.shared_cluster.autotermination_minutes",
              "is "
                  + sc.autoterminationMinutes()
                  + " but the cluster policy fixes autotermination_minutes at "
                  + fixed
                  + "; leave it out or change $.cluster_policy.overrides"));
    }
  }

  /**
   * Group names are unique with case (Databricks keeps "Admins" and "admins" apart), and no group
   * of the config contains itself through others: the service refuses the membership.
   */
  static void checkGroups(String file, EnvironmentConfig c, List<ConfigProblem> problems) {
    java.util.Map<String, List<String>> nested = new java.util.HashMap<>();
    for (int i = 0; i < c.groups().size(); i++) {
      var g = c.groups().get(i);
      if (nested.containsKey(g.displayName())) {
        problems.add(
            new ConfigProblem(
                file,
                "$.groups[" + i + "].display_name",
                "'" + g.displayName() + "' is another entry's group too"));
      }
      List<String> inner = new java.util.ArrayList<>();
      for (var m : g.members()) {
        if ("group".equals(m.kind()) && c.groupNames().contains(m.principal())) {
          inner.add(m.principal());
        }
      }
      nested.putIfAbsent(g.displayName(), inner);
    }
    for (int i = 0; i < c.groups().size(); i++) {
      String name = c.groups().get(i).displayName();
      java.util.Deque<String> todo = new java.util.ArrayDeque<>(nested.get(name));
      java.util.Set<String> seen = new java.util.HashSet<>();
      while (!todo.isEmpty()) {
        String n = todo.pop();
        if (n.equals(name)) {
          problems.add(
              new ConfigProblem(
                  file,
                  "$.groups[" + i + "].members",
                  "group '" + name + "' would contain itself through its member groups"));
          break;
        }
        if (seen.add(n)) {
          todo.addAll(nested.getOrDefault(n, List.of()));
        }
      }
    }
  }

  private static void checkGrants(
      String file,
      String field,
      List<dev.deployer.workspace.WorkspaceComputeModule.Grant> grants,
      java.util.Set<String> known,
      List<ConfigProblem> problems) {
    for (int i = 0; i < grants.size(); i++) {
      var g = grants.get(i);
      if (!known.contains(g.kind() + ":" + principalKey(g.kind(), g.principal()))) {
        problems.add(
            new ConfigProblem(
                file,
                field + "[" + i + "].principal",
                "'"
                    + g.principal()
                    + "' is not in $.identities: the workspace knows a "
                    + g.kind().replace('_', ' ')
                    + " only once it is assigned there, so add it to identities"));
      }
    }
  }

  /** How Databricks tells principals of {@code kind} apart. */
  static String principalKey(String kind, String principal) {
    return "group".equals(kind) ? principal : principal.toLowerCase(java.util.Locale.ROOT);
  }

  /** Module problems read "field: message"; they become problems on {@code base + field}. */
  static void addAll(String file, String base, List<String> found, List<ConfigProblem> problems) {
    for (String p : found) {
      int colon = p.indexOf(": ");
      String field = colon > 0 ? p.substring(0, colon) : "";
      String message = colon > 0 ? p.substring(colon + 2) : p;
      problems.add(new ConfigProblem(file, base + field, message));
    }
  }

  /** S3 bucket naming rules beyond what the schema's pattern says. */
  static void checkBucketName(
      String file, String field, String name, List<ConfigProblem> problems) {
    if (name.contains("..") || name.contains(".-") || name.contains("-.")) {
      problems.add(
          new ConfigProblem(
              file, field, "'" + name + "' is not a valid bucket name (no '..', '.-' or '-.')"));
    }
    if (IP.matcher(name).matches()) {
      problems.add(
          new ConfigProblem(
              file, field, "'" + name + "' looks like an IP address; bucket names must not"));
    }
    if (name.startsWith("xn--") || name.endsWith("-s3alias") || name.endsWith("--ol-s3")) {
      problems.add(
          new ConfigProblem(file, field, "'" + name + "' uses a prefix or suffix S3 reserves"));
    }
  }

  public static String available(Path configDir) {
    try (var s = Files.list(configDir)) {
      List<String> names =
          s.map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".json") && !n.endsWith(".schema.json"))
              .map(n -> n.substring(0, n.length() - 5))
              .sorted()
              .toList();
      return names.isEmpty() ? "none" : String.join(", ", names);
    } catch (java.io.IOException e) {
      return "none (" + configDir + " is not readable)";
    }
  }
}
