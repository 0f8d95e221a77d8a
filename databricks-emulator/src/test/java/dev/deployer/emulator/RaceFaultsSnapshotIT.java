package dev.deployer.emulator;

import static dev.deployer.emulator.TestEmulator.credentialsId;
import static dev.deployer.emulator.TestEmulator.networkId;
import static dev.deployer.emulator.TestEmulator.storageId;
import static dev.deployer.emulator.TestEmulator.workspaceRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.core.error.platform.BadRequest;
import com.databricks.sdk.service.catalog.AwsIamRoleRequest;
import com.databricks.sdk.service.catalog.CreateStorageCredential;
import com.databricks.sdk.service.provisioning.Credential;
import com.databricks.sdk.service.provisioning.Workspace;
import com.databricks.sdk.service.provisioning.WorkspaceStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IAM race without AWS (first sight), fault injection, admin API and the snapshot. */
class RaceFaultsSnapshotIT {
  private static final String ROLE = "arn:aws:iam::123456789012:role/young";

  @Test
  void raceRefusesYoungRolesUntilTheWindowPasses() {
    try (TestEmulator emu = TestEmulator.onFakeClock(b -> b.raceWindow(Duration.ofSeconds(10)))) {
      AccountClient a = emu.account();
      assertThatThrownBy(() -> credentialsId(a, ROLE))
          .isInstanceOf(BadRequest.class)
          .satisfies(
              e -> assertThat(((BadRequest) e).getErrorCode()).isEqualTo("MALFORMED_REQUEST"))
          .hasMessage(RaceGate.MESSAGE);
      emu.clock.advance(Duration.ofSeconds(9));
      assertThatThrownBy(() -> credentialsId(a, ROLE)).hasMessage(RaceGate.MESSAGE);
      emu.clock.advance(Duration.ofSeconds(2));
      String creds = credentialsId(a, ROLE);

      // Workspace creation assumes the role too: a longer window refuses it again.
      String storage = storageId(a, "b");
      String network = networkId(a, "vpc", List.of("s1", "s2"), List.of("sg"));
      emu.emu.setRaceWindow(Duration.ofHours(1));
      assertThatThrownBy(() -> a.workspaces().create(workspaceRequest(creds, storage, network)))
          .isInstanceOf(BadRequest.class)
          .hasMessage(RaceGate.MESSAGE);
      emu.admin("PUT", "/race-window", "{\"seconds\":0}");
      Workspace ws = a.workspaces().create(workspaceRequest(creds, storage, network)).getResponse();
      assertThat(a.workspaces().get(ws.getWorkspaceId()).getWorkspaceStatus())
          .isEqualTo(WorkspaceStatus.RUNNING);

      // Storage credentials in the workspace are subject to the same race.
      emu.admin("PUT", "/race-window", "{\"duration\":\"10s\"}");
      String mid = TestEmulator.assignNewMetastore(a, ws.getWorkspaceId());
      assertThat(mid).isNotBlank();
      var w = emu.workspace(ws.getWorkspaceId());
      var req =
          new CreateStorageCredential()
              .setName("uc")
              .setAwsIamRole(
                  new AwsIamRoleRequest().setRoleArn("arn:aws:iam::123456789012:role/uc-new"));
      assertThatThrownBy(() -> w.storageCredentials().create(req)).hasMessage(RaceGate.MESSAGE);
      emu.clock.advance(Duration.ofSeconds(11));
      assertThat(w.storageCredentials().create(req).getName()).isEqualTo("uc");
    }
  }

  @Test
  void faultsAnswer429And503AndAddLatency() {
    List<Long> slept = new ArrayList<>();
    try (TestEmulator emu = TestEmulator.start(b -> b.sleeper(slept::add))) {
      String creds = "/api/2.0/accounts/" + emu.accountId + "/credentials";
      emu.admin(
          "PUT",
          "/faults",
          "{\"rules\":[{\"path_regex\":\".*/credentials\",\"rate_429\":1,"
              + "\"retry_after_seconds\":7,\"latency_ms\":250}]}");
      var r = emu.api("GET", creds, null);
      assertThat(r.statusCode()).isEqualTo(429);
      assertThat(r.headers().firstValue("Retry-After")).contains("7");
      assertThat(r.body()).contains("REQUEST_LIMIT_EXCEEDED");
      assertThat(slept).containsExactly(250L);
      // Other paths are untouched.
      assertThat(emu.api("GET", creds.replace("credentials", "networks"), null).statusCode())
          .isEqualTo(200);

      emu.admin("PUT", "/faults", "{\"rules\":[{\"path_regex\":\".*\",\"rate_503\":1}]}");
      var r503 = emu.api("GET", creds, null);
      assertThat(r503.statusCode()).isEqualTo(503);
      assertThat(r503.body()).contains("TEMPORARILY_UNAVAILABLE");
      // Admin paths are never faulted.
      assertThat(emu.admin("GET", "/faults", null).body()).contains("rate_503");

      // Seeded rates repeat exactly.
      String seeded =
          "{\"seed\":7,\"rules\":[{\"path_regex\":\".*/credentials\",\"rate_429\":0.5}]}";
      emu.admin("PUT", "/faults", seeded);
      List<Integer> first = statuses(emu, creds, 20);
      emu.admin("PUT", "/faults", seeded);
      List<Integer> second = statuses(emu, creds, 20);
      assertThat(first).isEqualTo(second).contains(200, 429);

      // The SDK retries 429s on its own and gets through.
      emu.admin(
          "PUT",
          "/faults",
          "{\"seed\":1,\"rules\":[{\"path_regex\":\".*/credentials\",\"rate_429\":0.3,"
              + "\"retry_after_seconds\":0}]}");
      assertThat(emu.account().credentials().list()).isNotNull();
      emu.admin("DELETE", "/faults", null);
      assertThat(emu.api("GET", creds, null).statusCode()).isEqualTo(200);
    }
  }

  private static List<Integer> statuses(TestEmulator emu, String path, int n) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(emu.api("GET", path, null).statusCode());
    }
    return out;
  }

  @Test
  void snapshotSurvivesARestartAndResetClearsIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("state").resolve("databricks.json");
    String accountId;
    Credential c;
    long wsId;
    try (TestEmulator emu = TestEmulator.start(b -> b.snapshot(file))) {
      accountId = emu.accountId;
      AccountClient a = emu.account();
      c = a.credentials().get(credentialsId(a, ROLE));
      wsId = TestEmulator.runningWorkspace(a).getWorkspaceId();
    }
    assertThat(Files.readString(file)).contains(c.getCredentialsId());
    try (TestEmulator emu = TestEmulator.start(b -> b.snapshot(file))) {
      assertThat(emu.accountId).isEqualTo(accountId);
      AccountClient a = emu.account();
      assertThat(a.credentials().get(c.getCredentialsId()).getCredentialsName())
          .isEqualTo(c.getCredentialsName());
      assertThat(a.workspaces().get(wsId).getWorkspaceStatus()).isEqualTo(WorkspaceStatus.RUNNING);
      assertThat(emu.admin("GET", "/dump", null).body()).contains(c.getCredentialsId());
      assertThat(emu.admin("POST", "/reset", null).statusCode()).isEqualTo(200);
      assertThat(a.credentials().list()).isEmpty();
      assertThat(emu.admin("GET", "/info", null).body()).contains(accountId);
    }
    try (TestEmulator emu = TestEmulator.start(b -> b.snapshot(file))) {
      assertThat(emu.account().credentials().list()).isEmpty();
    }
  }
}
