package dev.deployer.cli.doctor;

import dev.deployer.account.identity.Principal;
import dev.deployer.common.CommonConfig;
import dev.deployer.core.Engine;
import dev.deployer.core.EngineListener;
import dev.deployer.core.EngineRuntime;
import dev.deployer.core.plan.Plan;
import dev.deployer.core.state.ResourceState;
import dev.deployer.environments.ConfigLoader;
import dev.deployer.environments.EnvironmentConfig;
import dev.deployer.environments.LoadedStack;
import dev.deployer.environments.Stacks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read-only checks before a stack's first apply: everything a Terraform user of the reference finds
 * out halfway through an apply. It plans the stack (and the common stack, when that will be applied
 * first) to learn what will be created, then asks AWS and Databricks with read calls only.
 */
public final class Doctor {
  private Doctor() {}

  /** What doctor found for one stack, with the stacks it looked at (common first if missing). */
  public record Report(String stack, List<String> stacks, List<Check> checks) {
    public long count(Check.Status s) {
      return checks.stream().filter(c -> c.status() == s).count();
    }

    public boolean failed() {
      return count(Check.Status.FAIL) > 0;
    }
  }

  public static Report run(Stacks stacks, Path configDir, String name, int parallelism) {
    List<String> order = new ArrayList<>(stacks.missingUpstream(name));
    order.add(name);
    List<LoadedStack> opened = new ArrayList<>();
    try {
      List<Planned> planned = new ArrayList<>();
      List<Check> planFailures = new ArrayList<>();
      for (String s : order) {
        // Before any client is built, as a real plan does: a stray AWS_ENDPOINT_URL is named first.
        stacks.refuseStrayEndpoints(s, endpoint(configDir, s));
        // Without principal lookups (doctor reports unknown principals instead of stopping) and
        // without the upstream's outputs, which a first apply of both does not have yet.
        LoadedStack ls = stacks.openOffline(s);
        opened.add(ls);
        Engine engine =
            new Engine(EngineRuntime.system(parallelism, EngineListener.QUIET), ls.catalogue());
        Plan plan;
        try {
          plan = engine.plan(ls.definition(), ls.store(), false);
        } catch (RuntimeException e) {
          // The plan itself refuses (a metastore to adopt, a principal that may not read): that
          // is a finding, and the checks that do not need the plan still run.
          planFailures.add(
              Check.fail(
                  "Plan",
                  "plan of " + s,
                  e.getMessage() == null ? e.toString() : e.getMessage(),
                  "fix what the message names; 'deployer plan --env " + s + "' shows it too"));
          continue;
        }
        Map<String, String> ids = new LinkedHashMap<>();
        ls.store().read().ifPresent(st -> st.resources().forEach(r -> ids.put(r.address(), id(r))));
        planned.add(Planned.of(plan, ids));
      }
      LoadedStack main = opened.get(opened.size() - 1);
      String configFile = main.configFile().getFileName().toString();
      List<Check> checks = new ArrayList<>();
      checks.addAll(new AwsChecks(main.clients().aws(), planned, configFile).run());
      checks.addAll(
          new DatabricksChecks(
                  main.clients().databricks(),
                  planned,
                  context(stacks, configDir, name, order, main))
              .run());
      checks.addAll(planFailures);
      return new Report(name, order, checks);
    } finally {
      opened.forEach(LoadedStack::close);
    }
  }

  private static String id(ResourceState r) {
    return r.id() == null ? "" : r.id();
  }

  private static String endpoint(Path configDir, String stack) {
    return Stacks.COMMON.equals(stack)
        ? ConfigLoader.loadCommon(configDir).aws().endpoint()
        : ConfigLoader.loadEnvironment(configDir, stack).aws().endpoint();
  }

  private static DatabricksChecks.Context context(
      Stacks stacks, Path configDir, String name, List<String> order, LoadedStack main) {
    Optional<CommonConfig> common =
        Files.exists(ConfigLoader.configFile(configDir, Stacks.COMMON))
            ? Optional.of(ConfigLoader.loadCommon(configDir))
            : Optional.empty();
    String commonFile = ConfigLoader.configFile(configDir, Stacks.COMMON).getFileName().toString();
    boolean commonFirst = order.contains(Stacks.COMMON);
    // The common stack's own metastore counts as planned only while it is not in its state.
    boolean commonCreatesMetastore =
        commonFirst && stacks.upstreamOutput(Stacks.COMMON, "metastore_id").isEmpty();
    if (Stacks.COMMON.equals(name)) {
      CommonConfig c = common.orElseThrow();
      return new DatabricksChecks.Context(
          c.aws().region(),
          main.configFile().getFileName().toString(),
          Optional.empty(),
          List.of(),
          common,
          commonCreatesMetastore,
          stacks.upstreamOutput(Stacks.COMMON, "metastore_id"),
          commonFile);
    }
    EnvironmentConfig c = ConfigLoader.loadEnvironment(configDir, name);
    String file = main.configFile().getFileName().toString();
    List<DatabricksChecks.Named> principals = new ArrayList<>();
    for (int i = 0; i < c.identities().size(); i++) {
      EnvironmentConfig.Identity id = c.identities().get(i);
      if ("group".equals(id.kind()) && c.groupNames().contains(id.principal())) {
        continue; // a group this stack creates; it cannot be in the account before the apply
      }
      principals.add(
          new DatabricksChecks.Named(
              Principal.Kind.parse(id.kind()), id.principal(), file + " $.identities[" + i + "]"));
    }
    if (c.deployingPrincipal() != null) {
      principals.add(
          new DatabricksChecks.Named(
              Principal.Kind.parse(c.deployingPrincipal().kind()),
              c.deployingPrincipal().principal(),
              file + " $.deploying_principal"));
    }
    if (c.catalog().adminPrincipal() != null) {
      String p = c.catalog().adminPrincipal();
      Principal.Kind kind =
          p.contains("@")
              ? Principal.Kind.USER
              : p.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
                  ? Principal.Kind.SERVICE_PRINCIPAL
                  : Principal.Kind.GROUP;
      principals.add(new DatabricksChecks.Named(kind, p, file + " $.catalog.admin_principal"));
    }
    Optional<String> metastoreId =
        c.metastore().id() != null
            ? Optional.of(c.metastore().id())
            : stacks.upstreamOutput(c.metastore().fromStackOrDefault(), "metastore_id");
    return new DatabricksChecks.Context(
        c.aws().region(),
        file,
        Optional.ofNullable(c.workspace().pricingTier()),
        principals,
        common,
        commonCreatesMetastore,
        metastoreId,
        commonFile);
  }
}
