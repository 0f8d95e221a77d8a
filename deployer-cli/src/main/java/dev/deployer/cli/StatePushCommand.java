package dev.deployer.cli;

import dev.deployer.core.DeployerException;
import dev.deployer.core.json.Json;
import dev.deployer.core.state.StackState;
import dev.deployer.core.state.StateLock;
import dev.deployer.core.state.StateStore;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "push",
    description =
        "Replace the stack's state with FILE (as written by 'state pull'). Refused unless FILE has"
            + " the stored lineage and a higher serial.")
final class StatePushCommand extends StackCommand {
  @Parameters(paramLabel = "FILE")
  Path file;

  @Override
  Integer execute() {
    StackState pushed;
    try {
      pushed = Json.mapper().readValue(file.toFile(), StackState.class);
    } catch (IOException e) {
      throw new DeployerException(
          file + ": not a state file (" + dev.deployer.core.json.JsonErrors.describe(e) + ").", e);
    }
    if (!pushed.stack().equals(env())) {
      throw new DeployerException(
          file + " holds the state of stack '" + pushed.stack() + "', not '" + env() + "'.");
    }
    if (pushed.version() != StackState.FORMAT_VERSION) {
      throw new DeployerException(
          file + ": state format version " + pushed.version() + " is not supported.");
    }
    StateStore store = backendStore();
    try (StateLock lock = store.lock("state push", cli().err::println)) {
      // The store refuses another lineage or a serial not above the stored one.
      store.read();
      store.write(pushed);
    }
    cli()
        .out
        .println(
            "Pushed serial "
                + pushed.serial()
                + " of stack "
                + env()
                + " to "
                + store.location()
                + ".");
    return ExitCodes.OK;
  }
}
