package dev.deployer.cli;

import picocli.CommandLine.Command;

@Command(
    name = "destroy",
    description = "Plan the destruction of every resource of the stack, ask, then destroy.")
final class DestroyCommand extends ApplyCommand {
  @Override
  boolean destroyMode() {
    return true;
  }
}
