package dev.deployer.sandbox;

import dev.deployer.core.DeployerException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A project-local virtualenv holding a Python program at pinned versions: moto server ({@code
 * sandbox/moto-requirements.txt}) or LocalStack's runtime ({@code
 * sandbox/localstack-requirements.txt}, every dependency pinned with its hash). Created on first
 * use; re-created when the pins change. A file lock keeps two processes (a test run and a sandbox
 * start) from installing at once.
 */
public final class PythonVenv {
  /**
   * Which program a venv holds: its pinned requirements (a class path resource), the executable
   * that shows it is installed, the Python that makes the venv, pip's extra options, its name in
   * messages, and what to tell when the venv cannot be set up.
   */
  private record Program(
      String requirements,
      String executable,
      Supplier<String> python,
      List<String> pipOptions,
      String what,
      String setupHint) {}

  private static final Program MOTO =
      new Program(
          "/sandbox/moto-requirements.txt",
          "moto_server",
          () -> System.getenv().getOrDefault("DEPLOYER_PYTHON", "python3"),
          List.of(),
          "moto server",
          ". Python 3.9+ with the venv module must be installed (set DEPLOYER_PYTHON to"
              + " choose one).");

  /**
   * LocalStack's runtime ({@code localstack-core}), which needs Python 3.13 (the lock file's hashes
   * are for it).
   */
  private static final Program LOCALSTACK =
      new Program(
          "/sandbox/localstack-requirements.txt",
          "python",
          PythonVenv::python313,
          // --no-compile: byte-compiling its thousands of modules took most of the install (71 s
          // without against 178 to 266 s with, on a loaded machine); Python caches what it imports.
          List.of("--require-hashes", "--no-deps", "--no-compile"),
          "LocalStack",
          ". LocalStack needs Python 3.13 with the venv module (pyenv install 3.13, or set"
              + " DEPLOYER_LOCALSTACK_PYTHON to one).");

  private final Path dir;
  private final Program program;

  public PythonVenv(Path dir) {
    this(dir, MOTO);
  }

  private PythonVenv(Path dir, Program program) {
    this.dir = dir;
    this.program = program;
  }

  public static PythonVenv projectDefault() {
    return new PythonVenv(ProjectPaths.workDir().resolve("venv"));
  }

  /**
   * LocalStack's runtime: Python from {@code DEPLOYER_LOCALSTACK_PYTHON}, else the newest 3.13
   * under {@code pyenv root}, else {@code python3.13} on the path.
   */
  public static PythonVenv localStack() {
    return new PythonVenv(ProjectPaths.workDir().resolve("localstack-venv"), LOCALSTACK);
  }

  static String python313() {
    String env = System.getenv("DEPLOYER_LOCALSTACK_PYTHON");
    if (env != null && !env.isBlank()) {
      return env;
    }
    List<Path> roots = new ArrayList<>();
    String pyenvRoot = System.getenv("PYENV_ROOT");
    if (pyenvRoot != null && !pyenvRoot.isBlank()) {
      roots.add(Path.of(pyenvRoot));
    }
    try {
      Process p = new ProcessBuilder("pyenv", "root").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isEmpty()) {
        roots.add(Path.of(out));
      }
    } catch (IOException e) {
      // no pyenv on the path; try its usual home
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    roots.add(Path.of(System.getProperty("user.home"), ".pyenv"));
    for (Path root : roots) {
      Path versions = root.resolve("versions");
      if (!Files.isDirectory(versions)) {
        continue;
      }
      try (Stream<Path> s = Files.list(versions)) {
        Optional<Path> best =
            s.filter(v -> v.getFileName().toString().matches("3\\.13\\.\\d+"))
                .filter(v -> Files.isExecutable(v.resolve("bin/python3")))
                .max(
                    Comparator.comparingInt(
                        v -> Integer.parseInt(v.getFileName().toString().substring(5))));
        if (best.isPresent()) {
          return best.get().resolve("bin/python3").toString();
        }
      } catch (IOException e) {
        // unreadable; try the next root
      }
    }
    return "python3.13";
  }

  public Path bin(String name) {
    return dir.resolve("bin").resolve(name);
  }

  /** Makes sure the program is installed at the pinned versions; returns the venv directory. */
  public Path ensure(java.util.function.Consumer<String> say) {
    byte[] reqs = requirements();
    String digest = sha256(reqs);
    Path marker = dir.resolve(".deployer-requirements.sha256");
    try {
      Files.createDirectories(dir.getParent());
      try (FileChannel ch =
              FileChannel.open(
                  dir.getParent().resolve(dir.getFileName() + ".lock"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          FileLock ignored = ch.lock()) {
        if (Files.exists(marker)
            && Files.readString(marker).trim().equals(digest)
            && Files.isExecutable(bin(program.executable()))) {
          return dir;
        }
        say.accept(
            "Installing " + program.what() + " into " + dir + " (first use; about a minute)...");
        run(List.of(program.python().get(), "-m", "venv", "--clear", dir.toString()));
        Path reqFile = dir.resolve("requirements.txt");
        Files.write(reqFile, reqs);
        List<String> pip =
            new ArrayList<>(
                List.of(bin("pip").toString(), "install", "--disable-pip-version-check", "-q"));
        pip.addAll(program.pipOptions());
        pip.addAll(List.of("-r", reqFile.toString()));
        run(pip);
        Files.writeString(marker, digest);
        return dir;
      }
    } catch (IOException e) {
      throw new DeployerException(
          "Cannot set up the Python virtualenv in "
              + dir
              + ": "
              + e.getMessage()
              + program.setupHint(),
          e);
    }
  }

  private static void run(List<String> cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IOException("'" + String.join(" ", cmd) + "' failed:\n" + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted");
    }
  }

  private byte[] requirements() {
    try (InputStream in = PythonVenv.class.getResourceAsStream(program.requirements())) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + program.requirements());
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
