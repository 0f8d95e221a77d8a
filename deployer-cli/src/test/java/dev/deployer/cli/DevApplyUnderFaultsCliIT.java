package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The built CLI against a sandbox whose Databricks emulator answers 10% of API calls with 429, 503
 * or a reset connection (DEPLOYER_SANDBOX_DATABRICKS_FAULT_RATE=0.1), with every other sandbox
 * behaviour at its default, and dev asking for a deployment name (the sandbox account prefixes it
 * with "sbx-" as most real accounts do): apply succeeds on the first try, common and dev then plan
 * no changes, and destroying dev then common leaves none of their objects in either emulator.
 */
class DevApplyUnderFaultsCliIT {
  /**
   * The emulator's draws, printed so that a failure can be re-run with the same faults ({@code
   * -Ddeployer.it.seed=N}); concurrent calls may still draw in another order.
   */
  static final long SEED = Long.getLong("deployer.it.seed", new java.util.Random().nextLong());

  @RegisterExtension
  static final SandboxCli sandbox =
      SandboxCli.atUserDefaults()
          .env("DEPLOYER_SANDBOX_DATABRICKS_FAULT_RATE", "0.1")
          .env("DEPLOYER_SANDBOX_DATABRICKS_SEED", Long.toString(SEED));

  static final String ACCOUNT = "5a4d2c1b-0e9f-4a8b-9c7d-6e5f4a3b2c1d";

  @BeforeAll
  static void askForADeploymentName() throws IOException {
    System.out.println(
        "DevApplyUnderFaultsCliIT: Databricks emulator seed "
            + SEED
            + " (re-run with -Ddeployer.it.seed="
            + SEED
            + ")");
    sandbox.editConfig(
        "dev.json", dev -> ((ObjectNode) dev.get("workspace")).put("deployment_name", "acme-dev"));
  }

  private static String get(String path) throws Exception {
    // The admin path is not subject to the injected faults; the account API is, so it is retried.
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(sandbox.databricksUrl(path)))
                      .header("Authorization", "Bearer e2e")
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() < 300 || attempt == 20) {
        assertThat(r.statusCode()).as(path + ": " + r.body()).isLessThan(300);
        return r.body();
      }
    }
  }

  @Test
  void devApply_underTenPercentDatabricksFaults_andTheAccountsDeploymentPrefix_converges()
      throws Exception {
    CliProcess.Result apply = sandbox.ok("apply", "--env", "dev", "--sandbox", "--auto-approve");
    assertThat(apply.out())
        // Which waits show depends on timing (the lags may pass while the host is awaited);
        // AccountModuleIT covers them.
        .contains("applying common first", "Apply complete! Resources: ")
        // The account prefixes the asked-for name; the workspace URL is the prefixed host.
        .containsPattern(
            "workspace_url = \"http://sbx-acme-dev\\.localhost:" + sandbox.databricksPort + "\"");

    for (String env : new String[] {"common", "dev"}) {
      CliProcess.Result plan =
          sandbox.deployer("plan", "--env", env, "--sandbox", "--detailed-exitcode");
      assertThat(plan.exit()).as(env + ": " + plan).isZero();
    }

    sandbox.ok("destroy", "--env", "dev", "--sandbox", "--auto-approve");
    sandbox.ok("destroy", "--env", "common", "--sandbox", "--auto-approve");
    sandbox.assertAwsHoldsNothingOfTheStacks();
    String base = "/api/2.0/accounts/" + ACCOUNT;
    assertThat(get(base + "/workspaces")).isEqualTo("[]");
    assertThat(get(base + "/networks")).isEqualTo("[]");
    assertThat(get(base + "/metastores")).doesNotContain("metastore_id");
    assertThat(get(base + "/log-delivery")).doesNotContain("\"ENABLED\"");

    // About 10% of the run's Databricks calls (a few hundred) were answered with a fault.
    JsonNode faults = Json.mapper().readTree(get("/_emulator/faults"));
    long total = 0;
    for (JsonNode n : faults.get("injected")) {
      total += n.asLong();
    }
    assertThat(total).as("faults injected: " + faults).isGreaterThanOrEqualTo(3);
  }
}
