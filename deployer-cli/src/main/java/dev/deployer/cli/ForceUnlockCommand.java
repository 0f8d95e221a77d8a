package dev.deployer.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "force-unlock",
    description = "Free a stale lock by its id (shown in the 'locked' error).")
final class ForceUnlockCommand extends StackCommand {
  @Parameters(paramLabel = "LOCK_ID")
  String lockId;

  @Override
  Integer execute() {
    backendStore().forceUnlock(lockId);
    cli().out.println("Unlocked stack " + env() + ".");
    return ExitCodes.OK;
  }
}
