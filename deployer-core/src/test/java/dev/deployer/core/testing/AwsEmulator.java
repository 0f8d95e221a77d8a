package dev.deployer.core.testing;

import dev.deployer.core.sandbox.MotoServer;
import dev.deployer.core.sandbox.ProjectPaths;
import dev.deployer.core.sandbox.PythonVenv;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;

/**
 * The AWS endpoint integration tests talk to, chosen as ARCHITECTURE.md B says: {@code
 * AWS_EMULATOR_ENDPOINT} if set; else LocalStack through Testcontainers when {@code
 * DEPLOYER_IT_LOCALSTACK=1} and Docker is there; else moto server from the project virtualenv on a
 * free loopback port. One per test JVM, stopped when the JVM exits; tests call {@link #reset()}.
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
        return new AwsEmulator(ls, Kind.LOCALSTACK);
      }
    }
    Path venv = PythonVenv.projectDefault().ensure(System.err::println);
    int port = freePort();
    Process p =
        MotoServer.start(
            venv, port, ProjectPaths.workDir().resolve("it-logs").resolve("moto-" + port + ".log"));
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
    return new AwsEmulator("http://127.0.0.1:" + port, Kind.MOTO);
  }

  public String endpoint() {
    return endpoint;
  }

  public boolean isMoto() {
    return kind != Kind.LOCALSTACK;
  }

  /** Forgets every AWS object, so each test starts clean. */
  public void reset() {
    if (kind == Kind.LOCALSTACK) {
      LocalStackSupport.reset(endpoint);
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
