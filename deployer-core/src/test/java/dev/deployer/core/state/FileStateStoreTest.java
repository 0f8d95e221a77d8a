package dev.deployer.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON state file: round trip, atomic write with backup, serial and lineage guards. */
class FileStateStoreTest {
  @TempDir Path dir;

  private static StackState sample() {
    JsonNode inputs =
        Json.tree(Map.of("name", "vpc", "cidr", "10.0.0.0/16", "tags", Map.of("a", "b")));
    return StackState.empty("dev")
        .withSerial(1)
        .with(
            new ResourceState(
                "net.vpc",
                "aws_vpc",
                "vpc-1",
                inputs,
                Map.of("arn", "arn:vpc-1", "count", 3),
                List.of(),
                Status.READY,
                null))
        .with(
            new ResourceState(
                "net.subnet[\"a\"]",
                "aws_subnet",
                null,
                null,
                null,
                List.of("net.vpc"),
                Status.PENDING_CREATE,
                null))
        .withOutputs(Map.of("vpc_id", "vpc-1"));
  }

  @Test
  void write_thenRead_roundTripsToEqualJson() {
    FileStateStore store = new FileStateStore(dir, "dev");
    StackState original = sample();

    store.write(original);
    StackState read = store.read().orElseThrow();

    assertThat(Json.tree(read)).isEqualTo(Json.tree(original));
    assertThat(read).isEqualTo(original);
  }

  @Test
  void write_usesTheDocumentedJsonLayout() throws Exception {
    FileStateStore store = new FileStateStore(dir, "dev");
    store.write(sample());

    JsonNode file = Json.mapper().readTree(Files.readString(dir.resolve("dev.json")));

    assertThat(file.get("version").asInt()).isEqualTo(1);
    assertThat(file.get("serial").asLong()).isEqualTo(1);
    assertThat(file.get("stack").asText()).isEqualTo("dev");
    assertThat(file.get("lineage").asText()).isNotBlank();
    assertThat(file.get("outputs").get("vpc_id").asText()).isEqualTo("vpc-1");
    JsonNode subnet = file.get("resources").get(1);
    assertThat(subnet.get("status").asText()).isEqualTo("pending-create");
    assertThat(subnet.get("dependencies").get(0).asText()).isEqualTo("net.vpc");
  }

  @Test
  void read_whenNothingStored_isEmpty() {
    assertThat(new FileStateStore(dir, "dev").read()).isEmpty();
  }

  @Test
  void write_keepsThePreviousVersionAsBackupAndLeavesNoTempFiles() throws Exception {
    FileStateStore store = new FileStateStore(dir, "dev");
    StackState first = sample();
    StackState second = first.without("net.vpc").withSerial(2);

    store.write(first);
    store.write(second);

    StackState backup =
        Json.mapper().readValue(dir.resolve("dev.json.backup").toFile(), StackState.class);
    assertThat(backup).isEqualTo(first);
    assertThat(store.read().orElseThrow()).isEqualTo(second);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("dev.json", "dev.json.backup");
    }
  }

  @Test
  void write_whenSerialIsNotNewer_refuses() {
    FileStateStore store = new FileStateStore(dir, "dev");
    StackState s = sample().withSerial(5);
    store.write(s);

    assertThatThrownBy(() -> store.write(s.withSerial(4)))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("serial 4 is not newer than the stored serial 5");
    assertThatThrownBy(() -> store.write(s.withSerial(5))).isInstanceOf(StateException.class);
    assertThat(store.read().orElseThrow().serial()).isEqualTo(5);
  }

  @Test
  void write_whenLineageDiffers_refuses() {
    FileStateStore store = new FileStateStore(dir, "dev");
    store.write(sample());
    StackState foreign = StackState.empty("dev").withSerial(10);

    assertThatThrownBy(() -> store.write(foreign))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("lineage " + foreign.lineage() + " differs");
  }

  @Test
  void read_whenFileHoldsAnotherStack_refuses() throws Exception {
    new FileStateStore(dir, "qa").write(StackState.empty("qa").withSerial(1));
    Files.copy(dir.resolve("qa.json"), dir.resolve("dev.json"));

    assertThatThrownBy(() -> new FileStateStore(dir, "dev").read())
        .isInstanceOf(StateException.class)
        .hasMessageContaining("holds the state of stack 'qa', not 'dev'");
  }

  @Test
  void read_whenFileIsCorrupt_pointsToTheBackup() throws Exception {
    Files.writeString(dir.resolve("dev.json"), "{ not json");

    assertThatThrownBy(() -> new FileStateStore(dir, "dev").read())
        .isInstanceOf(StateException.class)
        .hasMessageContaining("dev.json.backup");
  }

  @Test
  void with_whenResourceIsRecordedBeforeItsDependency_movesTheDependencyFirst() {
    StackState s =
        StackState.empty("dev")
            .with(
                new ResourceState(
                    "a.user", "t", "u", null, null, List.of("a.dep"), Status.READY, null))
            .with(new ResourceState("a.dep", "t", "d", null, null, List.of(), Status.READY, null))
            .with(
                new ResourceState("a.other", "t", "o", null, null, List.of(), Status.READY, null));

    assertThat(s.resources())
        .extracting(ResourceState::address)
        .containsExactly("a.dep", "a.user", "a.other");
  }

  @Test
  void constructor_whenAddressRecordedTwice_refuses() {
    ResourceState r = new ResourceState("a.b", "t", "1", null, null, null, Status.READY, null);

    assertThatThrownBy(() -> new StackState(1, 1, "l", "dev", List.of(r, r), Map.of()))
        .hasMessageContaining("a.b twice");
  }
}
