package dev.deployer.cli;

import dev.deployer.cli.render.PlanJson;
import dev.deployer.cli.render.PlanRenderer;
import dev.deployer.core.Engine;
import dev.deployer.core.json.Json;
import dev.deployer.core.plan.Plan;
import dev.deployer.environments.LoadedStack;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "plan",
    description = "Refresh, then show what apply would change. Changes nothing.")
final class PlanCommand extends StackCommand {
  @Option(names = "--out", paramLabel = "FILE", description = "Save the plan for 'apply FILE'.")
  Path out;

  @Option(
      names = "--detailed-exitcode",
      description = "Exit 0 when there are no changes, 2 when there are, 1 on error.")
  boolean detailedExitcode;

  @Option(names = "--json", description = "Print the plan as JSON (format_version 1).")
  boolean json;

  @Option(names = "--destroy", description = "Plan the destruction of every resource of the stack.")
  boolean destroy;

  @Option(
      names = "--lock",
      arity = "1",
      defaultValue = "true",
      paramLabel = "BOOL",
      description =
          "Take the stack's lock while planning (default: ${DEFAULT-VALUE}). --lock=false plans"
              + " without writing anything: for audits and CI with a read-only state directory, or"
              + " while another run holds the lock (the plan may then show its changes half done).")
  boolean lock;

  @Option(
      names = "--skip-doctor",
      description = "Do not run doctor's checks before the stack's first plan.")
  boolean skipDoctor;

  @Override
  Integer execute() {
    Cli c = cli();
    int pre = preflight(c, env(), skipDoctor || destroy);
    if (pre != ExitCodes.OK) {
      return pre;
    }
    try (LoadedStack stack = c.open(env())) {
      Engine engine = c.engine(stack);
      Plan plan =
          lock
              ? engine.locked(
                  stack.store(),
                  "plan",
                  () -> engine.plan(stack.definition(), stack.store(), destroy))
              : engine.plan(stack.definition(), stack.store(), destroy);
      Engine.refuseProtected(plan, ApplyCommand.configList(stack, "protect"));
      if (json) {
        c.out.println(Json.write(PlanJson.of(plan)));
      } else {
        c.out.print(new PlanRenderer(c.style).render(plan));
      }
      if (out != null) {
        new PlanFile(
                PlanFile.FORMAT_VERSION,
                env(),
                options.sandbox,
                PlanFile.digest(stack.configFile()),
                plan)
            .write(out);
        if (!json) {
          c.out.println(
              "\nSaved the plan to "
                  + out
                  + ". To perform exactly these actions, run:\n  deployer apply "
                  + out
                  + " --env "
                  + env()
                  + (options.sandbox ? " --sandbox" : ""));
        }
      }
      report(
          plan.hasChanges()
              ? dev.deployer.environments.fleet.Fleet.Result.CHANGES
              : dev.deployer.environments.fleet.Fleet.Result.OK,
          plan.hasChanges()
              ? plan.toAdd()
                  + " to add, "
                  + plan.toChange()
                  + " to change, "
                  + plan.toDestroy()
                  + " to destroy"
              : "no changes");
      return detailedExitcode && plan.hasChanges() ? ExitCodes.CHANGES : ExitCodes.OK;
    }
  }

  @Override
  dev.deployer.environments.fleet.Fleet.Order fleetOrder() {
    return dev.deployer.environments.fleet.Fleet.Order.NONE; // plans only read other stacks
  }

  @Override
  void checkMany() {
    if (out != null) {
      throw new dev.deployer.core.DeployerException(
          "--out saves the plan of one stack; with several, run plan --out per stack.");
    }
  }

  @Override
  boolean jsonOutput() {
    return json;
  }
}
