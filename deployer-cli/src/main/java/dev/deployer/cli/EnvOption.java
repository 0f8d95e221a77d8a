package dev.deployer.cli;

import picocli.CommandLine.Option;

/** The stack a command works on; plan, apply, destroy, refresh and output also take several. */
public final class EnvOption {
  @Option(
      names = {"--env", "-e"},
      paramLabel = "NAME",
      completionCandidates = CompletionCommand.EnvCandidates.class,
      description =
          "The stack: an environment (dev, qa, prod, ...) or common. plan, apply, destroy, refresh"
              + " and output take several: --env dev,qa,prod.")
  String env;

  @Option(
      names = "--all",
      description =
          "Every stack with a config in the config dir (plan, apply, destroy, refresh, output).")
  boolean all;

  @Option(
      names = "--stack-parallelism",
      defaultValue = "4",
      paramLabel = "N",
      description = "With several stacks: how many run at once (default: ${DEFAULT-VALUE}).")
  int stackParallelism;

  /** Whether the command names more than one stack. */
  boolean many() {
    return all || (env != null && env.contains(","));
  }
}
