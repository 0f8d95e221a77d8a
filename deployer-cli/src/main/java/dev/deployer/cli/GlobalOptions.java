package dev.deployer.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Flags every stack command takes. */
public final class GlobalOptions {
  /** More would only queue on the APIs' rate limits. */
  static final int MAX_PARALLELISM = 100;

  @Option(
      names = "--sandbox",
      description =
          "Target the local sandbox (starts it if needed); state under .deployer/sandbox/.")
  boolean sandbox;

  @Option(
      names = "--parallelism",
      defaultValue = "10",
      paramLabel = "N",
      description = "Operations run at once (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(names = "--no-color", description = "Plain output (also when NO_COLOR is set).")
  boolean noColor;

  @Option(
      names = {"-v", "--verbose"},
      description = "Show progress detail and stack traces of errors.")
  boolean verbose;

  @Option(
      names = "--config-dir",
      paramLabel = "DIR",
      description = "Where <env>.json configs are (default: environments/config).")
  Path configDir;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description =
          "Where state files are (default: .deployer/state, or .deployer/sandbox/state with --sandbox).")
  Path stateDir;

  @Option(
      names = "--state",
      paramLabel = "BACKEND",
      description =
          "Where state is: 'local' (the state dir) or s3://BUCKET[/PREFIX]. Default: the config's"
              + " state section, else local.")
  String state;
}
