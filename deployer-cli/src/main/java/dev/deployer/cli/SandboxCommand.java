package dev.deployer.cli;

import dev.deployer.cli.render.Style;
import dev.deployer.cli.sandbox.Sandbox;
import dev.deployer.core.json.Json;
import dev.deployer.sandbox.ProjectPaths;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "sandbox",
    description = "The local sandbox: moto server (AWS) and the Databricks emulator.",
    subcommands = {SandboxCommand.Up.class, SandboxCommand.Down.class, SandboxCommand.Status.class})
final class SandboxCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "Say which: up, down or status.");
  }

  static Sandbox sandbox() {
    return new Sandbox(ProjectPaths.workDir());
  }

  @Command(
      name = "up",
      description = "Start both emulators in the background (harmless if running).")
  static final class Up implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Sandbox s = sandbox();
      var err = spec.commandLine().getErr();
      List<String> started = s.up(err::println);
      var out = spec.commandLine().getOut();
      out.println((started.isEmpty() ? "Sandbox already running:" : "Sandbox running:"));
      out.println("  AWS (moto server)    " + s.awsEndpoint());
      out.println(
          "  Databricks emulator  "
              + s.databricksHost()
              + "  (account "
              + Sandbox.ACCOUNT_ID
              + ")");
      out.println("  State                " + s.stateDir());
      return ExitCodes.OK;
    }
  }

  @Command(name = "down", description = "Stop both emulators.")
  static final class Down implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--purge",
        description = "Also forget the emulators' data and the sandbox state files.")
    boolean purge;

    @Override
    public Integer call() {
      sandbox().down(purge, spec.commandLine().getErr()::println);
      spec.commandLine()
          .getOut()
          .println("Sandbox stopped" + (purge ? "; its data and state were deleted." : "."));
      return ExitCodes.OK;
    }
  }

  @Command(name = "status", description = "Show the endpoints and whether they answer.")
  static final class Status implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--json",
        description = "One JSON object with aws_endpoint, databricks_host, databricks_account_id.")
    boolean json;

    @Option(names = "--no-color", description = "Plain output.")
    boolean noColor;

    @Override
    public Integer call() {
      var st = sandbox().status();
      var out = spec.commandLine().getOut();
      if (json) {
        out.println(Json.write(st));
        return ExitCodes.OK;
      }
      Style style = new Style(noColor);
      out.println(
          "AWS (moto server)    "
              + st.get("aws_endpoint").asText()
              + "  "
              + (st.get("aws_running").asBoolean()
                  ? style.green("running")
                  : style.red("stopped")));
      out.println(
          "Databricks emulator  "
              + st.get("databricks_host").asText()
              + "  "
              + (st.get("databricks_running").asBoolean()
                  ? style.green("running")
                  : style.red("stopped")));
      out.println("Databricks account   " + st.get("databricks_account_id").asText());
      out.println("State                " + st.get("state_dir").asText());
      return ExitCodes.OK;
    }
  }
}
