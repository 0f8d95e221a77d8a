package dev.deployer.cli;

import dev.deployer.cli.render.JsonEvents;
import dev.deployer.cli.render.PlanRenderer;
import dev.deployer.core.DeployerException;
import dev.deployer.core.Engine;
import dev.deployer.core.apply.ApplyResult;
import dev.deployer.core.plan.Plan;
import dev.deployer.core.retry.Durations;
import dev.deployer.environments.LoadedStack;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "apply",
    description = "Plan, show the plan, ask, then make the changes. Or apply a saved plan.")
class ApplyCommand extends StackCommand {
  @Parameters(
      arity = "0..1",
      paramLabel = "PLAN_FILE",
      description = "A plan saved by 'plan --out'.")
  Path planFile;

  @Option(names = "--auto-approve", description = "Do not ask for confirmation.")
  boolean autoApprove;

  @Option(
      names = "--json",
      description =
          "Print events as JSON, one object per line (docs/json-events.md); needs --auto-approve"
              + " or a saved plan.")
  boolean json;

  @Option(
      names = "--allow-destroy",
      paramLabel = "ADDRESS",
      description =
          "Let apply delete or replace this resource although the plan marks it '# destroys"
              + " data' (repeatable). The config's allow_destroy list does the same.")
  java.util.List<String> allowDestroy = new java.util.ArrayList<>();

  @Option(
      names = "--skip-doctor",
      description = "Do not run doctor's checks before the stack's first apply.")
  boolean skipDoctor;

  boolean destroyMode() {
    return false;
  }

  // Read before anything else: a bad plan file is bad input, refused with no API call.
  private PlanFile saved;

  @Override
  Integer execute() {
    if (planFile != null && saved == null) {
      saved = PlanFile.read(planFile);
    }
    Cli c = cli();
    if (json && planFile == null && !autoApprove) {
      throw new DeployerException(
          "--json cannot ask for confirmation: add --auto-approve, or apply a plan saved by"
              + " 'plan --out'.");
    }
    c.jsonEvents = json;
    // With --json, stdout carries only events; what is said to a person goes to stderr.
    java.io.PrintWriter say = json ? c.err : c.out;
    int pre = preflight(c, env(), skipDoctor || destroyMode() || planFile != null);
    if (pre != ExitCodes.OK) {
      return pre;
    }
    if (options.sandbox && !destroyMode() && planFile == null) {
      // In the sandbox, a stack whose upstream (the common stack) is missing gets it first, so
      // one command deploys an environment on a fresh clone.
      for (String upstream : c.stacks(env()).missingUpstream(env())) {
        say.println(
            c.style.bold(
                    "Stack "
                        + env()
                        + " reads outputs of stack "
                        + upstream
                        + ", which the sandbox does not have yet: applying "
                        + upstream
                        + " first.")
                + "\n");
        int rc = applyStack(c, upstream);
        if (rc != ExitCodes.OK) {
          return rc;
        }
        say.println("\n" + c.style.bold("Now stack " + env() + ".") + "\n");
      }
    }
    return applyStack(c, env());
  }

  private int applyStack(Cli c, String name) {
    try (LoadedStack stack = c.open(name)) {
      Engine engine = c.engine(stack);
      String op = destroyMode() ? "destroy" : "apply";
      JsonEvents events = json ? c.events(stack.name()) : null;
      if (events != null) {
        events.runStarted(op, options.sandbox);
      }
      try {
        return engine.locked(stack.store(), op, () -> run(c, stack, engine, events));
      } catch (RuntimeException e) {
        if (events != null) {
          events.runError(op, e.getMessage() == null ? e.toString() : e.getMessage());
        }
        throw e;
      }
    }
  }

