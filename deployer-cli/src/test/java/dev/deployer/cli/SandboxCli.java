package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.sandbox.ProjectPaths;
import dev.deployer.sandbox.testing.AwsEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A process IT's own sandbox, registered as a static extension: before the class's tests a work
 * directory with a copy of the shipped {@code environments/config} the test may edit, free ports
 * and a sandbox directory of its own, and the built CLI pointed at them; after them the sandbox is
 * taken down and the directory removed. The IAM race window and the provisioning delay are short to
 * keep the suite fast; both stay on.
 */
final class SandboxCli implements BeforeAllCallback, AfterAllCallback {
  private final String raceWindow;
  private boolean sharedAwsEmulator;
  final int awsPort = AwsEmulator.freePort();
  final int databricksPort = AwsEmulator.freePort();
  Path work;
  Path configDir;
  CliProcess cli;

  private SandboxCli(String raceWindow) {
    this.raceWindow = raceWindow;
  }

  /** A sandbox whose IAM race lasts {@code raceWindow} ("2s"). */
  static SandboxCli withRaceWindow(String raceWindow) {
    return new SandboxCli(raceWindow);
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
    Path shipped = ProjectPaths.root().resolve("environments/config");
    try (Stream<Path> files = Files.walk(shipped)) {
      for (Path f : files.toList()) {
        Path to = configDir.resolve(shipped.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    cli =
        new CliProcess(work)
            .env("DEPLOYER_SANDBOX_DIR", work.resolve("sandbox").toString())
            .env("DEPLOYER_SANDBOX_AWS_PORT", Integer.toString(awsPort))
            .env("DEPLOYER_SANDBOX_DATABRICKS_PORT", Integer.toString(databricksPort))
            .env("DEPLOYER_SANDBOX_RACE_WINDOW", raceWindow)
            .env("DEPLOYER_SANDBOX_PROVISIONING_DELAY", "1s");
    AwsEmulator aws = sharedAwsEmulator ? AwsEmulator.shared() : null;
    if (aws != null && aws.isLocalStack()) {
      cli.env("DEPLOYER_SANDBOX_AWS_UPSTREAM", aws.endpoint());
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
