package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsSettings;
import dev.deployer.core.json.Json;
import dev.deployer.sandbox.ProjectPaths;
import dev.deployer.sandbox.testing.AwsEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A process IT's own sandbox, registered as a static extension: before the class's tests a work
 * directory with a copy of the shipped {@code environments/config} the test may edit, free ports
 * and a sandbox directory of its own, and the built CLI pointed at them; after them the sandbox is
 * taken down and the directory removed. {@link #withRaceWindow} keeps the lags (IAM race,
 * provisioning, Unity Catalog, permission assignment) short to keep the suite fast; all stay on.
 */
final class SandboxCli implements BeforeAllCallback, AfterAllCallback {
  private final String raceWindow;
  private final Map<String, String> extraEnv = new LinkedHashMap<>();
  private boolean sharedAwsEmulator;
  private boolean startFirst;
  final int awsPort = AwsEmulator.freePort();
  final int databricksPort = AwsEmulator.freePort();
  Path work;
  Path configDir;
  CliProcess cli;

  private SandboxCli(String raceWindow) {
    this.raceWindow = raceWindow;
  }

  /**
   * A sandbox whose IAM race lasts {@code raceWindow} ("2s"); the provisioning delay and the Unity
   * Catalog and permission-assignment lags are short as well, so the waits still happen.
   */
  static SandboxCli withRaceWindow(String raceWindow) {
    return new SandboxCli(raceWindow);
  }

  /** A sandbox with every behaviour at the duration a user's {@code --sandbox} gets. */
  static SandboxCli atUserDefaults() {
    return new SandboxCli(null);
  }

  /** One more variable for every process (a fault rate, faults off, ...). */
  SandboxCli env(String name, String value) {
    extraEnv.put(name, value);
    return this;
  }

  /** Runs {@code sandbox up} before the class's tests, for tests that talk to the emulators. */
  SandboxCli startedBeforeTests() {
    startFirst = true;
    return this;
  }

  /**
   * Puts the sandbox's fault proxy in front of the ITs' shared AWS emulator when that is
   * LocalStack, instead of the sandbox's own moto.
   */
  SandboxCli onTheSharedAwsEmulator() {
    sharedAwsEmulator = true;
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    work = Files.createTempDirectory(context.getRequiredTestClass().getSimpleName());
    configDir = work.resolve("config");
    copyTree(ProjectPaths.root().resolve("environments/config"), configDir);
    cli =
        new CliProcess(work)
            .env("DEPLOYER_SANDBOX_DIR", work.resolve("sandbox").toString())
            .env("DEPLOYER_SANDBOX_AWS_PORT", Integer.toString(awsPort))
            .env("DEPLOYER_SANDBOX_DATABRICKS_PORT", Integer.toString(databricksPort));
    if (raceWindow != null) {
      cli.env("DEPLOYER_SANDBOX_RACE_WINDOW", raceWindow)
          .env("DEPLOYER_SANDBOX_PROVISIONING_DELAY", "1s")
          .env("DEPLOYER_SANDBOX_UC_LAG", "2s")
          .env("DEPLOYER_SANDBOX_PERMISSION_ASSIGNMENT_LAG", "2s");
    }
    extraEnv.forEach(cli::env);
    AwsEmulator aws = sharedAwsEmulator ? AwsEmulator.shared() : null;
    if (aws != null && aws.isLocalStack()) {
      cli.env("DEPLOYER_SANDBOX_AWS_UPSTREAM", aws.endpoint());
    }
    if (startFirst) {
      CliProcess.Result up = cli.run("sandbox", "up");
      assertThat(up.exit()).as(up.toString()).isZero();
    }
  }

  /** The emulators' loopback URLs. */
  String awsUrl(String path) {
    return "http://127.0.0.1:" + awsPort + path;
  }

  String databricksUrl(String path) {
    return "http://127.0.0.1:" + databricksPort + path;
  }

  /** No bucket, role, deployer-tagged VPC or Elastic IP is left in the sandbox's AWS. */
  void assertAwsHoldsNothingOfTheStacks() {
    try (AwsClients aws = new AwsClients(AwsSettings.emulator("us-east-1", awsUrl("")))) {
      assertThat(aws.s3().listBuckets().buckets()).isEmpty();
      assertThat(aws.iam().listRoles().roles()).isEmpty();
      assertThat(
              aws.ec2()
                  .describeVpcs(r -> r.filters(f -> f.name("tag-key").values("deployer:stack")))
                  .vpcs())
          .isEmpty();
      assertThat(aws.ec2().describeAddresses().addresses()).isEmpty();
    }
  }

  /** Rewrites one JSON file of this sandbox's config (before the tests that use it). */
  void editConfig(String file, Consumer<ObjectNode> edit) throws IOException {
    Path f = configDir.resolve(file);
    ObjectNode root = (ObjectNode) Json.mapper().readTree(f.toFile());
    edit.accept(root);
    Files.writeString(f, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root));
  }

  /** A copy of this sandbox's config directory under {@code name}, for a variant config. */
  Path copyOfConfig(String name) throws IOException {
    Path to = work.resolve(name);
    copyTree(configDir, to);
    return to;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /** Stops the sandbox and removes what it held, then the work directory. */
  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (cli != null) {
      cli.run("sandbox", "down", "--purge");
    }
    if (work != null) {
      try (Stream<Path> all = Files.walk(work)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** Runs the CLI on this sandbox's config. */
  CliProcess.Result deployer(String... args) {
    return cli.run(withConfigDir(args));
  }

  /** The arguments with {@code --config-dir} of this sandbox appended. */
  String[] withConfigDir(String... args) {
    String[] full = new String[args.length + 2];
    System.arraycopy(args, 0, full, 0, args.length);
    full[args.length] = "--config-dir";
    full[args.length + 1] = configDir.toString();
    return full;
  }

  /** Runs the CLI and requires exit code 0. */
  CliProcess.Result ok(String... args) {
    CliProcess.Result r = deployer(args);
    assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isZero();
    return r;
  }

  /** A detailed-exitcode plan of {@code env} exits 2 (changes to make); its output. */
  String planWithChanges(String env) {
    CliProcess.Result r = deployer("plan", "--env", env, "--sandbox", "--detailed-exitcode");
    assertThat(r.exit()).as("plan --env " + env + " --detailed-exitcode\n" + r).isEqualTo(2);
    return r.out();
  }

  /** A detailed-exitcode plan of {@code env} (with any {@code extra} options) shows no change. */
  void assertNoChanges(String env, String... extra) {
    String[] args =
        Stream.concat(
                Stream.of("plan", "--env", env, "--sandbox", "--detailed-exitcode"),
                Stream.of(extra))
            .toArray(String[]::new);
    CliProcess.Result r = deployer(args);
    assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isZero();
    assertThat(r.out()).contains("No changes.");
  }
}
