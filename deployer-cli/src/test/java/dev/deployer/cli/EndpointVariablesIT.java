package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.deployer.sandbox.ProjectPaths;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A shell left over from sandbox work: {@code AWS_ENDPOINT_URL*} set and no {@code --sandbox}. A
 * real apply is refused with exit 1, naming the variable, before any call. Every endpoint the run
 * could reach (the variable's, the Databricks account host) is a loopback server that counts
 * requests, so even a regression cannot reach a real service.
 */
class EndpointVariablesIT {
  @org.junit.jupiter.api.io.TempDir static Path work;
  static HttpServer server;
  static final AtomicInteger requests = new AtomicInteger();
  static String url;
  static Path config;

  @BeforeAll
  static void setUp() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          exchange.sendResponseHeaders(500, -1);
          exchange.close();
        });
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort();
    config = work.resolve("config");
    Files.createDirectories(config);
    String common =
        Files.readString(ProjectPaths.root().resolve("environments/config/common.json"))
            .replace(
                "\"account_id\": \"0d7e4a3c-1b2f-4c5d-8e9f-a1b2c3d4e5f6\"",
                "\"account_id\": \"0d7e4a3c-1b2f-4c5d-8e9f-a1b2c3d4e5f6\", \"account_host\": \""
                    + url
                    + "\"");
    Files.writeString(config.resolve("common.json"), common);
  }

  @AfterAll
  static void tearDown() {
    server.stop(0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"})
  void realApply_withAnEndpointVariableSet_isRefusedNamingIt_beforeAnyCall(String variable) {
    CliProcess cli = new CliProcess(work).env(variable, url);
    if (!variable.equals("AWS_ENDPOINT_URL")) {
      // Every service the common stack uses, so that no client could fall through to AWS.
      for (String service : new String[] {"STS", "IAM", "S3", "EC2"}) {
        cli.env("AWS_ENDPOINT_URL_" + service, url);
      }
    }
    CliProcess.Result r =
        cli.env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("DATABRICKS_HOST", url)
            .env("DATABRICKS_TOKEN", "dapi-testing")
            .run(
                "apply",
                "--env",
                "common",
                "--auto-approve",
                "--config-dir",
                config.toString(),
                "--state-dir",
                work.resolve("state-" + variable).toString());
    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    assertThat(r.err())
        .as(r.toString())
        .contains(variable)
        .contains("--sandbox")
        .contains("aws.endpoint");
    assertThat(requests.get()).as("requests to the endpoints").isZero();
  }
}
