package dev.deployer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.core.DeployerException;
import dev.deployer.core.json.Json;
import dev.deployer.core.retry.Durations;
import dev.deployer.environments.Stacks;
import dev.deployer.environments.Target;
import dev.deployer.environments.fleet.Fleet;
import dev.deployer.environments.fleet.Fleet.Outcome;
import dev.deployer.environments.fleet.Fleet.Report;
import dev.deployer.environments.fleet.Fleet.Result;
import dev.deployer.environments.fleet.StackSet;
import dev.deployer.sandbox.ProjectPaths;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.ParameterException;

/**
 * The command line's side of a command over several stacks: picks the stacks, runs the command's
 * own one-stack code for each through {@link Fleet} (the library does the ordering, parallelism and
 * failure rules), prints each stack's output as one block when it ends, then one summary.
 */
final class MultiStack {
  private static final ThreadLocal<String> STACK = new ThreadLocal<>();
  private static final ThreadLocal<Cli> CLI = new ThreadLocal<>();
  private static final ThreadLocal<Report[]> REPORT = new ThreadLocal<>();

  /** A stack this command does not run, for a reason of its own (not a failure). */
  static final class Skip extends RuntimeException {
    Skip(String reason) {
      super(reason);
    }
  }

  private MultiStack() {}

  static String currentStack() {
    return STACK.get();
  }

  static Cli currentCli() {
    return CLI.get();
  }

  static void report(Result result, String changes) {
    Report[] slot = REPORT.get();
    if (slot != null) {
      slot[0] = new Report(result, changes);
    }
  }

  static int run(StackCommand cmd) {
    Fleet.Order order = cmd.fleetOrder();
    EnvOption e = cmd.envOption;
    if (order == null) {
      throw new ParameterException(
          cmd.spec.commandLine(),
          "'"
              + cmd.spec.name()
              + "' works on one stack: give --env NAME, without --all or commas.");
    }
    if (e.all && e.env != null) {
      throw new ParameterException(cmd.spec.commandLine(), "Give --all or --env, not both.");
    }
    if (e.stackParallelism < 1) {
      throw new ParameterException(
          cmd.spec.commandLine(), "--stack-parallelism must be at least 1.");
    }
    cmd.checkMany();
    Cli c = cmd.cli();
    List<String> names = e.all ? StackSet.all(c.configDir()) : StackSet.parse(e.env);
    // Every config is checked before anything starts or is called.
    Stacks offline =
        new Stacks(c.configDir(), ProjectPaths.workDir().resolve("state"), Target.real());
    names.forEach(offline::validate);
    c.stacks(names.get(0));
    names = cmd.prepareMany(new ArrayList<>(names));
    Map<String, Set<String>> upstreams = StackSet.upstreams(c.configDir(), names);
    boolean json = cmd.jsonOutput();
    PrintWriter human = json ? c.err : c.out;
    c.err.println(
        c.style.bold(
            cmd.spec.name()
                + " of "
                + names.size()
                + " stacks ("
                + String.join(", ", names)
                + "), at most "
                + e.stackParallelism
                + " at once."));
    Map<String, JsonNode> documents = new java.util.concurrent.ConcurrentHashMap<>();
    List<Outcome> outcomes =
        new Fleet(e.stackParallelism, Clock.systemUTC())
            .run(
                names,
                upstreams,
                order,
                stack -> runOne(cmd, c, stack, human, json, documents),
                new Fleet.Listener() {
                  @Override
                  public void started(String stack) {
                    synchronized (c.out) {
                      c.err.println(c.style.faint("Started " + stack + "."));
                      c.err.flush();
                    }
                  }

                  @Override
                  public void finished(Outcome o) {
                    if (o.result() == Result.SKIPPED && o.detail().startsWith("not run: ")) {
                      synchronized (c.out) {
                        c.err.println(c.style.yellow("Skipped " + o.stack() + ": " + o.detail()));
                        c.err.flush();
                      }
                    }
                  }
                });
    if (json) {
      c.out.println(Json.write(document(outcomes, documents)));
    }
    human.println();
    human.print(table(c, outcomes));
    human.flush();
    boolean failed =
        outcomes.stream()
            .anyMatch(
                o ->
                    o.result() == Result.FAILED
                        || o.result() == Result.SKIPPED && o.detail().startsWith("not run: "));
    if (failed) {
      return ExitCodes.ERROR;
    }
    return outcomes.stream().anyMatch(o -> o.result() == Result.CHANGES)
        ? ExitCodes.CHANGES
        : ExitCodes.OK;
  }