  private int run(Cli c, LoadedStack stack, Engine engine, JsonEvents events) {
    Plan plan;
    if (saved != null) {
      PlanFile pf = saved;
      if (!pf.stack().equals(stack.name()) || pf.sandbox() != options.sandbox) {
        throw new DeployerException(
            "The plan in "
                + planFile
                + " is for stack "
                + pf.stack()
                + (pf.sandbox() ? " in the sandbox" : "")
                + ", not for this run.");
      }
      if (!pf.configSha256().equals(PlanFile.digest(stack.configFile()))) {
        throw new DeployerException(
            "The plan in "
                + planFile
                + " was made from a different "
                + stack.configFile()
                + "; run plan again.");
      }
      plan = pf.plan();
    } else {
      plan = engine.plan(stack.definition(), stack.store(), destroyMode());
    }
    Engine.refuseProtected(plan, configList(stack, "protect"));
    if (Interrupts.requested()) {
      c.err.println(
          (destroyMode() ? "Destroy" : "Apply")
              + " interrupted ("
              + Interrupts.signalName()
              + ") before any change: nothing was done to stack "
              + stack.name()
              + "; the lock is released.");
      return Interrupts.exitCode();
    }
    if (events != null) {
      events.plan(plan);
    } else {
      c.out.print(new PlanRenderer(c.style).render(plan));
    }
    java.util.Set<String> allowed = allowedToDestroy(stack);
    // Before the prompt: a yes must not be asked for a plan that apply would refuse.
    Engine.refuseDataLoss(plan, allowed);
    if (plan.hasChanges() && saved == null && !autoApprove && !confirm(c, stack.name())) {
      c.err.println((destroyMode() ? "Destroy" : "Apply") + " cancelled.");
      return Interrupts.requested() ? Interrupts.exitCode() : ExitCodes.ERROR;
    }
    if (plan.hasChanges() && events == null) {
      c.out.println();
    }
    ApplyResult result = engine.apply(stack.definition(), plan, stack.store(), allowed);
    if (events != null) {
      events.runSummary(destroyMode() ? "destroy" : "apply", plan, result);
    }
    if (Interrupts.requested()) {
      return interrupted(c, stack.name(), result, events != null);
    }
    if (!result.succeeded()) {
      StringBuilder sb = new StringBuilder();
      for (ApplyResult.Failure f : result.failures()) {
        c.err.println(c.style.red("Error: ") + f.describe() + ErrorDetail.of(f.error()));
        if (options.verbose) {
          f.error().printStackTrace(c.err);
        }
      }
      sb.append(result.failures().size())
          .append(" operation")
          .append(result.failures().size() == 1 ? "" : "s")
          .append(" failed; ")
          .append(result.skipped().size())
          .append(" not started because of them. ")
          .append("State was saved after every finished operation: fix the cause and run ")
          .append(destroyMode() ? "destroy" : "apply")
          .append(" again.");
      c.err.println(sb);
      (events != null ? c.err : c.out)
          .println(
              c.style.red("Incomplete: ")
                  + summary(result).replaceFirst("^[A-Za-z]+ complete! ", ""));
      return ExitCodes.ERROR;
    }
    if (plan.hasChanges() && events == null) {
      c.out.println(c.style.green(c.style.bold(summary(result))));
    }
    report(
        dev.deployer.environments.fleet.Fleet.Result.OK,
        !plan.hasChanges()
            ? "no changes"
            : destroyMode()
                ? result.destroyed() + " destroyed"
                : result.added()
                    + " added, "
                    + result.changed()
                    + " changed, "
                    + result.destroyed()
                    + " destroyed");
    if (events == null) {
      printOutputs(c, result.state().outputs());
    }
    return ExitCodes.OK;
  }

  /**
   * After a first Ctrl-C or SIGTERM: the calls in flight have finished and are in the state; say
   * what was done and what was not started. The caller releases the lock on the way out.
   */
  private int interrupted(Cli c, String name, ApplyResult result, boolean jsonEvents) {
    for (ApplyResult.Failure f : result.failures()) {
      c.err.println(c.style.red("Error: ") + f.describe() + ErrorDetail.of(f.error()));
    }
    String verb = destroyMode() ? "destroy" : "apply";
    // With --json, stdout carries only the event stream (its run summary says the same).
    (jsonEvents ? c.err : c.out)
        .println(
            c.style.red("Interrupted (" + Interrupts.signalName() + "): ")
                + "Resources: "
                + (destroyMode()
                    ? result.destroyed() + " destroyed, "
                    : result.added()
                        + " added, "
                        + result.changed()
                        + " changed, "
                        + result.destroyed()
                        + " destroyed, ")
                + result.skipped().size()
                + " not started"
                + (result.failures().isEmpty() ? "" : ", " + result.failures().size() + " failed")
                + ". ("
                + Durations.human(result.elapsed())
                + ")");
    c.err.println(
        "The calls in flight finished and the state of stack "
            + name
            + " records them; the lock is released. Run "
            + verb
            + " again to finish.");
    report(dev.deployer.environments.fleet.Fleet.Result.FAILED, "interrupted");
    return Interrupts.exitCode();
  }

  @Override
  boolean interruptible() {
    return true;
  }

  /** The addresses given with --allow-destroy and those in the config's allow_destroy list. */
  private java.util.Set<String> allowedToDestroy(LoadedStack stack) {
    java.util.Set<String> allowed = new java.util.TreeSet<>(allowDestroy);
    allowed.addAll(configList(stack, "allow_destroy"));
    return allowed;
  }

