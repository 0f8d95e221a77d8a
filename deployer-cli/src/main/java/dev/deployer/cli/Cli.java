package dev.deployer.cli;

import dev.deployer.cli.render.ConsoleListener;
import dev.deployer.cli.render.JsonEvents;
import dev.deployer.cli.render.LiveProgress;
import dev.deployer.cli.render.Style;
import dev.deployer.cli.sandbox.Sandbox;
import dev.deployer.core.ApiCalls;
import dev.deployer.core.Engine;
import dev.deployer.core.EngineListener;
import dev.deployer.core.EngineRuntime;
import dev.deployer.environments.LoadedStack;
import dev.deployer.environments.Stacks;
import dev.deployer.environments.StateBackends;
import dev.deployer.environments.Target;
import dev.deployer.sandbox.ProjectPaths;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/** What a command needs, built from its options in one place: writers, style, stacks, engine. */
final class Cli {
  final PrintWriter out;
  final PrintWriter err;
  final Style style;
  final GlobalOptions options;

  /** Every API call of this run, printed with -v. */
  final ApiCalls calls = new ApiCalls();

  private Stacks stacks;

  Cli(CommandSpec spec, GlobalOptions options) {
    this.out = spec.commandLine().getOut();
    this.err = spec.commandLine().getErr();
    this.options = options;
    this.style = new Style(options.noColor);
  }

  /** The same run's context for one stack of several, writing to that stack's own buffers. */
  Cli(Cli parent, PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
    this.options = parent.options;
    this.style = parent.style;
    this.stacks = parent.stacks;
    // Buffered per stack and printed whole: no live block.
    this.buffered = true;
  }

  private boolean buffered;
  private final java.util.List<LiveProgress> live = new java.util.ArrayList<>();

  /** Takes down any live progress block (the command is over). */
  void finish() {
    live.forEach(LiveProgress::close);
    live.clear();
  }

  Path configDir() {
    return options.configDir != null
        ? options.configDir
        : ProjectPaths.root().resolve("environments/config");
  }

  Sandbox sandbox() {
    return new Sandbox(ProjectPaths.workDir());
  }

  /** Checks the config first (no process started, no API call on bad input), then the target. */
  Stacks stacks(String env) {
    if (stacks == null) {
      Target target = Target.real();
      Path stateDir = ProjectPaths.workDir().resolve("state");
      new Stacks(configDir(), stateDir, target).validate(env);
      if (options.sandbox) {
        Sandbox s = sandbox();
        for (String started : s.up(msg -> err.println(msg))) {
          err.println(style.faint("Started the sandbox's " + started + " emulator."));
        }
        target = s.target();
        stateDir = s.stateDir();
      }
      if (options.stateDir != null) {
        stateDir = options.stateDir;
      }
      stacks =
          new Stacks(
              configDir(),
              stateDir,
              target,
              calls,
              new StateBackends(configDir(), stateDir, target, Optional.ofNullable(options.state)));
      stacks.onProgress(msg -> err.println(style.faint(msg)));
    }
    return stacks;
  }

  /**
   * The state stores without loading config or starting anything (read-only commands, state edits):
   * the same choice of backend as {@link #stacks}.
   */
  StateBackends backends() {
    if (stacks != null) {
      return stacks.backends();
    }
    Path dir =
        options.stateDir != null
            ? options.stateDir
            : options.sandbox ? sandbox().stateDir() : ProjectPaths.workDir().resolve("state");
    Target target = options.sandbox ? sandbox().target() : Target.real();
    return new StateBackends(configDir(), dir, target, Optional.ofNullable(options.state));
  }

  LoadedStack open(String env) {
    return stacks(env).open(env);
  }

  /** With -v, says how many API calls the run made (the benchmarks read this line). */
  void reportCalls() {
    if (options.verbose) {
      err.println("API calls: " + calls.summary());
    }
  }

  /** Doctor's read-only checks of a stack (and of common, when that will be applied first). */
  dev.deployer.cli.doctor.Doctor.Report doctor(String env) {
    return dev.deployer.cli.doctor.Doctor.run(stacks(env), configDir(), env, options.parallelism);
  }

  /** Set by apply and destroy with --json: the engine's events go to stdout as JSON lines. */
  boolean jsonEvents;

  ConsoleListener listener() {
    return new ConsoleListener(out, err, style, options.verbose);
  }

  JsonEvents events(String stack) {
    return new JsonEvents(out, java.time.Clock.systemUTC(), stack);
  }

  Engine engine(LoadedStack stack) {
    EngineListener listener;
    if (jsonEvents) {
      listener = events(stack.name());
    } else if (!buffered && LiveProgress.terminal(options.noColor)) {
      LiveProgress p =
          new LiveProgress(
              out, listener(), style, java.time.Clock.systemUTC(), LiveProgress.columns());
      live.add(p);
      listener = p;
    } else {
      listener = listener();
    }
    return new Engine(
        EngineRuntime.system(options.parallelism, listener)
            .withCancellation(Interrupts.cancellation()),
        stack.catalogue());
  }
}
