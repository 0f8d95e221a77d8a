package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsSettings;
import dev.deployer.core.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The built CLI as a separate process against a sandbox of its own (moto and the Databricks
 * emulator on free ports, in a temporary sandbox directory), through the whole flow: apply common
 * (implicitly), dev and qa; no-op plans; drift in the AWS and the account layer shown and repaired;
 * a saved plan refused once state moved; destroy of everything.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliEndToEndIT {
  @RegisterExtension
  static final SandboxCli sandbox = SandboxCli.withRaceWindow("2s").onTheSharedAwsEmulator();

  static final String ACCOUNT = "5a4d2c1b-0e9f-4a8b-9c7d-6e5f4a3b2c1d";

  private static HttpResponse<String> databricks(String method, String path, String body)
      throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + sandbox.databricksPort
                            + "/api/2.0/accounts/"
                            + ACCOUNT
                            + path))
                .header("Authorization", "Bearer e2e")
                .header("Content-Type", "application/json")
                .method(
                    method,
                    body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static AwsClients aws() {
    return new AwsClients(AwsSettings.emulator("us-east-1", "http://127.0.0.1:" + sandbox.awsPort));
  }

  @Test
  @Order(1)
  void applyDev_onAFreshSandbox_appliesCommonFirst_thenQa_andPlansAreClean() throws Exception {
    CliProcess.Result dev = sandbox.ok("apply", "--env", "dev", "--sandbox", "--auto-approve");
    // The storage credential names the catalog role before IAM has it, so the emulator refuses its
    // first create (the race counts from the first sighting) and the refusal is reported. The
    // closing "waited ... for IAM propagation" line is not asserted: it only follows a wait that
    // ends inside one handler call, and a connection the new workspace host drops in its flaky
    // window sends the create back to the engine's retry, which succeeds without one.
    assertThat(dev.out())
        .contains(
            "applying common first",
            "Now stack dev.",
            "account.workspace: Creating...",
            "not usable by Databricks yet",
            "Apply complete! Resources: ");
    assertThat(dev.out())
        .containsPattern(
            "workspace_url = \"http://dbc-[0-9a-f-]+\\.localhost:" + sandbox.databricksPort + "\"");
    sandbox.ok("apply", "--env", "qa", "--sandbox", "--auto-approve");
    for (String env : new String[] {"common", "dev", "qa"}) {
      sandbox.assertNoChanges(env);
    }
    CliProcess.Result out = sandbox.ok("output", "--env", "dev", "--sandbox", "--json");
    var outputs = Json.mapper().readTree(out.out());
    for (String name :
        new String[] {
          "workspace_id",
          "workspace_url",
          "vpc_id",
          "cross_account_role_arn",
          "root_bucket",
          "catalog_name",
          "metastore_id"
        }) {
      assertThat(outputs.has(name)).as(name + " in " + out.out()).isTrue();
    }
    var common =
        Json.mapper()
            .readTree(sandbox.ok("output", "--env", "common", "--sandbox", "--json").out());
    assertThat(common.get("metastore_id").asText()).isEqualTo(outputs.get("metastore_id").asText());
    assertThat(common.has("log_bucket")).isTrue();
  }

  @Test
  @Order(2)
  void driftInTheAwsAccountAndWorkspaceLayers_isShownAndRepaired() throws Exception {
    String workspaceId =
        Json.mapper()
            .readTree(sandbox.ok("output", "--env", "dev", "--sandbox", "--json").out())
            .get("workspace_id")
            .asText();
    try (AwsClients aws = aws()) {
      aws.s3()
          .putBucketPolicy(
              r ->
                  r.bucket("acme-dev-workspace-root")
                      .policy(
                          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Oops\",\"Effect\":\"Allow\",\"Principal\":\"*\","
                              + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::acme-dev-workspace-root/*\"}]}"));
    }
    // Inside the workspace: a hardened setting turned back on (before the account-level PATCH,
    // which
    // sends the workspace through PROVISIONING for a moment).
    String deployment =
        Json.mapper()
            .readTree(sandbox.ok("output", "--env", "dev", "--sandbox", "--json").out())
            .get("deployment_name")
            .asText();
    HttpResponse<String> conf =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + sandbox.databricksPort
                                + "/api/2.0/workspace-conf"))
                    .header("Authorization", "Bearer e2e")
                    .header("Content-Type", "application/json")
                    .header("X-Databricks-Workspace-Id", workspaceId)
                    .method(
                        "PATCH",
                        HttpRequest.BodyPublishers.ofString(
                            "{\"enableResultsDownloading\":\"true\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(conf.statusCode()).as(deployment + ": " + conf.body()).isLessThan(300);

    HttpResponse<String> patch =
        databricks(
            "PATCH",
            "/workspaces/" + workspaceId,
            "{\"custom_tags\":{\"Environment\":\"tampered\"},\"update_mask\":\"custom_tags\"}");
    assertThat(patch.statusCode()).as(patch.body()).isLessThan(300);

    String drift = sandbox.planWithChanges("dev");
    assertThat(drift)
        .contains(
            "storage.root_bucket_policy will be updated in-place",
            "\"Oops\"",
            "account.workspace will be updated in-place",
            "\"tampered\" -> \"dev\"",
            "workspace.workspace_conf will be updated in-place",
            "Plan: 0 to add, 3 to change, 0 to destroy.");
    assertThat(drift).containsPattern("\"enableResultsDownloading\" +(= )?\"true\" -> \"false\"");
    assertThat(sandbox.deployer("plan", "--env", "dev", "--sandbox", "--json").out())
        .contains("\"format_version\" : 1", "\"action\" : \"update\"");

    assertThat(sandbox.ok("apply", "--env", "dev", "--sandbox", "--auto-approve").out())
        .contains("3 changed");
    sandbox.assertNoChanges("dev");
  }

  @Test
  @Order(3)
  void savedPlan_isRefusedOnceTheStateMoved() {
    Path planFile = sandbox.work.resolve("qa.plan");
    sandbox.ok("plan", "--env", "qa", "--sandbox", "--destroy", "--out", planFile.toString());
    sandbox.ok("refresh", "--env", "qa", "--sandbox");
    sandbox.ok(
        "state",
        "rm",
        "--env",
        "qa",
        "--sandbox",
        "account.permission_assignment[\"group:data-engineers\"]");
    CliProcess.Result stale =
        sandbox.deployer("apply", planFile.toString(), "--env", "qa", "--sandbox");
    assertThat(stale.exit()).isEqualTo(1);
    assertThat(stale.err()).contains("stale");
    // Forgetting it made it an unmanaged object: the next plan adds it back to the state.
    sandbox.planWithChanges("qa");
  }

  @Test
  @Order(4)
  void destroyEverything_leavesNoneOfTheStacksObjects() throws Exception {
    for (String env : new String[] {"qa", "dev", "common"}) {
      CliProcess.Result r = sandbox.ok("destroy", "--env", env, "--sandbox", "--auto-approve");
      assertThat(r.out()).containsPattern("Destroy complete! Resources: \\d+ destroyed.");
    }
    sandbox.assertAwsHoldsNothingOfTheStacks();
    assertThat(databricks("GET", "/workspaces", null).body()).isEqualTo("[]");
    assertThat(databricks("GET", "/networks", null).body()).isEqualTo("[]");
    assertThat(databricks("GET", "/metastores", null).body()).doesNotContain("metastore_id");
    // Log deliveries cannot be deleted: they are disabled, and what they point to is kept so the
    // next apply re-enables them instead of adding more.
    String deliveries = databricks("GET", "/log-delivery", null).body();
    assertThat(deliveries).doesNotContain("\"ENABLED\"").contains("\"DISABLED\"");
    assertThat(databricks("GET", "/credentials", null).body()).doesNotContain("crossaccount");
  }

  @Test
  @Order(5)
  void reapplyingCommon_reenablesTheSameLogDeliveries() throws Exception {
    sandbox.ok("apply", "--env", "common", "--sandbox", "--auto-approve");
    String deliveries = databricks("GET", "/log-delivery", null).body();
    assertThat(Json.mapper().readTree(deliveries).get("log_delivery_configurations")).hasSize(2);
    assertThat(deliveries).doesNotContain("\"DISABLED\"");
    sandbox.ok("destroy", "--env", "common", "--sandbox", "--auto-approve");
  }

  @Test
  @Order(6)
  void help_listsEveryCommand_andEveryCommandHasHelp() {
    CliProcess.Result help = sandbox.cli.run("--help");
    assertThat(help.exit()).isZero();
    String[] commands = {
      "validate",
      "plan",
      "apply",
      "destroy",
      "refresh",
      "output",
      "state",
      "import",
      "force-unlock",
      "graph",
      "sandbox"
    };
    assertThat(help.out()).contains(commands);
    for (String c : commands) {
      CliProcess.Result r = sandbox.cli.run(c, "--help");
      assertThat(r.exit()).as(c + " --help: " + r).isZero();
      assertThat(r.out()).contains("Usage: deployer " + c);
    }
    for (String c :
        new String[] {
          "state list", "state show", "state rm", "sandbox up", "sandbox down", "sandbox status"
        }) {
      String[] parts = c.split(" ");
      assertThat(sandbox.cli.run(parts[0], parts[1], "--help").exit()).as(c).isZero();
    }
  }
}
