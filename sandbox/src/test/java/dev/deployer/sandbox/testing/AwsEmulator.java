package dev.deployer.sandbox.testing;

import dev.deployer.sandbox.LocalStackServer;
import dev.deployer.sandbox.MotoServer;
import dev.deployer.sandbox.ProjectPaths;
import dev.deployer.sandbox.PythonVenv;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;

/**
 * The AWS endpoint integration tests talk to, chosen as ARCHITECTURE.md B says: {@code
 * AWS_EMULATOR_ENDPOINT} if set; else LocalStack through Testcontainers when {@code
 * DEPLOYER_IT_LOCALSTACK=1} and Docker is there; else {@code DEPLOYER_IT_AWS}: {@code localstack}
 * runs LocalStack's own runtime on the host from the project's locked virtualenv (the poms set this
 * for modules-cloud and the CLI), {@code moto} (the default) moto server from the project
 * virtualenv. Each on a free loopback port, one per test JVM, stopped when the JVM exits; tests
 * call {@link #reset()}. The first use prints which emulator and version it is.
 */
public final class AwsEmulator {
  public static final String REGION = "us-east-1";
  public static final String ACCESS_KEY = "testing";
  public static final String SECRET_KEY = "testing";

  private static AwsEmulator shared;

  private final String endpoint;
  private final Kind kind;

  private enum Kind {
    EXTERNAL,
    LOCALSTACK,
    LOCALSTACK_HOST,
    MOTO
  }

  private AwsEmulator(String endpoint, Kind kind) {
    this.endpoint = endpoint;
    this.kind = kind;
  }

  public static synchronized AwsEmulator shared() {
    if (shared == null) {
      shared = startOne();
    }
    return shared;
  }

  private static AwsEmulator startOne() {
    String external = System.getenv("AWS_EMULATOR_ENDPOINT");
    if (external != null && !external.isBlank()) {
      return new AwsEmulator(external.replaceAll("/+$", ""), Kind.EXTERNAL);
    }
    if ("1".equals(System.getenv("DEPLOYER_IT_LOCALSTACK"))) {
      String ls = LocalStackSupport.startIfDockerAvailable();
      if (ls != null) {
        say("AWS emulator: LocalStack (Testcontainers) at " + ls);
        return new AwsEmulator(ls, Kind.LOCALSTACK);
      }
    }
    String wanted = System.getenv().getOrDefault("DEPLOYER_IT_AWS", "moto");
    Path logs = ProjectPaths.workDir().resolve("it-logs");
    int port = freePort();
    if (wanted.equals("localstack")) {
      long t0 = System.nanoTime();
      Path venv = PythonVenv.localStack().ensure(System.err::println);
      long t1 = System.nanoTime();
      LocalStackServer ls =
          LocalStackServer.start(
              venv,
              port,
              ProjectPaths.workDir().resolve("localstack").resolve(Integer.toString(port)),
              logs.resolve("localstack-" + port + ".log"));
      Runtime.getRuntime().addShutdownHook(new Thread(ls::stop));
      say(
          String.format(
              "AWS emulator: LocalStack %s (host runtime, pid %d) at %s; venv ready in %.1f s,"
                  + " started in %.1f s",
              ls.version(),
              ls.pid(),
              ls.endpoint(),
              (t1 - t0) / 1e9,
              (System.nanoTime() - t1) / 1e9));
      return new AwsEmulator(ls.endpoint(), Kind.LOCALSTACK_HOST);
    }
    if (!wanted.equals("moto")) {
      throw new IllegalStateException(
          "DEPLOYER_IT_AWS='" + wanted + "' is not one of localstack, moto");
    }
    Path venv = PythonVenv.projectDefault().ensure(System.err::println);
    Process p = MotoServer.start(venv, port, logs.resolve("moto-" + port + ".log"));
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
    say("AWS emulator: moto server at http://127.0.0.1:" + port);
    return new AwsEmulator("http://127.0.0.1:" + port, Kind.MOTO);
  }

  private static void say(String line) {
    System.out.println(line);
  }

  /** Which emulator this is, e.g. for skipping a check that one emulator cannot make. */
  public String describe() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + " at " + endpoint;
  }

  public boolean isLocalStack() {
    return kind == Kind.LOCALSTACK || kind == Kind.LOCALSTACK_HOST;
  }

  public String endpoint() {
    return endpoint;
  }

  public boolean isMoto() {
    return !isLocalStack();
  }

  /** Forgets every AWS object, so each test starts clean. */
  public void reset() {
    if (kind == Kind.LOCALSTACK) {
      LocalStackSupport.reset(endpoint);
    } else if (kind == Kind.LOCALSTACK_HOST) {
      LocalStackServer.reset(endpoint);
    } else {
      MotoServer.reset(endpoint);
    }
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
