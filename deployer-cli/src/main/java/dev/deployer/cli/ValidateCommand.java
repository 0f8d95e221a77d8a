package dev.deployer.cli;

import dev.deployer.environments.Stacks;
import dev.deployer.environments.Target;
import picocli.CommandLine.Command;

@Command(
    name = "validate",
    description = "Check a stack's config (schema, CIDRs, names); no API calls.")
final class ValidateCommand extends StackCommand {
  @Override
  Integer execute() {
    new Stacks(cli().configDir(), stateStore().file().getParent(), Target.real()).validate(env());
    cli()
        .out
        .println(cli().style.green("Success!") + " The configuration of " + env() + " is valid.");
    return ExitCodes.OK;
  }
}
