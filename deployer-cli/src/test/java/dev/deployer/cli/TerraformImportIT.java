package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.catalog.CatalogInfo;
import com.databricks.sdk.service.catalog.ListCatalogsRequest;
import com.databricks.sdk.service.catalog.ListExternalLocationsRequest;
import com.databricks.sdk.service.catalog.ListStorageCredentialsRequest;
import com.databricks.sdk.service.compute.ListClusterPoliciesRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.account.DatabricksClients;
import dev.deployer.account.DatabricksSettings;
import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsSettings;
import dev.deployer.core.json.Json;
import dev.deployer.sandbox.testing.AwsEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * The reference's dev environment, created in the sandbox through the SDKs as its Terraform
 * configuration creates it and described by a Terraform state with the real ids, is taken over with
 * {@code import --from-terraform}: dry-run table, adoption, a first plan that creates, deletes or
 * replaces none of the imported objects, an apply after which the plan is empty, and one of each
 * object in the emulators.
 */
class TerraformImportIT {
  @TempDir static Path work;
  static CliProcess cli;
  static Path configDir;
  static Path tfDir;
  static int awsPort;

  @BeforeAll
  static void setUp() throws Exception {
    awsPort = AwsEmulator.freePort();
    configDir = work.resolve("config");
    tfDir = work.resolve("terraform/databricks_dev");
    Files.createDirectories(configDir);
    Files.createDirectories(tfDir);
    cli =
        new CliProcess(work)
            .env("DEPLOYER_SANDBOX_DIR", work.resolve("sandbox").toString())
            .env("DEPLOYER_SANDBOX_AWS_PORT", Integer.toString(awsPort))
            .env("DEPLOYER_SANDBOX_DATABRICKS_PORT", Integer.toString(AwsEmulator.freePort()))
            // The estate is created the way Terraform creates it, but without Terraform's retries
            // of
            // AWS's eventual consistency; the fault layer's other ITs cover deployer's.
            .env("DEPLOYER_SANDBOX_AWS_FAULTS", "off")
            // The reference's accounts predate automatic Unity Catalog enablement: their metastore
            // is the one the common folder created.
            .env("DEPLOYER_SANDBOX_AUTO_UNITY_CATALOG", "false")
            .env("DEPLOYER_SANDBOX_RACE_WINDOW", "1s")
            .env("DEPLOYER_SANDBOX_PROVISIONING_DELAY", "1s")
            .env("DEPLOYER_SANDBOX_UC_LAG", "1s")
            .env("DEPLOYER_SANDBOX_PERMISSION_ASSIGNMENT_LAG", "1s");
  }

  @AfterAll
  static void tearDown() {
    if (cli != null) {
      cli.run("sandbox", "down", "--purge");
    }
  }

  private static CliProcess.Result ok(String... args) {
    CliProcess.Result r = deployer(args);
    assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isZero();
    return r;
  }

  private static CliProcess.Result deployer(String... args) {
    String[] full = new String[args.length + 3];
    System.arraycopy(args, 0, full, 0, args.length);
    full[args.length] = "--config-dir";
    full[args.length + 1] = configDir.toString();
    full[args.length + 2] = "--sandbox";
    return cli.run(full);
  }

  private static Map<String, String> actions(CliProcess.Result plan) throws Exception {
    Map<String, String> byAddress = new LinkedHashMap<>();
    for (JsonNode c : Json.mapper().readTree(plan.out()).get("resource_changes")) {
      byAddress.put(c.get("address").asText(), c.get("action").asText());
    }
    return byAddress;
  }

