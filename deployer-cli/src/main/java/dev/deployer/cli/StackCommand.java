package dev.deployer.cli;

import dev.deployer.core.sandbox.ProjectPaths;
import dev.deployer.core.state.FileStateStore;
import dev.deployer.core.state.StateStore;
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
    if (cli == null) {
      cli = new Cli(spec, options);
    }
    return cli;
  }

  @Override
  public final Integer call() {
    try {
      return execute();
    } finally {
      if (cli != null) {
        cli.reportCalls();
      }
    }
  }

  /** The command itself; {@link #call} adds the API call count that -v prints. */
  abstract Integer execute();

  String env() {
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
}
