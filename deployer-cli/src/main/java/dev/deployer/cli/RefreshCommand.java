package dev.deployer.cli;

import dev.deployer.core.Engine;
import dev.deployer.core.plan.Refresher;
import dev.deployer.environments.LoadedStack;
import picocli.CommandLine.Command;

@Command(
    name = "refresh",
    description = "Read every recorded resource, update the state, report drift.")
final class RefreshCommand extends StackCommand {
  @Override
  Integer execute() {
    Cli c = cli();
    try (LoadedStack stack = c.open(env())) {
      Engine engine = c.engine(stack);
      Refresher.Result r =
          engine.locked(stack.store(), "refresh", () -> engine.refresh(stack.store()));
      if (r.drift().isEmpty()) {
        c.out.println(
            "No drift: " + r.state().resources().size() + " resources match their recorded state.");
      } else {
        c.out.println("Drift found and recorded in the state:");
        r.drift()
            .forEach((a, why) -> c.out.println("  " + c.style.yellow("~") + " " + a + ": " + why));
        c.out.println("Run plan to see what apply would change back.");
      }
      report(
          dev.deployer.environments.fleet.Fleet.Result.OK,
          r.drift().isEmpty() ? "no drift" : r.drift().size() + " drifted");
      return ExitCodes.OK;
    }
  }

  @Override
  dev.deployer.environments.fleet.Fleet.Order fleetOrder() {
    return dev.deployer.environments.fleet.Fleet.Order.NONE;
  }
}
