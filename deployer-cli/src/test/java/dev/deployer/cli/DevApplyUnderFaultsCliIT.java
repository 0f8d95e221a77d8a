package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsSettings;
import dev.deployer.core.json.Json;
import dev.deployer.sandbox.ProjectPaths;
import dev.deployer.sandbox.testing.AwsEmulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built CLI against a sandbox whose Databricks emulator answers 10% of API calls with 429, 503
 * or a reset connection (DEPLOYER_SANDBOX_DATABRICKS_FAULT_RATE=0.1), with every other sandbox
 * behaviour at its default, and dev asking for a deployment name (the sandbox account prefixes it
 * with "sbx-" as most real accounts do): apply succeeds on the first try, common and dev then plan
 * no changes, and destroying dev then common leaves none of their objects in either emulator.
 */
class DevApplyUnderFaultsCliIT {
  @TempDir static Path work;
  static CliProcess cli;
  static Path configDir;
  static int awsPort;
  static int dbPort;
  static final String ACCOUNT = "5a4d2c1b-0e9f-4a8b-9c7d-6e5f4a3b2c1d";

  @BeforeAll
  static void setUp() throws IOException {
    awsPort = AwsEmulator.freePort();
    dbPort = AwsEmulator.freePort();
    configDir = work.resolve("config");
    Path shipped = ProjectPaths.root().resolve("environments/config");
    try (Stream<Path> files = Files.walk(shipped)) {
      for (Path f : files.toList()) {
        Path to = configDir.resolve(shipped.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to);
        }
      }
    }
    Path devJson = configDir.resolve("dev.json");
    ObjectNode dev = (ObjectNode) Json.mapper().readTree(devJson.toFile());
    ((ObjectNode) dev.get("workspace")).put("deployment_name", "acme-dev");
    Files.writeString(devJson, Json.mapper().writeValueAsString(dev));
    cli =
        new CliProcess(work)
            .env("DEPLOYER_SANDBOX_DIR", work.resolve("sandbox").toString())
            .env("DEPLOYER_SANDBOX_AWS_PORT", Integer.toString(awsPort))
            .env("DEPLOYER_SANDBOX_DATABRICKS_PORT", Integer.toString(dbPort))
            .env("DEPLOYER_SANDBOX_DATABRICKS_FAULT_RATE", "0.1");
  }

  @AfterAll
  static void tearDown() {
    if (cli != null) {
      cli.run("sandbox", "down", "--purge");
    }
  }

  private static CliProcess.Result deployer(String... args) {
    String[] full = new String[args.length + 2];
    System.arraycopy(args, 0, full, 0, args.length);
    full[args.length] = "--config-dir";
    full[args.length + 1] = configDir.toString();
    return cli.run(full);
  }

  private static CliProcess.Result ok(String... args) {
    CliProcess.Result r = deployer(args);
    assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isZero();
    return r;
  }

  private static String get(String path) throws Exception {
    // The admin path is not subject to the injected faults; the account API is, so it is retried.
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dbPort + path))
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
    CliProcess.Result apply = ok("apply", "--env", "dev", "--sandbox", "--auto-approve");
    assertThat(apply.out())
        // Which waits show depends on timing (the lags may pass while the host is awaited);
        // AccountModuleIT covers them.
        .contains("applying common first", "Apply complete! Resources: ")
        // The account prefixes the asked-for name; the workspace URL is the prefixed host.
        .containsPattern("workspace_url = \"http://sbx-acme-dev\\.localhost:" + dbPort + "\"");

    for (String env : new String[] {"common", "dev"}) {
      CliProcess.Result plan = deployer("plan", "--env", env, "--sandbox", "--detailed-exitcode");
      assertThat(plan.exit()).as(env + ": " + plan).isZero();
    }

    ok("destroy", "--env", "dev", "--sandbox", "--auto-approve");
    ok("destroy", "--env", "common", "--sandbox", "--auto-approve");
    try (AwsClients aws =
        new AwsClients(AwsSettings.emulator("us-east-1", "http://127.0.0.1:" + awsPort))) {
      assertThat(aws.s3().listBuckets().buckets()).isEmpty();
      assertThat(aws.iam().listRoles().roles()).isEmpty();
      assertThat(
              aws.ec2()
                  .describeVpcs(r -> r.filters(f -> f.name("tag-key").values("deployer:stack")))
                  .vpcs())
          .isEmpty();
      assertThat(aws.ec2().describeAddresses().addresses()).isEmpty();
    }
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
