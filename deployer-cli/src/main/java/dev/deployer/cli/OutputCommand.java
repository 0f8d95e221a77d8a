package dev.deployer.cli;

import dev.deployer.core.json.Json;
import dev.deployer.core.state.StackState;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "output", description = "Show the stack's outputs, from its state.")
final class OutputCommand extends StackCommand {
  @Option(names = "--json", description = "Print one JSON object of name -> value.")
  boolean json;

  @Parameters(arity = "0..1", paramLabel = "NAME", description = "Print only this output's value.")
  String name;

  @Override
  Integer execute() {
    Cli c = cli();
    Map<String, Object> outputs = backendStore().read().map(StackState::outputs).orElse(Map.of());
    if (name != null) {
      Object v = outputs.get(name);
      if (v == null) {
        throw new dev.deployer.core.DeployerException(
            "Stack " + env() + " has no output '" + name + "'; it has " + outputs.keySet() + ".");
      }
      c.out.println(json ? Json.write(v) : String.valueOf(v));
      return ExitCodes.OK;
    }
    report(dev.deployer.environments.fleet.Fleet.Result.OK, outputs.size() + " outputs");
    if (json) {
      c.out.println(Json.write(outputs));
    } else if (outputs.isEmpty()) {
      c.err.println("Stack " + env() + " has no outputs yet: run apply first.");
    } else {
      outputs.forEach((k, v) -> c.out.println(k + " = " + render(v)));
    }
    return ExitCodes.OK;
  }

  @Override
  dev.deployer.environments.fleet.Fleet.Order fleetOrder() {
    return dev.deployer.environments.fleet.Fleet.Order.NONE;
  }

  @Override
  boolean jsonOutput() {
    return json;
  }

  static String render(Object v) {
    return v instanceof String s ? Json.write(s) : Json.write(v);
  }
}
