package dev.deployer.cli;

import dev.deployer.core.graph.Graph;
import dev.deployer.environments.LoadedStack;
import dev.deployer.environments.Stacks;
import dev.deployer.environments.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "graph",
    description = "Print the dependency graph as DOT (default) or Mermaid. No API calls.")
final class GraphCommand extends StackCommand {
  enum Format {
    dot,
    mermaid
  }

  @Option(
      names = "--format",
      defaultValue = "dot",
      description = "dot or mermaid (default: ${DEFAULT-VALUE}).")
  Format format;

  @Override
  Integer execute() {
    try (LoadedStack stack =
        new Stacks(
                cli().configDir(),
                stateStore().file().getParent(),
                Target.real(),
                new dev.deployer.core.ApiCalls(),
                // Offline: an S3 state section must not make graph call AWS for upstream outputs.
                new dev.deployer.environments.StateBackends(
                    cli().configDir(),
                    stateStore().file().getParent(),
                    Target.real(),
                    java.util.Optional.of(dev.deployer.environments.StateBackends.LOCAL)))
            .openOffline(env())) {
      Graph g = stack.definition().graph();
      cli().out.print(format == Format.dot ? g.toDot() : g.toMermaid());
      return ExitCodes.OK;
    }
  }
}
