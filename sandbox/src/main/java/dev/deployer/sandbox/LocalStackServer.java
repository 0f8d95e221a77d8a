package dev.deployer.sandbox;

import dev.deployer.core.DeployerException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LocalStack's own runtime ({@code python -m localstack.runtime.main}) as a child process on
 * loopback, without Docker and without an account: S3, IAM, EC2 and STS only, its files under
 * {@code dataDir}. An init hook adds {@code POST /_localstack/state/reset} (the community runtime
 * has none), which the tests call between tests.
 *
 * @param process the runtime's process
 * @param endpoint where it answers, {@code http://127.0.0.1:<port>}
 * @param version the version LocalStack reports in its health document, e.g. {@code 2026.3.0}
 */
public record LocalStackServer(Process process, String endpoint, String version) {
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");
  private static final String RESET_HOOK = "/sandbox/localstack-state-reset.py";

  /** Starts LocalStack from the venv on {@code 127.0.0.1:port} and waits until it can reset. */
  public static LocalStackServer start(Path venv, int port, Path dataDir, Path log) {
    try {
      Path fsRoot = dataDir.resolve("filesystem");
      Path readyHooks = fsRoot.resolve("etc/localstack/init/ready.d");
      Files.createDirectories(readyHooks);
      Files.createDirectories(log.getParent());
      try (InputStream in = LocalStackServer.class.getResourceAsStream(RESET_HOOK)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + RESET_HOOK);
        }
        Files.copy(
            in, readyHooks.resolve("deployer-state-reset.py"), StandardCopyOption.REPLACE_EXISTING);
      }
      ProcessBuilder pb =
          new ProcessBuilder(
                  List.of(venv.resolve("bin/python").toString(), "-m", "localstack.runtime.main"))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      Map<String, String> env = pb.environment();
      env.put("OVERRIDE_IN_DOCKER", "0");
      env.put("GATEWAY_LISTEN", "127.0.0.1:" + port);
      env.put("SERVICES", "s3,iam,ec2,sts");
      env.put("DNS_ADDRESS", "0");
      env.put("FILESYSTEM_ROOT", fsRoot.toString());
      env.put("XDG_CACHE_HOME", dataDir.resolve("cache").toString());
      env.put("SKIP_SSL_CERT_DOWNLOAD", "1");
      env.put("DISABLE_EVENTS", "1"); // no usage analytics from test runs
      // Load the four providers at start rather than on each first call, so no test's first call
      // pays for loading EC2 (tens of seconds on a busy machine).
      env.put("EAGER_SERVICE_LOADING", "1");
      env.remove("AWS_ENDPOINT_URL");
      Process p = pb.start();
      String endpoint = "http://127.0.0.1:" + port;
      try {
        awaitReady(endpoint, p);
        return new LocalStackServer(p, endpoint, version(endpoint));
      } catch (RuntimeException e) {
        stop(p);
        throw e;
      }
    } catch (IOException e) {
      throw new DeployerException("Cannot start LocalStack: " + e.getMessage(), e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public void stop() {
    stop(process);
  }

  private static void stop(Process p) {
    p.descendants().forEach(ProcessHandle::destroy);
    p.destroy();
    try {
      if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
  }

  private static void awaitReady(String endpoint, Process p) {
    // The reset hook runs once LocalStack is ready: its answer means both.
    ChildServer.awaitReady(
        "LocalStack",
        endpoint,
        p,
        Duration.ofMinutes(3),
        Duration.ofMillis(200),
        "see its log",
        () -> post(endpoint + "/_localstack/state/reset") == 200);
  }

  private static String version(String endpoint) {
    return ChildServer.probe(
            HTTP,
            HttpRequest.newBuilder(URI.create(endpoint + "/_localstack/health"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .map(r -> VERSION.matcher(r.body()))
        .filter(Matcher::find)
        .map(m -> m.group(1))
        .orElse("unknown");
  }

  /** Forgets every object of every service. */
  public static void reset(String endpoint) {
    int status = post(endpoint + "/_localstack/state/reset");
    if (status != 200) {
      throw new DeployerException("LocalStack reset at " + endpoint + " answered " + status);
    }
  }

  private static int post(String url) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create(url))
                  .timeout(Duration.ofSeconds(60))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeployerException("interrupted");
    }
  }
}
