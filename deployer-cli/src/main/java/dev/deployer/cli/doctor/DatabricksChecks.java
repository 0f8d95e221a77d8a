package dev.deployer.cli.doctor;

import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.service.catalog.MetastoreInfo;
import com.databricks.sdk.service.iam.ListAccountServicePrincipalsRequest;
import com.databricks.sdk.service.iam.ServicePrincipal;
import com.databricks.sdk.service.provisioning.Workspace;
import dev.deployer.account.DatabricksClients;
import dev.deployer.account.identity.Principal;
import dev.deployer.account.identity.PrincipalResolver;
import dev.deployer.common.CommonConfig;
import dev.deployer.core.DeployerException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The Databricks side: the account host answers the deploying identity, which is an account admin;
 * the tier, the region, the metastore of the region and the principals the config names; and the
 * workspace and deployment names are free in the account.
 */
final class DatabricksChecks {
  static final String AREA = "Databricks";

  /**
   * The AWS regions Databricks documents for its control plane (docs.databricks.com, "Databricks
   * clouds and regions", AWS), as this project knows them; a region outside it is a warning, not a
   * failure, since the list grows.
   */
  static final Set<String> REGIONS =
      Set.of(
          "us-east-1",
          "us-east-2",
          "us-west-1",
          "us-west-2",
          "ca-central-1",
          "sa-east-1",
          "eu-central-1",
          "eu-west-1",
          "eu-west-2",
          "eu-west-3",
          "ap-northeast-1",
          "ap-northeast-2",
          "ap-south-1",
          "ap-southeast-1",
          "ap-southeast-2",
          "us-gov-west-1");

  /** A principal the config names, where, and as what. */
  record Named(Principal.Kind kind, String name, String where) {}

  /** What the checks need to know about the stacks besides their plans. */
  record Context(
      String region,
      String configFile,
      Optional<String> pricingTier,
      List<Named> principals,
      Optional<CommonConfig> common,
      boolean commonWillBeApplied,
      Optional<String> metastoreId,
      String commonConfigFile) {}

  private final DatabricksClients db;
  private final List<Planned> stacks;
  private final Context ctx;
  private final List<Check> out = new ArrayList<>();

  DatabricksChecks(DatabricksClients db, List<Planned> stacks, Context ctx) {
    this.db = db;
    this.stacks = stacks;
    this.ctx = ctx;
  }

  List<Check> run() {
    Optional<List<Workspace>> workspaces = account();
    if (workspaces.isEmpty()) {
      return out;
    }
    tier(workspaces.get());
    region();
    metastore();
    principals();
    names(workspaces.get());
    return out;
  }

