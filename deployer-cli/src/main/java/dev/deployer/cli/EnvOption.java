package dev.deployer.cli;

import picocli.CommandLine.Option;

/** The stack a command works on. */
public final class EnvOption {
  @Option(
      names = {"--env", "-e"},
      required = true,
      paramLabel = "NAME",
      description = "The stack: an environment (dev, qa, prod, ...) or common.")
  String env;
}
