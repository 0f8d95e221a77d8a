package dev.deployer.cli;

import dev.deployer.core.DeployerException;
import dev.deployer.core.json.Json;
import dev.deployer.core.state.ResourceState;
import dev.deployer.core.state.StackState;
import dev.deployer.core.state.StateStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "state",
    description = "Inspect or edit the state.",
    subcommands = {
      StateCommand.ListCmd.class,
      StateCommand.ShowCmd.class,
      StateCommand.RmCmd.class,
      StatePullCommand.class,
      StatePushCommand.class,
      StateMigrateCommand.class
    })
final class StateCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "Say which: list, show, rm, pull, push or migrate.");
  }

  static StackState read(StateStore store) {
    return store
        .read()
        .orElseThrow(
            () ->
                new DeployerException(
                    "There is no state for stack "
                        + store.stack()
                        + " at "
                        + store.location()
                        + "."));
  }

  @Command(name = "list", description = "List the addresses in the state.")
  static final class ListCmd extends StackCommand {
    @Override
    Integer execute() {
      StateStore store = backendStore();
      store
          .read()
          .ifPresent(
              s ->
                  s.resources()
                      .forEach(
                          r ->
                              cli()
                                  .out
                                  .println(
                                      r.address()
                                          + (r.status() == dev.deployer.core.state.Status.READY
                                              ? ""
                                              : "  (" + r.status().json() + ")"))));
      return ExitCodes.OK;
    }
  }

  /** A state command on one resource. */
  abstract static class OnAddress extends StackCommand {
    @Parameters(paramLabel = "ADDRESS")
    String address;
  }

  @Command(name = "show", description = "Show one resource's recorded state as JSON.")
  static final class ShowCmd extends OnAddress {
    @Override
    Integer execute() {
      ResourceState r =
          read(backendStore())
              .find(address)
              .orElseThrow(
                  () ->
                      new DeployerException(
                          "No resource "
                              + address
                              + " in the state of "
                              + env()
                              + "; 'deployer state list' shows them."));
      cli().out.println(Json.write(r));
      return ExitCodes.OK;
    }
  }

  @Command(name = "rm", description = "Forget a resource without destroying it.")
  static final class RmCmd extends OnAddress {
    @Override
    Integer execute() {
      StateStore store = backendStore();
      try (var lock = store.lock("state rm", cli().err::println)) {
        StackState s = read(store);
        if (s.find(address).isEmpty()) {
          throw new DeployerException("No resource " + address + " in the state of " + env() + ".");
        }
        store.write(s.without(address).withSerial(s.serial() + 1));
      }
      cli().out.println("Removed " + address + " from the state. The object itself still exists.");
      return ExitCodes.OK;
    }
  }
}