  private static String describe(Throwable e) {
    if (e instanceof DatabricksError d) {
      return d.getStatusCode() + " " + d.getErrorCode() + ": " + d.getMessage();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** The account host answers, the identity authenticates, and it is an account admin. */
  private Optional<List<Workspace>> account() {
    String host = db.settings().accountHost();
    String who = identity();
    List<Workspace> list = new ArrayList<>();
    try {
      db.account().workspaces().list().forEach(list::add);
    } catch (DatabricksError e) {
      // 401 and 403 come from an account host that answers: it is the identity that is refused.
      if (e.getStatusCode() == 401 || e.getStatusCode() == 403) {
        out.add(Check.pass(AREA, "account host", host + " answers"));
        out.add(
            e.getStatusCode() == 401
                ? Check.fail(
                    AREA,
                    "authentication",
                    "the account refused " + who + ": " + describe(e),
                    "check the OAuth client id and secret (DATABRICKS_CLIENT_ID/SECRET or the"
                        + " profile) and the account id")
                : Check.fail(
                    AREA,
                    "account admin",
                    who + " is not an account admin: " + describe(e),
                    "give it the account admin role (account console, User management, the"
                        + " principal's Roles tab)"));
        return Optional.empty();
      }
      if (e.getStatusCode() == 404) {
        out.add(
            Check.fail(
                AREA,
                "account host",
                host + " knows no account " + db.accountId() + ": " + describe(e),
                "fix databricks.account_id in " + ctx.configFile()));
        return Optional.empty();
      }
      out.add(Check.fail(AREA, "account host", host + ": " + describe(e), "try again later"));
      return Optional.empty();
    } catch (RuntimeException e) {
      out.add(
          Check.fail(
              AREA,
              "account host",
              host + " does not answer: " + describe(e),
              "check databricks.account_host and the network path to it"));
      return Optional.empty();
    }
    out.add(Check.pass(AREA, "account host", host + " answers " + who));
    out.add(admin(who));
    return Optional.of(list);
  }

  private String identity() {
    var cfg = db.accountConfig();
    String type = cfg.getAuthType();
    if (cfg.getClientId() != null) {
      return "OAuth client " + cfg.getClientId();
    }
    return "the " + (type == null ? "configured" : type) + " identity";
  }

  /** The account API answered; with OAuth the service principal's roles say why. */
  private Check admin(String who) {
    String clientId = db.accountConfig().getClientId();
    if (clientId == null) {
      return Check.pass(AREA, "account admin", who + " may use the account API");
    }
    try {
      for (ServicePrincipal sp :
          db.account()
              .servicePrincipals()
              .list(
                  new ListAccountServicePrincipalsRequest()
                      .setFilter("applicationId eq \"" + clientId + "\""))) {
        if (clientId.equals(sp.getApplicationId())) {
          boolean admin =
              sp.getRoles() != null
                  && sp.getRoles().stream().anyMatch(r -> "account_admin".equals(r.getValue()));
          return admin
              ? Check.pass(
                  AREA,
                  "account admin",
                  "service principal " + sp.getDisplayName() + " has the account_admin role")
              : Check.pass(
                  AREA,
                  "account admin",
                  "service principal "
                      + sp.getDisplayName()
                      + " may use the account API (no roles listed)");
        }
      }
      return Check.warn(
          AREA,
          "account admin",
          who + " is not a service principal of account " + db.accountId(),
          "add the OAuth client's service principal to the account");
    } catch (DatabricksError e) {
      return Check.fail(
          AREA,
          "account admin",
          who + " may not read the account's principals: " + describe(e),
          "give it the account admin role");
    }
  }

  private void tier(List<Workspace> workspaces) {
    List<String> seen =
        workspaces.stream()
            .map(Workspace::getPricingTier)
            .filter(java.util.Objects::nonNull)
            .map(t -> t.toString())
            .distinct()
            .toList();
    String wanted = ctx.pricingTier().map(t -> t.toUpperCase(Locale.ROOT)).orElse(null);
    if (seen.isEmpty()) {
      out.add(
          Check.warn(
              AREA,
              "tier",
              "the account API does not tell the subscription tier and no workspace shows one",
              "make sure the account is on Premium or above: customer-managed VPCs need it"
                  + (wanted == null ? "" : ", and the config asks for " + wanted)));
      return;
    }
    if (seen.contains("STANDARD") && seen.size() == 1) {
      out.add(
          Check.fail(
              AREA,
              "tier",
              "the account's workspaces are STANDARD",
              "customer-managed VPCs need Premium or above: upgrade the account"));
      return;
    }
    if (wanted != null && wanted.equals("ENTERPRISE") && !seen.contains("ENTERPRISE")) {
      out.add(
          Check.warn(
              AREA,
              "tier",
              "the config asks for ENTERPRISE; the account's workspaces show " + seen,
              "check the account's plan allows ENTERPRISE workspaces"));
      return;
    }
    out.add(Check.pass(AREA, "tier", "the account's workspaces show " + String.join(", ", seen)));
  }

  private void region() {
    if (REGIONS.contains(ctx.region())) {
      out.add(Check.pass(AREA, "region", ctx.region() + " is a Databricks region"));
    } else {
      out.add(
          Check.warn(
              AREA,
              "region",
              ctx.region() + " is not among the Databricks AWS regions deployer knows",
              "check docs.databricks.com's list of AWS regions before applying"));
    }
  }

  private void metastore() {
    List<MetastoreInfo> all = new ArrayList<>();
    try {
      db.account().metastores().list().forEach(all::add);
    } catch (RuntimeException e) {
      out.add(
          Check.warn(
              AREA, "metastore", "cannot list the account's metastores: " + describe(e), null));
      return;
    }
    if (ctx.commonWillBeApplied() && ctx.common().isPresent()) {
      CommonConfig.Metastore m = ctx.common().get().metastore();
      String region = m.region() == null ? ctx.common().get().aws().region() : m.region();
      Optional<MetastoreInfo> there =
          all.stream().filter(x -> region.equals(x.getRegion())).findFirst();
      if (there.isEmpty()) {
        out.add(
            Check.pass(
                AREA,
                "metastore",
                "none in " + region + " yet: stack common will create " + m.name()));
      } else if (m.adoptExistingOrDefault()) {
        out.add(
            Check.pass(
                AREA,
                "metastore",
                there.get().getName()
                    + " ("
                    + there.get().getMetastoreId()
                    + ") is in "
                    + region
                    + ": stack common will adopt it (metastore.adopt_existing)"));
      } else {
        out.add(
            Check.fail(
                AREA,
                "metastore",
                "metastore "
                    + there.get().getName()
                    + " ("
                    + there.get().getMetastoreId()
                    + ") already exists in "
                    + region
                    + "; Databricks allows one per region, so stack common's create of "
                    + m.name()
                    + " would be refused",
                "set metastore.adopt_existing to true in "
                    + ctx.commonConfigFile()
                    + " to use it, or remove it if nothing uses it"));
      }
      return;
    }
    if (ctx.metastoreId().isPresent()) {
      String id = ctx.metastoreId().get();
      Optional<MetastoreInfo> m = all.stream().filter(x -> id.equals(x.getMetastoreId())).findAny();
      if (m.isEmpty()) {
        out.add(
            Check.fail(
                AREA,
                "metastore",
                "metastore " + id + " is not in the account",
                "apply stack common again, or fix metastore.id in " + ctx.configFile()));
      } else if (!ctx.region().equals(m.get().getRegion())) {
        out.add(
            Check.fail(
                AREA,
                "metastore",
                "metastore "
                    + id
                    + " is in "
                    + m.get().getRegion()
                    + ", the workspace in "
                    + ctx.region(),
                "a workspace can only use its region's metastore: use a metastore in "
                    + ctx.region()));
      } else {
        out.add(
            Check.pass(AREA, "metastore", m.get().getName() + " (" + id + ") in " + ctx.region()));
      }
    }
  }

  private void principals() {
    if (ctx.principals().isEmpty()) {
      return;
    }
    List<String> unknown = new ArrayList<>();
    int found = 0;
    for (Named n : ctx.principals()) {
      try {
        new PrincipalResolver(db).resolve(List.of(n.kind()), List.of(n.name()), n.where());
        found++;
      } catch (DeployerException e) {
        unknown.add(n.kind().configName() + " '" + n.name() + "' (" + n.where() + ")");
      } catch (RuntimeException e) {
        out.add(Check.warn(AREA, "principals", "cannot look principals up: " + describe(e), null));
        return;
      }
    }
    if (unknown.isEmpty()) {
      out.add(Check.pass(AREA, "principals", "all " + found + " named in the config exist"));
    } else {
      out.add(
          Check.fail(
              AREA,
              "principals",
              "not in account " + db.accountId() + ": " + String.join(", ", unknown),
              "create them in the account (or fix the names) before applying"));
    }
  }

  private void names(List<Workspace> workspaces) {
    for (Planned p : stacks) {
      for (Planned.Created w : p.ofType("databricks_mws_workspaces")) {
        Optional<String> name = w.field("workspace_name");
        if (name.isPresent()) {
          Optional<Workspace> same =
              workspaces.stream().filter(x -> name.get().equals(x.getWorkspaceName())).findAny();
          if (same.isPresent()) {
            out.add(
                Check.fail(
                    AREA,
                    "workspace name " + name.get(),
                    "taken by workspace "
                        + same.get().getWorkspaceId()
                        + ", not in stack "
                        + p.stack()
                        + "'s state",
                    "import it if it is this stack's ('deployer import "
                        + w.address()
                        + " ID'),"
                        + " else choose another workspace.name"));
          } else {
            out.add(Check.pass(AREA, "workspace name " + name.get(), "free in the account"));
          }
        }
        Optional<String> deployment = w.field("deployment_name");
        if (deployment.isPresent()) {
          boolean taken =
              workspaces.stream().anyMatch(x -> deployment.get().equals(x.getDeploymentName()));
          out.add(
              taken
                  ? Check.fail(
                      AREA,
                      "deployment name " + deployment.get(),
                      "taken by another workspace of the account",
                      "choose another workspace.deployment_name")
                  : Check.pass(
                      AREA,
                      "deployment name " + deployment.get(),
                      "free in the account (names are global; other accounts' are not visible)"));
        }
      }
    }
  }
}
