package dev.deployer.core.sandbox;

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
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The project-local virtualenv holding moto server at pinned versions ({@code
 * sandbox/moto-requirements.txt}). Created on first use; re-created when the pins change. A file
 * lock keeps two processes (a test run and a sandbox start) from installing at once.
 */
public final class PythonVenv {
  private static final String REQUIREMENTS = "/sandbox/moto-requirements.txt";
  private final Path dir;

  public PythonVenv(Path dir) {
    this.dir = dir;
  }

  public static PythonVenv projectDefault() {
    return new PythonVenv(ProjectPaths.workDir().resolve("venv"));
  }

  public Path bin(String name) {
    return dir.resolve("bin").resolve(name);
  }

  /** Makes sure moto server is installed at the pinned versions; returns the venv directory. */
  public Path ensure(java.util.function.Consumer<String> say) {
    byte[] reqs = requirements();
    String digest = sha256(reqs);
    Path marker = dir.resolve(".deployer-requirements.sha256");
    try {
      Files.createDirectories(dir.getParent());
      try (FileChannel ch =
              FileChannel.open(
                  dir.getParent().resolve("venv.lock"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          FileLock ignored = ch.lock()) {
        if (Files.exists(marker)
            && Files.readString(marker).trim().equals(digest)
            && Files.isExecutable(bin("moto_server"))) {
          return dir;
        }
        say.accept("Installing moto server into " + dir + " (first use; about a minute)...");
        String python = System.getenv().getOrDefault("DEPLOYER_PYTHON", "python3");
        run(List.of(python, "-m", "venv", "--clear", dir.toString()));
        Path reqFile = dir.resolve("requirements.txt");
        Files.write(reqFile, reqs);
        run(
            List.of(
                bin("pip").toString(),
                "install",
                "--disable-pip-version-check",
                "-q",
                "-r",
                reqFile.toString()));
        Files.writeString(marker, digest);
        return dir;
      }
    } catch (IOException e) {
      throw new DeployerException(
          "Cannot set up the Python virtualenv in "
              + dir
              + ": "
              + e.getMessage()
              + ". Python 3.9+ with the venv module must be installed (set DEPLOYER_PYTHON to choose one).",
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

  private static byte[] requirements() {
    try (InputStream in = PythonVenv.class.getResourceAsStream(REQUIREMENTS)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + REQUIREMENTS);
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
