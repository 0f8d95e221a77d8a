package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.sandbox.ProjectPaths;
import dev.deployer.sandbox.testing.AwsEmulator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad config: exit 1, a message naming the file and the field, and no API call — the sandbox is not
 * even started, so nothing listens on its ports afterwards.
 */
class BadInputIT {
  @TempDir static Path work;
  static String good;
  static int awsPort;
  static int dbPort;
  static CliProcess cli;

  @BeforeAll
  static void setUp() throws IOException {
    good = Files.readString(ProjectPaths.root().resolve("environments/config/dev.json"));
    awsPort = AwsEmulator.freePort();
    dbPort = AwsEmulator.freePort();
    cli =
        new CliProcess(work)
            .env("DEPLOYER_SANDBOX_DIR", work.resolve("sandbox").toString())
            .env("DEPLOYER_SANDBOX_AWS_PORT", Integer.toString(awsPort))
            .env("DEPLOYER_SANDBOX_DATABRICKS_PORT", Integer.toString(dbPort));
  }

  static Path configWith(String name, UnaryOperator<String> edit) throws IOException {
    Path dir = work.resolve(name);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("dev.json"), edit.apply(good));
    Path notebooks = ProjectPaths.root().resolve("environments/config/notebooks");
    Files.createDirectories(dir.resolve("notebooks"));
    try (var files = Files.list(notebooks)) {
      for (Path f : files.toList()) {
        Files.copy(
            f,
            dir.resolve("notebooks").resolve(f.getFileName()),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return dir;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      malformed JSON        | "prefix": "acme-dev",         | "prefix": "acme-dev"               | line
      unknown field         | "prefix": "acme-dev",         | "prefix": "acme-dev", "prefx": 1,  | $.prefx
      missing value         | "prefix": "acme-dev",         | NOTHING                            | $.prefix
      bad prefix            | "prefix": "acme-dev",         | "prefix": "Acme Dev!",             | $.prefix
      bad bucket name       | acme-dev-workspace-root       | acme..root                         | $.storage.root_bucket
      bad account id        | 0d7e4a3c-1b2f-4c5d-8e9f-a1b2c3d4e5f6 | not-an-account                | $.databricks.account_id
      wrong environment     | "environment": "dev"          | "environment": "qa"                | $.environment
      bad region            | "us-east-1"                   | "Mars"                             | $.aws.region
      bad CIDR              | "10.10.0.0/16"                | "10.10.0.0/33"                     | $.network.vpc_cidr
      subnet outside VPC    | "10.10.16.0/20"               | "10.99.16.0/20"                    | $.network.private_subnet_cidrs[0]
      overlapping subnets   | "10.10.32.0/20"               | "10.10.1.0/24"                     | $.network.private_subnet_cidrs[1]
      missing notebook file | notebooks/smoke_test.py       | notebooks/gone.py                  | $.notebooks[0].file
      notebook outside      | notebooks/smoke_test.py       | ../../../../etc/hostname           | $.notebooks[0].file
      absolute notebook     | notebooks/smoke_test.py       | /etc/hostname                      | $.notebooks[0].file
      token in repo URL     | https://github.com/databricks | https://x-access-token:ghs_Zq81TokenValue@github.com/databricks | $.repos[0].url
      identity case twin    | "principal": "admin@example.com", | "principal": "admin@example.com", "kind": "user", "permission": "ADMIN" }, { "principal": "ADMIN@example.com", | $.identities[1].principal
      """)
  void badInput_exitsOneNamingFileAndField_withoutStartingTheSandbox(
      String label, String from, String to, String field) throws IOException {
    Path dir =
        configWith(label.replace(' ', '-'), s -> s.replace(from, to.equals("NOTHING") ? "" : to));
    for (String command : new String[] {"validate", "plan", "apply"}) {
      CliProcess.Result r =
          cli.run(command, "--env", "dev", "--sandbox", "--config-dir", dir.toString());
      assertThat(r.exit()).as(label + " / " + command + ": " + r).isEqualTo(1);
      assertThat(r.err()).as(label).contains(dir.resolve("dev.json").toString()).contains(field);
      assertThat(r.out() + r.err()).as("a secret is never echoed").doesNotContain("ghs_Zq81");
    }
    assertThat(listening(awsPort)).as("moto must not have been started").isFalse();
    assertThat(listening(dbPort))
        .as("the Databricks emulator must not have been started")
        .isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      misspelt option      | plan --env dev --sandbox --paralelism 4      | --paralelism
      missing --env        | plan --sandbox                               | --env
      zero parallelism     | apply --env dev --sandbox --parallelism 0    | --parallelism must be between 1 and 100
      huge parallelism     | plan --env dev --sandbox --parallelism 5000  | --parallelism must be between 1 and 100
      not a number         | plan --env dev --sandbox --parallelism four  | four
      unknown command      | plna --env dev                               | plna
      """)
  void usageError_exitsOneNotTwo_whichMeansChangesUnderDetailedExitcode(
      String label, String args, String named) {
    java.util.List<String> argv =
        new java.util.ArrayList<>(java.util.List.of(args.trim().split("\\s+")));
    argv.add("--detailed-exitcode");
    if (argv.get(0).equals("apply")) {
      argv.remove(argv.size() - 1);
    }
    CliProcess.Result r = cli.run(argv.toArray(String[]::new));
    assertThat(r.exit()).as(label + ": " + r).isEqualTo(1);
    assertThat(r.err()).as(label).contains(named);
    assertThat(listening(awsPort)).as("moto must not have been started").isFalse();
  }

  /**
   * Issue 12 finding 14: a state, plan, pushed state or Terraform state file that does not bind is
   * named with the field's JSON path and what is wrong with its value; never Jackson's "(through
   * reference chain: ...)", its "[Source: ...]" or a Java class name; exit 1, nothing started.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
      state file       | state/dev.json | {"version": 1, "serial": 3, "lineage": "l", "stack": "dev", "outputs": {}, "resources": [{"address": "a", "type": "t", "id": "i", "inputs": {}, "outputs": {}, "dependencies": [], "status": "done"}]} | state list --env dev --state-dir STATE  | $.resources[0].status: unknown status done
      state serial     | state/dev.json | {"version": 1, "serial": "three", "lineage": "l", "stack": "dev", "outputs": {}, "resources": []} | state list --env dev --state-dir STATE | $.serial: 'three' is not a number
      plan file        | saved.plan     | {"format_version": 1, "stack": "dev", "sandbox": true, "config_sha256": "x", "plan": {"changes": {"a": 1}}} | apply --env dev --sandbox --state-dir STATE FILE | $.plan.changes: expected an array, found an object
      pushed state     | pushed.json    | {"version": 1, "serial": [], "lineage": "l", "stack": "dev"} | state push --env dev --state-dir STATE FILE | $.serial: expected a number, found an array
      terraform state  | t.tfstate      | {"version": 4, "resources": {"aws_vpc": []}} | import --env dev --state-dir STATE --dry-run --from-terraform FILE | $.resources: expected an array
      """)
  void badStatePlanOrTerraformFile_namesFileAndFieldPath_neverJacksonsChainOrClassNames(
      String label, String name, String content, String args, String says) throws IOException {
    Path dir = configWith("file-" + label.replace(' ', '-'), s -> s);
    Path state = dir.resolve("state");
    Files.createDirectories(state);
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    java.util.List<String> argv = new java.util.ArrayList<>();
    for (String a : args.trim().split("\\s+")) {
      argv.add(a.equals("FILE") ? file.toString() : a.equals("STATE") ? state.toString() : a);
    }
    argv.addAll(java.util.List.of("--config-dir", dir.toString()));

    CliProcess.Result r = cli.run(argv.toArray(String[]::new));

    assertThat(r.exit()).as(label + ": " + r).isEqualTo(1);
    assertThat(r.err()).as(label).contains(file.getFileName().toString()).contains(says);
    for (String leak :
        java.util.List.of("reference chain", "[Source", "`", "dev.deployer.", "java.lang")) {
      assertThat(r.out() + r.err()).as(label + " shows " + leak).doesNotContain(leak);
    }
    assertThat(listening(awsPort)).as("moto must not have been started").isFalse();
    assertThat(listening(dbPort)).as("nor the Databricks emulator").isFalse();
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 300);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
