package dev.deployer.sandbox;

import dev.deployer.core.DeployerException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** moto server (the AWS emulator LocalStack builds on) as a child process on loopback. */
public final class MotoServer {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private MotoServer() {}

  /**
   * Starts moto from the venv on {@code 127.0.0.1:port}, logging to {@code log}, and waits until it
   * answers. The process outlives this JVM only when {@code detached} (the sandbox).
   */
  public static Process start(Path venv, int port, Path log) {
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder pb =
          new ProcessBuilder(
                  List.of(
                      venv.resolve("bin/moto_server").toString(),
                      "-H",
                      "127.0.0.1",
                      "-p",
                      Integer.toString(port)))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      pb.environment().put("MOTO_ALLOW_NONEXISTENT_REGION", "false");
      Process p = pb.start();
      String endpoint = "http://127.0.0.1:" + port;
      try {
        awaitUp(endpoint, Duration.ofSeconds(60), p);
      } catch (RuntimeException e) {
        p.destroyForcibly();
        throw e;
      }
      return p;
    } catch (IOException e) {
      throw new DeployerException("Cannot start moto server: " + e.getMessage(), e);
    }
  }

  public static boolean isUp(String endpoint) {
    // The dashboard: cheap, unlike data.json, which dumps every object.
    return ChildServer.probe(
            HTTP,
            HttpRequest.newBuilder(URI.create(endpoint + "/moto-api/"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .map(r -> r.statusCode() == 200)
        .orElse(false);
  }

  static void awaitUp(String endpoint, Duration timeout, Process p) {
    ChildServer.awaitReady(
        "moto server",
        endpoint,
        p,
        timeout,
        Duration.ofMillis(100),
        "is the port taken?",
        () -> isUp(endpoint));
  }

  /** Forgets every object (moto's own reset API). */
  public static void reset(String endpoint) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(endpoint + "/moto-api/reset"))
                  .timeout(Duration.ofSeconds(30))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new DeployerException("moto reset answered " + r.statusCode() + ": " + r.body());
      }
    } catch (IOException e) {
      throw new DeployerException("Cannot reset moto at " + endpoint + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeployerException("interrupted");
    }
  }
}
