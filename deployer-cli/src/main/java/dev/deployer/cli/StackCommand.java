package dev.deployer.cli;

import dev.deployer.core.state.FileStateStore;
import dev.deployer.core.state.StateStore;
import dev.deployer.sandbox.ProjectPaths;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command on one stack: the global flags, --env, and the shared context. */
abstract class StackCommand implements Callable<Integer> {
  @Mixin GlobalOptions options;
  @Mixin EnvOption envOption;
  @Spec CommandSpec spec;
  private Cli cli;

  Cli cli() {
    Cli one = MultiStack.currentCli();
    if (one != null) {
      return one;
    }
    if (cli == null) {
      cli = new Cli(spec, options);
    }
    return cli;
  }

  @Override
  public final Integer call() {
    if (!interruptible()) {
      return run();
    }
    int code = Interrupts.cooperatively(this::run);
    return Interrupts.requested() ? Interrupts.exitCode() : code;
  }

  /**
   * Whether a first Ctrl-C lets this command finish what it has started (apply, destroy) rather
   * than ending the process at once.
   */
  boolean interruptible() {
    return false;
  }

  private Integer run() {
    try {
      checkRange("--parallelism", options.parallelism, 1, GlobalOptions.MAX_PARALLELISM);
      checkRange(
          "--stack-parallelism", envOption.stackParallelism, 1, GlobalOptions.MAX_PARALLELISM);
      if (envOption.many()) {
        return MultiStack.run(this);
      }
      if (envOption.env == null) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "Missing required option: '--env=NAME'");
      }
      return execute();
    } finally {
      if (cli != null) {
        cli.finish();
        cli.reportCalls();
      }
    }
  }

  /** A number outside its range is a usage error (exit 1, with the usage), before any work. */
  private void checkRange(String option, int value, int min, int max) {
    if (value < min || value > max) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          option + " must be between " + min + " and " + max + " (got " + value + ").");
    }
  }

  /**
   * How this command orders several stacks, or null if it works on one only. Plan, apply, destroy,
   * refresh and output override it.
   */
  dev.deployer.environments.fleet.Fleet.Order fleetOrder() {
    return null;
  }

  /** What this stack's run did, for the summary table of a many-stack command. */
  void report(dev.deployer.environments.fleet.Fleet.Result result, String changes) {
    MultiStack.report(result, changes);
  }

  /** The command itself; {@link #call} adds the API call count that -v prints. */
  abstract Integer execute();

  String env() {
    String one = MultiStack.currentStack();
    if (one != null) {
      return one;
    }
    return envOption.env;
  }

  /** The state store, without loading config or starting anything (for read-only commands). */
  FileStateStore stateStore() {
    Path dir =
        options.stateDir != null
            ? options.stateDir
            : options.sandbox
                ? cli().sandbox().stateDir()
                : ProjectPaths.workDir().resolve("state");
    return new FileStateStore(dir, env());
  }

  /** The stack's state store in its backend (local, or S3 per config or --state). */
  StateStore backendStore() {
    return cli().backends().open(env());
  }

  /**
   * Before a stack's first apply (no state yet), doctor's read-only checks: a summary line when
   * they pass, the whole report and exit 1 when one fails. Nothing when the stack has state or
   * {@code skip} is set.
   */
  int preflight(Cli c, String stack, boolean skip) {
    if (skip) {
      return ExitCodes.OK;
    }
    dev.deployer.core.state.StateStore store = c.stacks(stack).store(stack);
    // A held S3 lock (a run in progress, or the marker 'state migrate' leaves where the state
    // was) means this is not a first apply: the lock that follows says who holds it and where the
    // state went, which a doctor report about "creating everything" would hide.
    if (store.read().isPresent()
        || (store instanceof dev.deployer.cloud.state.S3StateStore s3 && s3.holder().isPresent())) {
      return ExitCodes.OK;
    }
    dev.deployer.cli.doctor.Doctor.Report r = c.doctor(stack);
    var render = new dev.deployer.cli.render.DoctorRenderer(c.style);
    // stderr: stdout may be a plan or an event stream that a program reads.
    if (r.failed()) {
      c.err.print(render.render(r, options.sandbox));
      c.err.println(
          "Error: doctor found "
              + r.count(dev.deployer.cli.doctor.Check.Status.FAIL)
              + " problem(s) before the first apply of "
              + stack
              + "; nothing was changed. Fix them, or run again with --skip-doctor.");
      c.err.flush();
      return ExitCodes.ERROR;
    }
    c.err.print(render.summary(r));
    c.err.flush();
    return ExitCodes.OK;
  }

  /** With several stacks, before anything starts: refuses flags that only make sense for one. */
  void checkMany() {}

  /**
   * With several stacks, before any runs: may add stacks (apply in the sandbox adds a missing
   * upstream).
   */
  java.util.List<String> prepareMany(java.util.List<String> names) {
    return names;
  }

  /** Whether the command prints JSON, which a many-stack run gathers into one document. */
  boolean jsonOutput() {
    return false;
  }

  /** Why this stack is left out of a many-stack run, if it is (not a failure). */
  java.util.Optional<String> skipReason(String stack) {
    return java.util.Optional.empty();
  }
}
