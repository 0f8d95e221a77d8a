package dev.deployer.cli;

import dev.deployer.core.DeployerException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The deployer command line. Commands are thin: options in, one library call, exit code out. */
@Command(
    name = "deployer",
    mixinStandardHelpOptions = true,
    version = "deployer 0.1.0",
    description =
        "Provisions Databricks workspaces on AWS: plan, apply and destroy per environment.",
    subcommands = {
      ValidateCommand.class,
      PlanCommand.class,
      ApplyCommand.class,
      DestroyCommand.class,
      RefreshCommand.class,
      OutputCommand.class,
      StateCommand.class,
      ImportCommand.class,
      ForceUnlockCommand.class,
      GraphCommand.class,
      SandboxCommand.class,
      DoctorCommand.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command.");
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(Main::handle);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    addHelp(cl);
    return cl;
  }

  /**
   * Every command and subcommand answers --help, and a usage error (unknown option, missing or
   * malformed value) exits 1: 2 means "changes present" under --detailed-exitcode.
   */
  private static void addHelp(CommandLine cl) {
    cl.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.ERROR);
    for (CommandLine sub : cl.getSubcommands().values()) {
      if (!sub.getCommandSpec().mixinStandardHelpOptions()) {
        sub.getCommandSpec().mixinStandardHelpOptions(true);
      }
      addHelp(sub);
    }
  }

  /** Errors: one paragraph on stderr, exit 1; the stack trace only with -v. */
  private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    boolean verbose =
        parsed.hasMatchedOption("-v")
            || parsed.subcommands().stream().anyMatch(p -> p.hasMatchedOption("-v"));
    for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
      verbose |= p.hasMatchedOption("-v");
    }
    String message =
        (e instanceof DeployerException ? e.getMessage() : describe(e)) + ErrorDetail.of(e);
    err.println("Error: " + message);
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return ExitCodes.ERROR;
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    StringBuilder sb = new StringBuilder(m == null ? e.getClass().getSimpleName() : m);
    Throwable c = e.getCause();
    if (c != null && c.getMessage() != null && (m == null || !m.contains(c.getMessage()))) {
      sb.append(" (caused by: ").append(c.getMessage()).append(')');
    }
    sb.append(". Run again with -v for details.");
    return sb.toString();
  }

  public static void main(String[] args) {
    CommandLine cl = commandLine();
    Interrupts.install(cl.getErr());
    int code = cl.execute(args);
    cl.getOut().flush();
    cl.getErr().flush();
    System.exit(code);
  }
}
