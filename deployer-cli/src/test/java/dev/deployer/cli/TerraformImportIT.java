package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.billing.ListLogDeliveryRequest;
import com.databricks.sdk.service.billing.LogDeliveryConfigStatus;
import com.databricks.sdk.service.catalog.CatalogInfo;
import com.databricks.sdk.service.catalog.ListCatalogsRequest;
import com.databricks.sdk.service.catalog.ListExternalLocationsRequest;
import com.databricks.sdk.service.catalog.ListStorageCredentialsRequest;
import com.databricks.sdk.service.compute.ListClusterPoliciesRequest;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.account.DatabricksClients;
import dev.deployer.account.DatabricksSettings;
import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsSettings;
import dev.deployer.core.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * The reference's estate (its common folders, then its dev folder), created in a sandbox with the
 * defaults a user's {@code --sandbox} gets (the AWS fault proxy, automatic Unity Catalog enablement
 * and every lag at its default length) through the SDKs as its Terraform configuration creates it,
 * and described by Terraform states with the real ids, is taken over with {@code import
 * --from-terraform}, stack by stack as docs/migrating-from-terraform.md says: proposed config, a
 * dry run that changes nothing, adoption (refused while it would replace the workspace, unless the
 * address is allowed), a first plan that creates, deletes or replaces none of the imported objects,
 * an apply after which the plan is empty, and one of each object in the emulators.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TerraformImportIT {
  @RegisterExtension
  static final SandboxCli sandbox = SandboxCli.atUserDefaults().startedBeforeTests();

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  static Path tf;
  static JsonNode status;
  static ReferenceEstate estate;

  @BeforeAll
  static void deployTheReference() throws Exception {
    status = Json.mapper().readTree(sandbox.cli.run("sandbox", "status", "--json").out());
    tf = sandbox.work.resolve("terraform");
    try (AwsClients aws = aws()) {
      estate = new ReferenceEstate(aws, databricks());
      for (Map.Entry<String, ObjectNode> folder : estate.deployCommon().entrySet()) {
        writeState(tf.resolve(folder.getKey()), folder.getValue());
      }
      writeState(tf.resolve("databricks_dev"), estate.deploy());
    }
    // The configs are the ones --write-config proposes, not the shipped examples.
    Files.delete(sandbox.configDir.resolve("common.json"));
    Files.delete(sandbox.configDir.resolve("dev.json"));
  }

  @Test
  @Order(1)
  void theCommonFolders_areAdoptedAsTheCommonStack_andConverge() throws Exception {
    Path common = tf.resolve("common_infrastructure");
    ok("import", "--from-terraform", common.toString(), "--env", "common", "--write-config");
    JsonNode config = Json.mapper().readTree(sandbox.configDir.resolve("common.json").toFile());
    assertThat(config.at("/logging/bucket").asText()).isEqualTo("acme-shared-log-delivery");
    assertThat(config.at("/adopted/logging.billable_usage/config_name").asText())
        .isEqualTo("Billable Usage Logs");

    CliProcess.Result dry = dryRun(common, "common");
    assertThat(dry.out())
        .contains("# logging/terraform.tfstate", "# unity_catalog/terraform.tfstate")
        .containsPattern(
            "databricks_metastore\\.this +unity_catalog\\.metastore +"
                + estate.metastoreId
                + " +name=unity-catalog-acme-shared, region=us-east-1")
        .containsPattern("aws_s3_bucket\\.log_delivery +logging\\.bucket +acme-shared-log-delivery")
        .containsPattern("aws_iam_role\\.log_delivery +logging\\.role +acme-shared-log-delivery")
        .containsPattern(
            "databricks_mws_log_delivery\\.audit_logs +logging\\.audit_logs .*"
                + "config_name=Audit Logs")
        .contains("databricks_mws_credentials.log_writer", "logging.credentials")
        .contains("databricks_mws_storage_configurations.log_bucket")
        .contains("aws_s3_bucket_policy.log_delivery", "aws_s3_bucket_public_access_block")
        .contains("To be created (0 deployer resources");

    CliProcess.Result imported =
        ok("import", "--from-terraform", common.toString(), "--env", "common");
    assertThat(imported.out())
        .contains("Adopted 9 objects into stack common")
        .contains("Terraform's state was not changed");
    keep("common-import.txt", imported.out());
    applyTheFirstPlan("common");
    sandbox.assertNoChanges("common");
  }

  @Test
  @Order(2)
  void theDevFolder_proposedConfigAndDryRun() throws Exception {
    ok("import", "--from-terraform", dev().toString(), "--env", "dev", "--write-config");
    Path file = sandbox.configDir.resolve("dev.json");
    ObjectNode config = (ObjectNode) Json.mapper().readTree(file.toFile());
    assertThat(config.at("/adopted/network.security_group/group_name").asText())
        .isEqualTo(estate.securityGroupName);
    assertThat(config.at("/metastore/id").asText()).isEqualTo(estate.metastoreId);
    // The common stack is deployer's now: dev reads the metastore from its outputs.
    config.putObject("metastore").put("from_stack", "common").put("default_catalog_name", "main");
    Files.writeString(
        file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(config));

    CliProcess.Result dry = dryRun(dev(), "dev");
    assertThat(dry.out())
        .contains("# terraform.tfstate")
        .containsPattern(
            "module\\.cloud_provider\\.module\\.cloud_provider_network\\.module\\.vpc\\.aws_vpc"
                + "\\.this\\[0\\] +network\\.vpc +"
                + estate.vpcId
                + " +cidr_block=10\\.10\\.0\\.0/16")
        .containsPattern(
            "databricks_mws_workspaces\\.this +account\\.workspace +"
                + estate.workspaceId
                + " +workspace_name=acme-dev")
        .contains("null_resource.previous")
        .contains("To be created (1 deployer resources")
        .contains("workspace.catalog_binding");
    keep("dev-dry-run.txt", dry.out());
  }

  /**
   * The guard through the real process: a config whose workspace differs from the estate in a field
   * that cannot change in place (the deployment name) makes the first plan replace the workspace,
   * so the adoption is undone and the address named; {@code --allow-replace} that address lets it
   * through (and the import says that apply cannot order that replacement as it stands). What is
   * recorded is what the handlers read, so the config as proposed then plans no replacement over
   * the same records.
   */
  @Test
  @Order(3)
  void aWorkspaceReplacement_isRefusedUnlessItsAddressIsAllowed() throws Exception {
    Path file = sandbox.configDir.resolve("dev.json");
    String proposed = Files.readString(file);
    ObjectNode config = (ObjectNode) Json.mapper().readTree(proposed);
    config.with("workspace").put("deployment_name", "acme-dev-renamed");
    Files.writeString(file, Json.mapper().writeValueAsString(config));
    try {

      CliProcess.Result refused =
          deployer("import", "--from-terraform", dev().toString(), "--env", "dev");
      assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
      assertThat(refused.err())
          .contains("would replace objects that hold data or a workspace")
          .containsPattern(
              "account\\.workspace \\(databricks_mws_workspaces, id "
                  + estate.workspaceId
                  + "\\) would be [a-z ]*replaced because of deployment_name")
          // The catalog's bucket and the catalog are named after the workspace id: they go with it.
          .contains("workspace.catalog_bucket (aws_s3_bucket, id " + estate.catalog + ")")
          .contains("workspace.catalog (databricks_catalog, id " + estate.catalog + ")")
          .contains("--allow-replace ADDRESS");
      assertThat(recorded("dev")).isEmpty();

      CliProcess.Result allowed =
          ok(
              "import",
              "--from-terraform",
              dev().toString(),
              "--env",
              "dev",
              "--allow-replace",
              "account.workspace",
              "--allow-replace",
              "workspace.catalog_bucket",
              "--allow-replace",
              "workspace.catalog");
      assertThat(allowed.out())
          .contains("Adopted 47 objects into stack dev")
          .contains("# account.workspace must be replaced")
          .contains("Apply will refuse this plan as it stands")
          .contains("Terraform's state was not changed")
          .contains("Why the first plan changes these:")
          // The reference leaves the root bucket unencrypted; deployer says why it changes it.
          .containsPattern("storage\\.root_bucket: will be updated in-place; [^\\n]*sse_algorithm")
          .contains("the reference sets no default encryption on this bucket");
      keep("dev-import.txt", allowed.out());
    } finally {
      // The next test applies the config as proposed.
      Files.writeString(file, proposed);
    }
  }

  @Test
  @Order(4)
  void theDevFolder_isAdoptedWithoutRecreatingAnything_andConverges() throws Exception {
    List<String> adopted = applyTheFirstPlan("dev");
    assertThat(adopted).contains("network.vpc", "account.workspace", "workspace.catalog");
    sandbox.assertNoChanges("dev");
    assertOneOfEachObject();
  }

  private static Path dev() {
    return tf.resolve("databricks_dev");
  }

  /** A dry run prints the table, changes nothing and only reads from either emulator. */
  private static CliProcess.Result dryRun(Path from, String env) throws Exception {
    http("DELETE", sandbox.awsUrl("/_faults/calls"));
    http("DELETE", sandbox.databricksUrl("/_emulator/requests"));
    CliProcess.Result dry =
        ok("import", "--from-terraform", from.toString(), "--env", env, "--dry-run");
    assertThat(dry.out())
        .contains("TERRAFORM ADDRESS", "DEPLOYER ADDRESS", "MATCHED BY")
        .contains("Dry run: nothing was recorded, and nothing was created or changed")
        .contains(
            "the estate's objects are read through deployer's handlers when they are adopted");
    Map<String, Long> awsCalls = calls(http("GET", sandbox.awsUrl("/_faults/calls")).get("calls"));
    assertThat(awsCalls.keySet())
        .as("AWS calls of the dry run")
        .allMatch(c -> c.matches("(sts:GetCallerIdentity|\\w+:(Describe|Get|List|Head)\\w*)"));
    Map<String, Long> dbCalls =
        calls(http("GET", sandbox.databricksUrl("/_emulator/requests")).get("requests"));
    System.out.println("dry run of " + env + ": AWS " + awsCalls + ", Databricks " + dbCalls);
    assertThat(dbCalls.keySet())
        .as("Databricks calls of the dry run")
        .allMatch(k -> k.startsWith("GET ") || k.matches("POST /oidc/accounts/[^/]+/v1/token"));
    assertThat(recorded(env)).isEmpty();
    return dry;
  }

  /** Every adopted address is kept or changed in place by the first plan; nothing is deleted. */
  /**
   * Applies the first plan after adoption, checking in the run's own plan event that every adopted
   * address is kept or changed in place and that nothing is deleted or replaced; returns the
   * adopted addresses.
   */
  private static List<String> applyTheFirstPlan(String env) throws Exception {
    List<String> adopted = recorded(env);
    assertThat(adopted).isNotEmpty();
    CliProcess.Result apply = ok("apply", "--env", env, "--auto-approve", "--json");
    Map<String, String> actions = new LinkedHashMap<>();
    JsonNode summary = null;
    for (String line : apply.out().lines().toList()) {
      JsonNode event = Json.mapper().readTree(line);
      if (event.path("type").asText().equals("plan")) {
        keep(env + "-first-plan.json", event.toPrettyString());
        event
            .get("changes")
            .forEach(c -> actions.put(c.get("address").asText(), c.get("action").asText()));
      } else if (event.path("type").asText().equals("run_summary")) {
        summary = event;
      }
    }
    for (String address : adopted) {
      assertThat(actions.getOrDefault(address, "no_op"))
          .as(
              address
                  + " was adopted: the first plan may change it in place, nothing else\n"
                  + actions)
          .isIn("no_op", "update");
    }
    assertThat(actions.values())
        .doesNotContain("delete", "delete_then_create", "create_then_delete");
    assertThat(summary).isNotNull();
    assertThat(summary.get("outcome").asText()).isEqualTo("ok");
    return adopted;
  }

  /** Nothing was recreated beside the adopted objects, in either emulator. */
  private static void assertOneOfEachObject() {
    try (AwsClients aws = aws()) {
      var ec2 = aws.ec2();
      Filter inVpc = Filter.builder().name("vpc-id").values(estate.vpcId).build();
      assertThat(
              ec2.describeVpcs(
                      r -> r.filters(Filter.builder().name("cidr").values("10.10.0.0/16").build()))
                  .vpcs())
          .hasSize(1);
      assertThat(ec2.describeSubnets(r -> r.filters(inVpc)).subnets()).hasSize(4);
      assertThat(
              ec2.describeNatGateways(r -> r.filter(inVpc)).natGateways().stream()
                  .filter(n -> !n.stateAsString().startsWith("delet"))
                  .toList())
          .hasSize(2);
      assertThat(ec2.describeAddresses().addresses()).hasSize(2);
      assertThat(ec2.describeSecurityGroups(r -> r.filters(inVpc)).securityGroups()).hasSize(2);
      assertThat(ec2.describeVpcEndpoints(r -> r.filters(inVpc)).vpcEndpoints()).hasSize(3);
      assertThat(ec2.describeRouteTables(r -> r.filters(inVpc)).routeTables())
          .hasSize(4); // main + public + two private
      assertThat(aws.iam().listRoles().roles())
          .extracting(r -> r.roleName())
          .containsExactlyInAnyOrder(
              "acme-dev-crossaccount",
              "acme-dev-unity-catalog-" + estate.workspaceId,
              "acme-shared-log-delivery");
      for (String role :
          List.of("acme-dev-crossaccount", "acme-dev-unity-catalog-" + estate.workspaceId)) {
        assertThat(aws.iam().listRolePolicies(r -> r.roleName(role)).policyNames()).hasSize(1);
      }
      assertThat(aws.s3().listBuckets().buckets())
          .extracting(b -> b.name())
          .containsExactlyInAnyOrder(
              "acme-dev-workspace-root", estate.catalog, "acme-shared-log-delivery");
    }
    DatabricksClients dbx = databricks();
    var acct = dbx.account();
    assertThat(acct.credentials().list()).hasSize(2);
    assertThat(acct.storage().list()).hasSize(2);
    assertThat(acct.networks().list()).hasSize(1);
    assertThat(acct.workspaces().list()).hasSize(1);
    assertThat(count(acct.metastores().list())).isEqualTo(1);
    assertThat(
            StreamSupport.stream(
                    acct.logDelivery().list(new ListLogDeliveryRequest()).spliterator(), false)
                .filter(d -> d.getStatus() == LogDeliveryConfigStatus.ENABLED)
                .map(d -> d.getConfigName())
                .toList())
        .containsExactlyInAnyOrder("Billable Usage Logs", "Audit Logs");
    String deployment = acct.workspaces().list().iterator().next().getDeploymentName();
    WorkspaceClient w = dbx.workspace(deployment, estate.workspaceId);
    assertThat(count(w.storageCredentials().list(new ListStorageCredentialsRequest())))
        .isEqualTo(1);
    assertThat(count(w.externalLocations().list(new ListExternalLocationsRequest()))).isEqualTo(1);
    List<CatalogInfo> catalogs =
        StreamSupport.stream(w.catalogs().list(new ListCatalogsRequest()).spliterator(), false)
            .filter(c -> c.getName().startsWith("acme-dev"))
            .toList();
    assertThat(catalogs).extracting(CatalogInfo::getName).containsExactly(estate.catalog);
    assertThat(count(w.clusterPolicies().list(new ListClusterPoliciesRequest()))).isEqualTo(1);
  }

  private static CliProcess.Result ok(String... args) {
    CliProcess.Result r = deployer(args);
    assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isZero();
    return r;
  }

  private static CliProcess.Result deployer(String... args) {
    String[] full = new String[args.length + 1];
    System.arraycopy(args, 0, full, 0, args.length);
    full[args.length] = "--sandbox";
    long t0 = System.nanoTime();
    CliProcess.Result r = sandbox.deployer(full);
    System.out.printf(
        "deployer %s: exit %d in %.1f s%n",
        String.join(" ", args).replace(sandbox.work.toString(), "."),
        r.exit(),
        (System.nanoTime() - t0) / 1e9);
    return r;
  }

  /** The addresses in the stack's sandbox state file (read directly: no process to start). */
  private static List<String> recorded(String env) throws Exception {
    Path file = Path.of(status.get("state_dir").asText()).resolve(env + ".json");
    if (!Files.exists(file)) {
      return List.of();
    }
    return StreamSupport.stream(
            Json.mapper().readTree(file.toFile()).path("resources").spliterator(), false)
        .map(r -> r.get("address").asText())
        .toList();
  }

  private static void writeState(Path dir, ObjectNode state) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("terraform.tfstate"),
        Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(state));
  }

  /** Kept for docs/migrating-from-terraform.md, which quotes a real run. */
  private static void keep(String name, String text) throws Exception {
    Path dir = Path.of("target", "terraform-import-it");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(name), text);
  }

  private static Map<String, Long> calls(JsonNode counts) {
    return Json.mapper().convertValue(counts, new TypeReference<Map<String, Long>>() {});
  }

  private static JsonNode http(String method, String url) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(method + " " + url + ": " + r.body()).isBetween(200, 299);
    return r.body().isBlank() ? Json.mapper().createObjectNode() : Json.mapper().readTree(r.body());
  }

  private static AwsClients aws() {
    return new AwsClients(AwsSettings.emulator("us-east-1", status.get("aws_endpoint").asText()));
  }

  private static long count(Iterable<?> it) {
    return StreamSupport.stream(it.spliterator(), false).count();
  }

  private static DatabricksClients databricks() {
    return new DatabricksClients(
        new DatabricksSettings(
            status.get("databricks_host").asText(),
            status.get("databricks_account_id").asText(),
            status.get("workspace_host_template").asText(),
            Optional.empty(),
            true));
  }
}
