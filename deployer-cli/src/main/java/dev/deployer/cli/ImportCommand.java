package dev.deployer.cli;

import dev.deployer.core.Engine;
import dev.deployer.core.state.ResourceState;
import dev.deployer.environments.LoadedStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "import", description = "Adopt an existing object under a configured address.")
final class ImportCommand extends StackCommand {
  @Parameters(index = "0", paramLabel = "ADDRESS")
  String address;

  @Parameters(index = "1", paramLabel = "ID")
  String id;

  @Override
  Integer execute() {
    Cli c = cli();
    try (LoadedStack stack = c.open(env())) {
      Engine engine = c.engine(stack);
      ResourceState r =
          engine.locked(
              stack.store(),
              "import",
              () -> engine.importResource(stack.definition(), stack.store(), address, id));
      c.out.println(
          c.style.green("Import successful!")
              + " "
              + r.address()
              + " [id="
              + r.id()
              + "] is now managed. "
              + "Run plan to see how it differs from the configuration.");
      return ExitCodes.OK;
    }
  }
}