  @Test
  void theReferencesEstate_isAdoptedWithoutRecreatingAnything_andConverges() throws Exception {
    CliProcess.Result up = cli.run("sandbox", "up");
    assertThat(up.exit()).as(up.toString()).isZero();
    JsonNode status = Json.mapper().readTree(cli.run("sandbox", "status", "--json").out());
    ReferenceEstate estate;
    DatabricksClients dbx = databricks(status);
    try (AwsClients aws =
        new AwsClients(AwsSettings.emulator("us-east-1", status.get("aws_endpoint").asText()))) {
      estate = new ReferenceEstate(aws, dbx);
      ObjectNode state = estate.deploy();
      Files.writeString(
          tfDir.resolve("terraform.tfstate"),
          Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(state));
    }

    // A config proposed from the state, keeping the names Terraform chose.
    ok("import", "--from-terraform", tfDir.toString(), "--env", "dev", "--write-config");
    JsonNode config = Json.mapper().readTree(configDir.resolve("dev.json").toFile());
    assertThat(config.at("/adopted/network.security_group/group_name").asText())
        .isEqualTo(estate.securityGroupName);
    assertThat(config.at("/metastore/id").asText()).isEqualTo(estate.metastoreId);

    CliProcess.Result dry =
        ok("import", "--from-terraform", tfDir.getParent().toString(), "--env", "dev", "--dry-run");
    assertThat(dry.out())
        .contains("# databricks_dev/terraform.tfstate")
        .containsPattern(
            "module\\.cloud_provider\\.module\\.cloud_provider_network\\.module\\.vpc\\.aws_vpc"
                + "\\.this\\[0\\] +network\\.vpc +"
                + estate.vpcId
                + " +cidr_block=10\\.10\\.0\\.0/16")
        .containsPattern(
            "databricks_mws_workspaces\\.this +account\\.workspace +"
                + estate.workspaceId
                + " +workspace_name=acme-dev")
        .contains("Left alone (1 Terraform instances")
        .contains("null_resource.previous")
        .contains("To be created (")
        .contains("workspace.catalog_binding")
        .contains("Dry run: nothing was recorded");
    assertThat(deployer("state", "list", "--env", "dev").out()).doesNotContain("network.vpc");

    CliProcess.Result imported =
        ok("import", "--from-terraform", tfDir.getParent().toString(), "--env", "dev");
    assertThat(imported.out())
        .contains("Adopted ")
        .contains("Terraform's state was not changed")
        .contains("Why the first plan changes these:")
        // The reference leaves the root bucket unencrypted; deployer says why it changes it.
        .containsPattern("storage\\.root_bucket: will be updated in-place; [^\\n]*sse_algorithm")
        .contains("the reference sets no default encryption on this bucket");
    // Kept for docs/migrating-from-terraform.md, which quotes a real run.
    Path transcript = Path.of("target", "terraform-import-it");
    Files.createDirectories(transcript);
    Files.writeString(transcript.resolve("dry-run.txt"), dry.out());
    Files.writeString(transcript.resolve("import.txt"), imported.out());
    List<String> adopted =
        deployer("state", "list", "--env", "dev").out().lines().map(String::trim).toList();
    assertThat(adopted).contains("network.vpc", "account.workspace", "workspace.catalog");

    Map<String, String> first = actions(ok("plan", "--env", "dev", "--json"));
    String firstText = ok("plan", "--env", "dev").out();
    for (String address : adopted) {
      assertThat(first.get(address))
          .as(
              address
                  + " was adopted: the first plan may change it in place, nothing else\n"
                  + firstText)
          .isIn("no_op", "update");
    }
    assertThat(first.values()).doesNotContain("delete", "delete_then_create", "create_then_delete");

    ok("apply", "--env", "dev", "--auto-approve");
    CliProcess.Result after = deployer("plan", "--env", "dev", "--detailed-exitcode");
    assertThat(after.exit()).as(after.toString()).isZero();

    // One of each object: nothing was recreated beside the adopted ones.
    try (AwsClients aws =
        new AwsClients(AwsSettings.emulator("us-east-1", status.get("aws_endpoint").asText()))) {
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
      assertThat(aws.iam().listRolePolicies(r -> r.roleName("acme-dev-crossaccount")).policyNames())
          .hasSize(1);
      assertThat(
              aws.iam()
                  .listRolePolicies(r -> r.roleName("acme-dev-unity-catalog-" + estate.workspaceId))
                  .policyNames())
          .hasSize(1);
      assertThat(aws.s3().listBuckets().buckets()).hasSize(2);
      var acct = dbx.account();
      assertThat(acct.credentials().list()).hasSize(1);
      assertThat(acct.storage().list()).hasSize(1);
      assertThat(acct.networks().list()).hasSize(1);
      assertThat(acct.workspaces().list()).hasSize(1);
      assertThat(count(acct.metastores().list())).isEqualTo(1);
      String deployment = acct.workspaces().list().iterator().next().getDeploymentName();
      WorkspaceClient w = dbx.workspace(deployment, estate.workspaceId);
      assertThat(count(w.storageCredentials().list(new ListStorageCredentialsRequest())))
          .isEqualTo(1);
      assertThat(count(w.externalLocations().list(new ListExternalLocationsRequest())))
          .isEqualTo(1);
      List<CatalogInfo> catalogs =
          StreamSupport.stream(w.catalogs().list(new ListCatalogsRequest()).spliterator(), false)
              .filter(c -> c.getName().startsWith("acme-dev"))
              .toList();
      assertThat(catalogs).extracting(CatalogInfo::getName).containsExactly(estate.catalog);
      assertThat(count(w.clusterPolicies().list(new ListClusterPoliciesRequest()))).isEqualTo(1);
    }
  }

  private static long count(Iterable<?> it) {
    return StreamSupport.stream(it.spliterator(), false).count();
  }

  private static DatabricksClients databricks(JsonNode status) {
    return new DatabricksClients(
        new DatabricksSettings(
            status.get("databricks_host").asText(),
            status.get("databricks_account_id").asText(),
            status.get("workspace_host_template").asText(),
            Optional.empty(),
            true));
  }
}
