package dev.deployer.cli;

import dev.deployer.sandbox.ProjectPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the built deployer jar as a separate process, as a user would. */
final class CliProcess {
  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  private final Map<String, String> env = new HashMap<>();
  private final Path workDir;

  CliProcess(Path workDir) {
    this.workDir = workDir;
    env.put("DEPLOYER_HOME", ProjectPaths.root().toString()); // shares the project virtualenv
    env.put("NO_COLOR", "1");
  }

  /** A copy with one more variable, for running two processes that differ in it at once. */
  CliProcess withEnv(String k, String v) {
    CliProcess c = new CliProcess(workDir);
    c.env.putAll(env);
    c.env.put(k, v);
    return c;
  }

  /** The variables the process gets, for a test that starts it another way (a pseudo-terminal). */
  Map<String, String> environment() {
    return Map.copyOf(env);
  }

  CliProcess env(String k, String v) {
    env.put(k, v);
    return this;
  }

  static Path jar() {
    Path jar = ProjectPaths.root().resolve("deployer-cli/target/deployer.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException("build the jar first (mvn package): " + jar);
    }
    return jar;
  }

  /**
   * A deployer process started by {@link #start} or {@link #run}, still running or finished, with
   * its output captured in {@code out} and {@code err}.
   */
  record Running(Process process, Path out, Path err) {
    boolean alive() {
      return process.isAlive();
    }

    /** What it has printed on stdout so far. */
    String stdout() {
      try {
        return Files.readString(out, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    }

    /** Sends SIGINT, as Ctrl-C in a terminal does (Process.destroy sends SIGTERM). */
    void signal(String name) {
      try {
        Process kill =
            new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                .redirectErrorStream(true)
                .start();
        kill.getInputStream().readAllBytes();
        kill.waitFor(10, TimeUnit.SECONDS);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    Result await() {
      return await("deployer");
    }

    /** Waits (5 minutes at most) for the process to end; {@code what} names it in the error. */
    Result await(String what) {
      try {
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
          process.destroyForcibly();
          throw new AssertionError(what + " did not finish in 5 minutes");
        }
        return new Result(
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * Starts deployer without waiting. SIGINT is reset to its default first (through Python, which
   * the sandbox needs anyway): a process started from a non-interactive shell's background job
   * inherits SIGINT ignored, and the JVM keeps an ignored signal ignored, as nohup intends.
   */
  Running start(String... args) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "python3",
                "-c",
                "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL);"
                    + " os.execv(sys.argv[1], sys.argv[1:])"));
    cmd.addAll(javaDeployer(args));
    return launch(cmd);
  }

  /**
   * The java command line of the CLI jar with {@code args}. C1 only, as every test JVM (root pom's
   * argLine): JIT compilation was most of a CLI process's CPU, and the CLI ITs are CPU-bound on two
   * cores (an IT's CLI processes: 74 -> 44 CPU s). Users' launcher keeps the JVM's defaults.
   */
  private List<String> javaDeployer(String... args) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-jar",
                jar().toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** The process with its output captured in files of the work dir and no input. */
  private Running launch(List<String> cmd) {
    try {
      Path out = Files.createTempFile(workDir, "out", ".txt");
      Path err = Files.createTempFile(workDir, "err", ".txt");
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .directory(workDir.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      pb.environment().putAll(env);
      return new Running(pb.start(), out, err);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  Result run(String... args) {
    return launch(javaDeployer(args)).await("deployer " + String.join(" ", args));
  }
}
