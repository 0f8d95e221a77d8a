package dev.deployer.cli;

import dev.deployer.core.DeployerException;
import dev.deployer.core.state.StateStore;
import dev.deployer.environments.StateBackends;
import dev.deployer.environments.StateMigration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "migrate",
    description =
        "Move the stack's state and its history between the local file and S3 (the config's state"
            + " section, or --state s3://...), checking that nothing changed in between.")
final class StateMigrateCommand extends StackCommand {
  enum To {
    s3,
    local
  }

  @Option(names = "--to", required = true, paramLabel = "s3|local", description = "Destination.")
  To to;

  @Override
  Integer execute() {
    StateBackends b = cli().backends();
    var s3 =
        b.s3Location(env())
            .orElseThrow(
                () ->
                    new DeployerException(
                        "No S3 location for stack "
                            + env()
                            + ": add a state section to its config ("
                            + cli().configDir().resolve(env() + ".json")
                            + ") or pass --state s3://BUCKET/PREFIX."));
    StateStore remote = b.s3(env(), s3);
    StateStore local = b.local(env());
    StateStore from = to == To.s3 ? local : remote;
    StateStore into = to == To.s3 ? remote : local;
    StateMigration.Result r = StateMigration.migrate(from, into, cli().err::println);
    cli()
        .out
        .println(
            "Moved the state of "
                + env()
                + " (serial "
                + r.serial()
                + ", "
                + r.versions()
                + " version"
                + (r.versions() == 1 ? "" : "s")
                + " of history) from "
                + r.from()
                + " to "
                + r.to()
                + ".");
    if (to == To.local) {
      cli()
          .out
          .println(
              "Now remove the state section from the config (or stop passing --state): runs still"
                  + " pointed at S3 are refused by a lock that names the new location.");
    }
    return ExitCodes.OK;
  }
}
