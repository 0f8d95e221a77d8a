package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsSettings;
import dev.deployer.core.sandbox.ProjectPaths;
import dev.deployer.core.testing.AwsEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built CLI as a separate process against its own sandbox (moto and the Databricks emulator on
 * free ports, in a temporary sandbox directory): config -> plan -> apply -> state -> plan -> drift
 * -> repair -> destroy.
 */
class CliEndToEndIT {
  @TempDir static Path work;
  static CliProcess cli;
  static Path configDir;
  static int awsPort;

  @BeforeAll
  static void setUp() throws IOException {
    awsPort = AwsEmulator.freePort();
    configDir = work.resolve("config");
    Files.createDirectories(configDir);
    for (String f : new String[] {"dev.json", "environment.schema.json"}) {
      Files.copy(
          ProjectPaths.root().resolve("environments/config").resolve(f),
          configDir.resolve(f),
          StandardCopyOption.REPLACE_EXISTING);
    }
    cli =
        new CliProcess(work)
            .env("DEPLOYER_SANDBOX_DIR", work.resolve("sandbox").toString())
            .env("DEPLOYER_SANDBOX_AWS_PORT", Integer.toString(awsPort))
            .env("DEPLOYER_SANDBOX_DATABRICKS_PORT", Integer.toString(AwsEmulator.freePort()));
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

  @Test
  void sandboxLifecycle_applyNoopDriftRepairDestroy() {
    CliProcess.Result apply = deployer("apply", "--env", "dev", "--sandbox", "--auto-approve");
    assertThat(apply.exit()).as(apply.toString()).isZero();
    assertThat(apply.out())
        .contains(
            "storage.root_bucket: Creating...",
            "Creation complete after",
            "Apply complete! Resources: ",
            "root_bucket = \"acme-dev-workspace-root\"");

    CliProcess.Result noop = deployer("plan", "--env", "dev", "--sandbox", "--detailed-exitcode");
    assertThat(noop.exit()).as(noop.toString()).isZero();
    assertThat(noop.out()).contains("No changes.");

    CliProcess.Result status = cli.run("sandbox", "status", "--json");
    assertThat(status.out())
        .contains("\"aws_endpoint\"", "\"databricks_host\"", "\"databricks_account_id\"");

    try (AwsClients aws =
        new AwsClients(AwsSettings.emulator("us-east-1", "http://127.0.0.1:" + awsPort))) {
      aws.s3()
          .putBucketPolicy(
              r ->
                  r.bucket("acme-dev-workspace-root")
                      .policy(
                          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Oops\",\"Effect\":\"Allow\",\"Principal\":\"*\","
                              + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::acme-dev-workspace-root/*\"}]}"));

      CliProcess.Result drift =
          deployer("plan", "--env", "dev", "--sandbox", "--detailed-exitcode");
      assertThat(drift.exit()).as(drift.toString()).isEqualTo(2);
      assertThat(drift.out())
          .contains(
              "storage.root_bucket_policy will be updated in-place",
              "\"Oops\"",
              "Plan: 0 to add, 1 to change, 0 to destroy.");

      CliProcess.Result json = deployer("plan", "--env", "dev", "--sandbox", "--json");
      assertThat(json.out()).contains("\"format_version\" : 1", "\"action\" : \"update\"");

      CliProcess.Result repair = deployer("apply", "--env", "dev", "--sandbox", "--auto-approve");
      assertThat(repair.exit()).as(repair.toString()).isZero();
      assertThat(repair.out()).contains("1 changed");
      assertThat(deployer("plan", "--env", "dev", "--sandbox", "--detailed-exitcode").exit())
          .isZero();

      CliProcess.Result output = deployer("output", "--env", "dev", "--sandbox", "--json");
      assertThat(output.out()).contains("\"root_bucket\" : \"acme-dev-workspace-root\"");
      assertThat(deployer("state", "list", "--env", "dev", "--sandbox").out())
          .contains("storage.root_bucket", "storage.root_bucket_policy");

      CliProcess.Result destroy =
          deployer("destroy", "--env", "dev", "--sandbox", "--auto-approve");
      assertThat(destroy.exit()).as(destroy.toString()).isZero();
      assertThat(destroy.out()).containsPattern("Destroy complete! Resources: \\d+ destroyed.");
      assertThat(aws.s3().listBuckets().buckets()).isEmpty();
      assertThat(
              aws.ec2()
                  .describeVpcs(r -> r.filters(f -> f.name("tag:deployer:stack").values("dev")))
                  .vpcs())
          .isEmpty();
      assertThat(aws.iam().listRoles().roles()).isEmpty();
    }
  }

  @Test
  void savedPlan_refusedOnceStateMoved() {
    Path planFile = work.resolve("dev.plan");
    CliProcess.Result plan =
        deployer("plan", "--env", "dev", "--sandbox", "--out", planFile.toString());
    assertThat(plan.exit()).as(plan.toString()).isZero();
    // Something else changes the state (a refresh writes a new serial when it finds drift or not).
    CliProcess.Result other = deployer("apply", "--env", "dev", "--sandbox", "--auto-approve");
    assertThat(other.exit()).as(other.toString()).isZero();
    CliProcess.Result stale = deployer("apply", planFile.toString(), "--env", "dev", "--sandbox");
    assertThat(stale.exit()).isEqualTo(1);
    assertThat(stale.err()).contains("stale");
    assertThat(deployer("destroy", "--env", "dev", "--sandbox", "--auto-approve").exit()).isZero();
  }

  @Test
  void help_listsEveryCommand_andEveryCommandHasHelp() {
    CliProcess.Result help = cli.run("--help");
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
      CliProcess.Result r = cli.run(c, "--help");
      assertThat(r.exit()).as(c + " --help: " + r).isZero();
      assertThat(r.out()).contains("Usage: deployer " + c);
    }
    for (String c :
        new String[] {
          "state list", "state show", "state rm", "sandbox up", "sandbox down", "sandbox status"
        }) {
      String[] parts = c.split(" ");
      CliProcess.Result r = cli.run(parts[0], parts[1], "--help");
      assertThat(r.exit()).as(c + " --help: " + r).isZero();
    }
  }
}
