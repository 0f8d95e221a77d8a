package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.core.json.Json;
import dev.deployer.sandbox.testing.AwsEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox commands as a user runs them: idempotent up, status, down, restart keeps data. */
class SandboxIT {
  @TempDir static Path work;
  static CliProcess cli;
  static int dbPort;

  @BeforeAll
  static void setUp() {
    dbPort = AwsEmulator.freePort();
    cli =
        new CliProcess(work)
            .env("DEPLOYER_SANDBOX_DIR", work.resolve("sandbox").toString())
            .env("DEPLOYER_SANDBOX_AWS_PORT", Integer.toString(AwsEmulator.freePort()))
            .env("DEPLOYER_SANDBOX_DATABRICKS_PORT", Integer.toString(dbPort));
  }

  @AfterAll
  static void tearDown() {
    cli.run("sandbox", "down", "--purge");
  }

  private static JsonNode status() throws Exception {
    CliProcess.Result r = cli.run("sandbox", "status", "--json");
    assertThat(r.exit()).as(r.toString()).isZero();
    return Json.mapper().readTree(r.out());
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dbPort + path))
                .header("Authorization", "Bearer x")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dbPort + path))
                .header("Authorization", "Bearer x")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void upTwice_status_down_restartKeepsDatabricksObjects() throws Exception {
    CliProcess.Result first = cli.run("sandbox", "up");
    assertThat(first.exit()).as(first.toString()).isZero();
    assertThat(first.out()).contains("Sandbox running:", "http://127.0.0.1:" + dbPort);
    CliProcess.Result second = cli.run("sandbox", "up");
    assertThat(second.exit()).as(second.toString()).isZero();
    assertThat(second.out()).contains("Sandbox already running:");

    JsonNode st = status();
    assertThat(st.get("aws_endpoint").asText()).startsWith("http://127.0.0.1:");
    assertThat(st.get("databricks_host").asText()).isEqualTo("http://127.0.0.1:" + dbPort);
    String account = st.get("databricks_account_id").asText();
    assertThat(account).matches("[0-9a-f-]{36}");
    assertThat(st.get("aws_running").asBoolean()).isTrue();
    assertThat(st.get("databricks_running").asBoolean()).isTrue();

    // A metastore needs no AWS-side check, so it stands in for any Databricks object.
    HttpResponse<String> created =
        post(
            "/api/2.0/accounts/" + account + "/metastores",
            "{\"metastore_info\":{\"name\":\"kept-across-restarts\",\"region\":\"us-east-1\"}}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);

    CliProcess.Result down = cli.run("sandbox", "down");
    assertThat(down.exit()).isZero();
    JsonNode stopped = status();
    assertThat(stopped.get("aws_running").asBoolean()).isFalse();
    assertThat(stopped.get("databricks_running").asBoolean()).isFalse();

    assertThat(cli.run("sandbox", "up").exit()).isZero();
    HttpResponse<String> list = get("/api/2.0/accounts/" + account + "/metastores");
    assertThat(list.body()).contains("kept-across-restarts");

    // --purge forgets it.
    assertThat(cli.run("sandbox", "down", "--purge").exit()).isZero();
    assertThat(cli.run("sandbox", "up").exit()).isZero();
    assertThat(get("/api/2.0/accounts/" + account + "/metastores").body())
        .doesNotContain("kept-across-restarts");
  }
}
