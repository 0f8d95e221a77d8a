package dev.deployer.cli;

import dev.deployer.core.json.Json;
import picocli.CommandLine.Command;

@Command(
    name = "pull",
    description = "Print the stack's whole state as JSON, from its backend (local or S3).")
final class StatePullCommand extends StackCommand {
  @Override
  Integer execute() {
    cli().out.println(Json.write(StateCommand.read(backendStore())));
    return ExitCodes.OK;
  }
}