  /** The addresses a list of the stack's config names (allow_destroy, protect). */
  static java.util.Set<String> configList(LoadedStack stack, String field) {
    java.util.Set<String> listed = new java.util.TreeSet<>();
    try {
      com.fasterxml.jackson.databind.JsonNode config =
          dev.deployer.core.json.Json.mapper().readTree(stack.configFile().toFile());
      config.path(field).forEach(a -> listed.add(a.asText()));
    } catch (IOException e) {
      throw new DeployerException(
          "Cannot read " + stack.configFile() + ": " + dev.deployer.core.json.JsonErrors.reason(e),
          e);
    }
    return listed;
  }

  private String summary(ApplyResult r) {
    if (destroyMode()) {
      return "Destroy complete! Resources: "
          + r.destroyed()
          + " destroyed. ("
          + Durations.human(r.elapsed())
          + ")";
    }
    return "Apply complete! Resources: "
        + r.added()
        + " added, "
        + r.changed()
        + " changed, "
        + r.destroyed()
        + " destroyed. ("
        + Durations.human(r.elapsed())
        + ")";
  }

  private static void printOutputs(Cli c, Map<String, Object> outputs) {
    if (outputs.isEmpty()) {
      return;
    }
    c.out.println("\nOutputs:\n");
    outputs.forEach((k, v) -> c.out.println(k + " = " + OutputCommand.render(v)));
  }

  private boolean confirm(Cli c, String name) {
    c.out.println();
    c.out.println(
        c.style.bold(
            destroyMode()
                ? "Do you really want to destroy all resources of " + name + "?"
                : "Do you want to perform these actions in " + name + "?"));
    c.out.println("  Only 'yes' will be accepted to approve.");
    c.out.print("\n  Enter a value: ");
    c.out.flush();
    try {
      String line = readLineUnlessInterrupted();
      if (Interrupts.requested()) {
        c.out.println();
        return false;
      }
      if (line == null) {
        throw new DeployerException(
            "No answer to the confirmation prompt (standard input is closed). "
                + "Run with --auto-approve to skip it.");
      }
      return line.trim().equals("yes");
    } catch (IOException e) {
      throw new DeployerException("Cannot read the confirmation: " + e.getMessage(), e);
    }
  }

  /**
   * The answer to the prompt, or null once a Ctrl-C comes: the read blocks in a thread of its own,
   * so the interrupt can end the wait (and the run then releases its lock).
   */
  private static String readLineUnlessInterrupted() throws IOException {
    java.util.concurrent.CompletableFuture<String> answer =
        new java.util.concurrent.CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                answer.complete(
                    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                        .readLine());
              } catch (IOException e) {
                answer.completeExceptionally(e);
              }
            },
            "confirmation");
    reader.setDaemon(true);
    reader.start();
    Interrupts.cancellation().onRequest(() -> answer.complete(null));
    try {
      return answer.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
  }

  @Override
  dev.deployer.environments.fleet.Fleet.Order fleetOrder() {
    return destroyMode()
        ? dev.deployer.environments.fleet.Fleet.Order.DEPENDENTS_FIRST
        : dev.deployer.environments.fleet.Fleet.Order.UPSTREAM_FIRST;
  }

  @Override
  void checkMany() {
    String verb = destroyMode() ? "destroy" : "apply";
    if (json) {
      throw new DeployerException(
          "--json streams the events of one stack; with several, run "
              + verb
              + " --json per"
              + " stack.");
    }
    if (planFile != null) {
      throw new DeployerException(
          "A saved plan is for one stack; " + verb + " it with --env NAME.");
    }
    if (!autoApprove) {
      throw new DeployerException(
          verb
              + " of several stacks runs them in parallel and cannot ask for each: review them"
              + " with 'plan' and run again with --auto-approve.");
    }
  }

  @Override
  java.util.List<String> prepareMany(java.util.List<String> names) {
    if (options.sandbox && !destroyMode()) {
      // As for one stack: in the sandbox a missing upstream (common) is applied too, first.
      java.util.List<String> out = new java.util.ArrayList<>(names);
      for (String n : names) {
        for (String up : cli().stacks(n).missingUpstream(n)) {
          if (!out.contains(up)) {
            out.add(0, up);
            cli()
                .err
                .println("Adding stack " + up + ", which " + n + " reads and the sandbox lacks.");
          }
        }
      }
      return out;
    }
    return names;
  }
}
