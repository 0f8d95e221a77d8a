package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.service.catalog.AccountsCreateMetastore;
import com.databricks.sdk.service.catalog.CreateAccountsMetastore;
import com.databricks.sdk.service.catalog.MetastoreInfo;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.account.DatabricksClients;
import dev.deployer.account.DatabricksSettings;
import dev.deployer.cli.sandbox.Sandbox;
import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsSettings;
import dev.deployer.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The built CLI against its own sandbox whose account already has a Unity Catalog metastore in the
 * common stack's region (as automatic enablement or a hand-made setup leaves it): plan and apply
 * refuse before any change, naming it; with {@code metastore.adopt_existing} the plan shows an
 * import, not a create, and the stack uses that metastore and leaves it on destroy.
 */
class RegionalMetastoreCliIT {
  @RegisterExtension static final SandboxCli sandbox = SandboxCli.withRaceWindow("1s");

  private static DatabricksClients databricks() {
    return new DatabricksClients(
        new DatabricksSettings(
            "http://127.0.0.1:" + sandbox.databricksPort,
            Sandbox.ACCOUNT_ID,
            "http://{deployment}.localhost:" + sandbox.databricksPort,
            Optional.empty(),
            true));
  }

  private static List<String> metastoreIds(DatabricksClients db) {
    return StreamSupport.stream(db.account().metastores().list().spliterator(), false)
        .map(MetastoreInfo::getMetastoreId)
        .toList();
  }

  private static boolean bucketExists(String name) {
    try (AwsClients aws =
        new AwsClients(AwsSettings.emulator("us-east-1", "http://127.0.0.1:" + sandbox.awsPort))) {
      return aws.s3().listBuckets().buckets().stream().anyMatch(b -> b.name().equals(name));
    }
  }

  @Test
  void aRegionWithAMetastore_refusedAtPlanTime_thenAdoptedAsAnImportWithAdoptExisting()
      throws Exception {
    CliProcess.Result up = sandbox.cli.run("sandbox", "up");
    assertThat(up.exit()).as(up.toString()).isZero();
    DatabricksClients db = databricks();
    String existing =
        db.account()
            .metastores()
            .create(
                new AccountsCreateMetastore()
                    .setMetastoreInfo(
                        new CreateAccountsMetastore()
                            .setName("metastore_aws_us_east_1")
                            .setRegion("us-east-1")))
            .getMetastoreInfo()
            .getMetastoreId();
    Path commonJson = sandbox.configDir.resolve("common.json");
    ObjectNode common = (ObjectNode) Json.mapper().readTree(commonJson.toFile());
    String bucket = common.get("logging").get("bucket").asText();

    // Without adopt_existing: plan and apply stop at plan time, before any change.
    for (String[] args :
        new String[][] {
          {"plan", "--env", "common", "--sandbox"},
          {"apply", "--env", "common", "--sandbox", "--auto-approve"}
        }) {
      CliProcess.Result r = sandbox.deployer(args);
      assertThat(r.exit()).as(r.toString()).isEqualTo(1);
      assertThat(r.err())
          .as(r.toString())
          .contains("one Unity Catalog metastore per region")
          .contains("'metastore_aws_us_east_1' (" + existing + ") in us-east-1")
          .contains("metastore.adopt_existing")
          .contains("deployer import --env common unity_catalog.metastore " + existing)
          .contains("Nothing was changed");
      assertThat(r.out()).doesNotContain("Creating...").doesNotContain("Creation complete");
    }
    assertThat(metastoreIds(db)).containsExactly(existing);
    assertThat(bucketExists(bucket)).isFalse();

    // With adopt_existing: an import line, no create of the metastore.
    ((ObjectNode) common.get("metastore")).put("adopt_existing", true);
    Files.writeString(commonJson, Json.mapper().writeValueAsString(common));
    assertThat(sandbox.planWithChanges("common"))
        .contains("# unity_catalog.metastore will be imported")
        .contains("<= resource \"databricks_metastore\" \"unity_catalog.metastore\"")
        .contains("id = \"" + existing + "\"")
        .contains("metastore.adopt_existing")
        .contains("Plan: 1 to import, 8 to add, 0 to change, 0 to destroy.")
        .doesNotContain("+ resource \"databricks_metastore\"");

    CliProcess.Result apply =
        sandbox.deployer("apply", "--env", "common", "--sandbox", "--auto-approve");
    assertThat(apply.exit()).as(apply.toString()).isZero();
    var outputs =
        Json.mapper()
            .readTree(sandbox.deployer("output", "--env", "common", "--sandbox", "--json").out());
    assertThat(outputs.get("metastore_id").asText()).isEqualTo(existing);
    assertThat(metastoreIds(db)).containsExactly(existing);
    CliProcess.Result again =
        sandbox.deployer("plan", "--env", "common", "--sandbox", "--detailed-exitcode");
    assertThat(again.exit()).as(again.toString()).isZero();

    CliProcess.Result destroy =
        sandbox.deployer("destroy", "--env", "common", "--sandbox", "--auto-approve");
    assertThat(destroy.exit()).as(destroy.toString()).isZero();
    assertThat(metastoreIds(db)).containsExactly(existing);
    assertThat(bucketExists(bucket)).isFalse();
  }
}
