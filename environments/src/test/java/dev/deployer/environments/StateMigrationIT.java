package dev.deployer.environments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsSettings;
import dev.deployer.core.DeployerException;
import dev.deployer.core.json.Json;
import dev.deployer.core.state.FileStateStore;
import dev.deployer.core.state.ResourceState;
import dev.deployer.core.state.StackState;
import dev.deployer.core.state.StateLockedException;
import dev.deployer.core.state.StateStore;
import dev.deployer.core.state.Status;
import dev.deployer.sandbox.testing.AwsEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** state migrate's library half against the AWS emulator: local -> S3 -> local. */
class StateMigrationIT {
  @TempDir Path dir;
  final AwsEmulator emulator = AwsEmulator.shared();
  StateBackends backends;

  @BeforeEach
  void setUp() throws Exception {
    emulator.reset();
    Files.writeString(dir.resolve("dev.json"), "{\"aws\":{\"region\":\"us-east-1\"}}");
    Target sandbox =
        Target.sandbox(new Target.Sandbox(emulator.endpoint(), "http://unused", "acct", "x"));
    backends =
        new StateBackends(dir, dir.resolve("state"), sandbox, Optional.of("s3://team-state/env"));
  }

  static StackState withResource(StackState s, String address, long serial) {
    return s.with(
            new ResourceState(
                address,
                "aws_s3_bucket",
                address + "-id",
                Json.mapper().createObjectNode(),
                Map.of(),
                List.of(),
                Status.READY,
                null))
        .withSerial(serial);
  }

  @Test
  void localToS3ToLocal_keepsTheStateAndItsHistory_andRetiresEachSource() {
    FileStateStore local = backends.local("dev");
    StackState s1 = withResource(StackState.empty("dev"), "a", 1);
    StackState s2 = withResource(s1, "b", 2);
    local.write(s1);
    local.write(s2);
    StateStore s3 = backends.open("dev");
    assertThat(s3.location()).isEqualTo("s3://team-state/env/dev.json");

    List<String> warnings = new ArrayList<>();
    StateMigration.Result there = StateMigration.migrate(local, s3, warnings::add);
    assertThat(there.versions()).isEqualTo(2); // the backup and the current state
    assertThat(warnings).isEmpty(); // the sandbox's state bucket is versioned
    assertThat(backends.open("dev").read()).contains(s2);
    assertThat(local.read()).isEmpty();
    assertThat(dir.resolve("state/dev.json.migrated")).exists();
    assertThat(((dev.deployer.cloud.state.S3StateStore) backends.open("dev")).history())
        .extracting(StackState::serial)
        .containsExactly(1L, 2L);

    StateMigration.Result back =
        StateMigration.migrate(backends.open("dev"), backends.local("dev"), warnings::add);
    assertThat(back.versions()).isEqualTo(2);
    assertThat(backends.local("dev").read()).contains(s2);
    // A run still pointed at S3 is refused, told where the state went.
    assertThatThrownBy(() -> backends.open("dev").lock("plan", w -> {}))
        .isInstanceOf(StateLockedException.class)
        .hasMessageContaining("state migrate: the state is now at " + local.location())
        .hasMessageContaining("marks a migrated state");
  }

  @Test
  void aDestinationThatAlreadyHasAStateIsRefusedAndNothingChanges() {
    FileStateStore local = backends.local("dev");
    local.write(withResource(StackState.empty("dev"), "a", 1));
    StateStore s3 = backends.open("dev");
    s3.write(withResource(StackState.empty("dev"), "z", 7));
    assertThatThrownBy(() -> StateMigration.migrate(local, s3, w -> {}))
        .isInstanceOf(DeployerException.class)
        .hasMessageContaining("already holds a state (serial 7");
    assertThat(local.read()).isPresent();
    assertThat(backends.open("dev").read().orElseThrow().serial()).isEqualTo(7);
  }

  @Test
  void theConfigsStateSectionChoosesS3AndWithoutItStateIsLocal() throws Exception {
    Files.writeString(
        dir.resolve("qa.json"),
        "{\"aws\":{\"region\":\"eu-west-1\"},\"state\":{\"bucket\":\"qa-state\",\"key_prefix\":\"t\"}}");
    StateBackends byConfig =
        new StateBackends(
            dir,
            dir.resolve("state"),
            Target.sandbox(new Target.Sandbox(emulator.endpoint(), "http://unused", "acct", "x")),
            Optional.empty());
    assertThat(byConfig.s3Location("qa"))
        .hasValueSatisfying(
            l -> {
              assertThat(l.bucket()).isEqualTo("qa-state");
              assertThat(l.stateKey("qa")).isEqualTo("t/qa.json");
              assertThat(l.region()).isEqualTo("eu-west-1");
            });
    assertThat(byConfig.open("dev")).isInstanceOf(FileStateStore.class);
    AwsClients aws = new AwsClients(AwsSettings.emulator("us-east-1", emulator.endpoint()));
    byConfig.open("qa").write(StackState.empty("qa").withSerial(1));
    assertThat(aws.s3().headObject(b -> b.bucket("qa-state").key("t/qa.json")).eTag()).isNotBlank();
  }
}