  private static Report runOne(
      StackCommand cmd,
      Cli parent,
      String stack,
      PrintWriter human,
      boolean json,
      Map<String, JsonNode> documents) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Cli mine = new Cli(parent, new PrintWriter(out, true), new PrintWriter(err, true));
    Report[] slot = new Report[1];
    STACK.set(stack);
    CLI.set(mine);
    REPORT.set(slot);
    int rc;
    RuntimeException failure = null;
    try {
      cmd.skipReason(stack)
          .ifPresent(
              r -> {
                throw new Skip(r);
              });
      rc = cmd.execute();
    } catch (Skip s) {
      printBlock(parent, human, stack, "", "Skipped: " + s.getMessage() + "\n");
      return new Report(Result.SKIPPED, "", s.getMessage());
    } catch (RuntimeException ex) {
      rc = ExitCodes.ERROR;
      failure = ex;
      mine.err.println("Error: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
    } finally {
      STACK.remove();
      CLI.remove();
      REPORT.remove();
    }
    mine.out.flush();
    mine.err.flush();
    if (json && rc != ExitCodes.ERROR) {
      try {
        documents.put(stack, Json.mapper().readTree(out.toString()));
      } catch (IOException ex) {
        throw new DeployerException("stack " + stack + " printed no JSON: " + ex.getMessage(), ex);
      }
    }
    printBlock(parent, human, stack, json ? "" : out.toString(), err.toString());
    if (rc == ExitCodes.ERROR) {
      String why =
          failure != null && failure.getMessage() != null
              ? failure.getMessage()
              : lastLine(err.toString());
      throw new DeployerException(why.strip().split("\n")[0]);
    }
    Report r = slot[0] != null ? slot[0] : new Report(Result.OK, "");
    return rc == ExitCodes.CHANGES ? new Report(Result.CHANGES, r.changes()) : r;
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines.length == 0 || lines[0].isEmpty() ? "failed" : lines[lines.length - 1];
  }

  private static void printBlock(Cli c, PrintWriter human, String stack, String out, String err) {
    synchronized (c.out) {
      human.println();
      human.println(
          c.style.bold("── " + stack + " " + "─".repeat(Math.max(3, 60 - stack.length()))));
      human.print(out);
      human.flush();
      c.err.print(err);
      c.err.flush();
    }
  }

  private static ObjectNode document(List<Outcome> outcomes, Map<String, JsonNode> documents) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("format_version", 1);
    ArrayNode stacks = root.putArray("stacks");
    for (Outcome o : outcomes) {
      ObjectNode s = stacks.addObject();
      s.put("stack", o.stack());
      s.put("result", o.result().label());
      s.put("changes", o.changes());
      s.put("duration_ms", o.duration().toMillis());
      if (!o.detail().isEmpty()) {
        s.put("error", o.detail());
      }
      Optional.ofNullable(documents.get(o.stack())).ifPresent(d -> s.set("output", d));
    }
    return root;
  }

  static String table(Cli c, List<Outcome> outcomes) {
    int w = Math.max(5, outcomes.stream().mapToInt(o -> o.stack().length()).max().orElse(5));
    int cw = Math.max(7, outcomes.stream().mapToInt(o -> o.changes().length()).max().orElse(7));
    StringBuilder sb = new StringBuilder();
    sb.append(
            c.style.bold(
                pad("Stack", w)
                    + "  "
                    + pad("Result", 8)
                    + "  "
                    + pad("Changes", cw)
                    + "  Duration"))
        .append('\n');
    for (Outcome o : outcomes) {
      String result = pad(o.result().label(), 8);
      result =
          switch (o.result()) {
            case OK -> c.style.green(result);
            case CHANGES -> c.style.yellow(result);
            case FAILED -> c.style.red(result);
            case SKIPPED -> c.style.yellow(result);
          };
      sb.append(pad(o.stack(), w))
          .append("  ")
          .append(result)
          .append("  ")
          .append(pad(o.changes(), cw))
          .append("  ")
          .append(
              o.result() == Result.SKIPPED && o.duration().isZero()
                  ? "-"
                  : Durations.human(o.duration()));
      if (!o.detail().isEmpty()) {
        sb.append("  ").append(o.detail());
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String pad(String s, int w) {
    return s.length() >= w ? s : s + " ".repeat(w - s.length());
  }
}
