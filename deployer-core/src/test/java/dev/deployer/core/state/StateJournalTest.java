package dev.deployer.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state journal: appended records, replay on read, torn tails, compaction, guards. */
class StateJournalTest {
  @TempDir Path dir;

  private static ResourceState entry(String address, Status status) {
    return new ResourceState(
        address,
        "fake_thing",
        status == Status.PENDING_CREATE ? null : "id-" + address,
        Json.tree(Map.of("name", address)),
        Map.of(),
        List.of(),
        status,
        null);
  }

  private static StackState base(FileStateStore store) {
    StackState s = StackState.empty("dev").withSerial(1);
    store.write(s);
    return s;
  }

  /** The base state, then one appended record per entry (serials 2, 3, ...); its lineage. */
  private static String journalOf(FileStateStore store, ResourceState... entries) {
    String l = base(store).lineage();
    for (int i = 0; i < entries.length; i++) {
      store.append(List.of(StateChange.put(l, 2 + i, entries[i])), () -> null);
    }
    return l;
  }

  @Test
  void appendedChanges_areReadBackOverTheFile_andTheFileItselfIsUntouched() throws Exception {
    FileStateStore store = new FileStateStore(dir, "dev");
    StackState s = base(store);
    String file = Files.readString(store.file());
    String l = s.lineage();

    store.append(List.of(StateChange.put(l, 2, entry("a.x", Status.PENDING_CREATE))), () -> null);
    store.append(List.of(StateChange.put(l, 3, entry("a.x", Status.READY))), () -> null);
    store.append(
        List.of(
            StateChange.put(l, 4, entry("a.y", Status.READY)),
            StateChange.outputs(l, 5, Map.of("out", "v"))),
        () -> null);

    assertThat(Files.readString(store.file())).isEqualTo(file);
    StackState read = new FileStateStore(dir, "dev").read().orElseThrow();
    assertThat(read.serial()).isEqualTo(5);
    assertThat(read.resources()).extracting(ResourceState::address).containsExactly("a.x", "a.y");
    assertThat(read.find("a.x").orElseThrow().status()).isEqualTo(Status.READY);
    assertThat(read.outputs()).containsEntry("out", "v");

    store.compact();
    assertThat(store.journalFile()).doesNotExist();
    assertThat(Json.tree(new FileStateStore(dir, "dev").read().orElseThrow()))
        .isEqualTo(Json.tree(read));
  }

  @Test
  void aRecordCutShortByACrash_isIgnored_andTheNextAppendReplacesIt() throws Exception {
    FileStateStore store = new FileStateStore(dir, "dev");
    String l = journalOf(store, entry("a.x", Status.READY), entry("a.y", Status.PENDING_CREATE));
    byte[] whole = Files.readAllBytes(store.journalFile());
    // The process died in the middle of writing the second record.
    Files.write(store.journalFile(), java.util.Arrays.copyOf(whole, whole.length - 20));

    FileStateStore next = new FileStateStore(dir, "dev");
    StackState read = next.read().orElseThrow();
    assertThat(read.serial()).isEqualTo(2);
    assertThat(read.resources()).extracting(ResourceState::address).containsExactly("a.x");

    next.append(List.of(StateChange.put(l, 3, entry("a.z", Status.READY))), () -> null);
    StackState after = new FileStateStore(dir, "dev").read().orElseThrow();
    assertThat(after.serial()).isEqualTo(3);
    assertThat(after.resources()).extracting(ResourceState::address).containsExactly("a.x", "a.z");
  }

  @Test
  void aDamagedRecordWithRecordsAfterIt_isRefused_notDroppedWithThem() throws Exception {
    FileStateStore store = new FileStateStore(dir, "dev");
    journalOf(
        store, entry("a.x", Status.READY), entry("a.y", Status.READY), entry("a.z", Status.READY));
    List<String> lines = Files.readAllLines(store.journalFile());
    lines.set(1, lines.get(1).substring(0, 10) + "#" + lines.get(1).substring(11));
    Files.write(store.journalFile(), lines);
    byte[] damaged = Files.readAllBytes(store.journalFile());

    assertThatThrownBy(() -> new FileStateStore(dir, "dev").read())
        .isInstanceOf(StateException.class)
        .hasMessageContaining(store.journalFile().toString())
        .hasMessageContaining("line 2")
        .hasMessageContaining("nothing was read or dropped");
    assertThat(Files.readAllBytes(store.journalFile())).isEqualTo(damaged);
  }

  @Test
  void bytesPerChange_doNotGrowWithTheState() throws Exception {
    FileStateStore store = new FileStateStore(dir, "dev");
    StackState start = StackState.empty("dev").withSerial(100_000); // serials of equal length
    store.write(start);
    String l = start.lineage();
    List<Long> sizes = new ArrayList<>();
    long serial = start.serial();
    for (int i = 0; i < 1_000; i++) {
      long before = Files.exists(store.journalFile()) ? Files.size(store.journalFile()) : 0;
      store.append(
          List.of(StateChange.put(l, ++serial, entry("a.x" + (i % 10), Status.READY))), () -> null);
      if (i % 300 == 0) {
        sizes.add(Files.size(store.journalFile()) - before);
      }
    }
    assertThat(sizes.get(sizes.size() - 1)).isEqualTo(sizes.get(0));
  }

  @Test
  void aJournalLargerThanTheFile_isCompactedIntoIt() throws Exception {
    FileStateStore store = new FileStateStore(dir, "dev", 16 << 10);
    StackState[] state = {base(store)};
    String l = state[0].lineage();
    long serial = 1;
    int appends = 0;
    while (Files.exists(store.journalFile()) || appends == 0) {
      ResourceState e = entry("a.x" + appends, Status.READY);
      state[0] = state[0].with(e).withSerial(serial + 1);
      store.append(List.of(StateChange.put(l, ++serial, e)), () -> state[0]);
      appends++;
      assertThat(appends).as("compacted once larger than the file and 16 KiB").isLessThan(1_000);
    }
    StackState read = new FileStateStore(dir, "dev").read().orElseThrow();
    assertThat(read.serial()).isEqualTo(serial);
    assertThat(read.resources()).hasSize(appends);
  }

  @Test
  void aChangeThatSkipsASerialOrComesFromAnotherLineage_isRefused() {
    FileStateStore store = new FileStateStore(dir, "dev");
    String l = base(store).lineage();
    assertThatThrownBy(
            () ->
                store.append(
                    List.of(StateChange.put(l, 5, entry("a.x", Status.READY))), () -> null))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("another run wrote the state");
    assertThatThrownBy(
            () ->
                store.append(
                    List.of(StateChange.put("other", 2, entry("a.x", Status.READY))), () -> null))
        .isInstanceOf(StateException.class);
  }

  @Test
  void aWriteByAnotherStoreOnTheSameFile_isSeen_soAStaleAppendIsRefused() {
    FileStateStore one = new FileStateStore(dir, "dev");
    StackState s = base(one);
    one.read();
    new FileStateStore(dir, "dev").write(s.withSerial(7));
    assertThatThrownBy(
            () ->
                one.append(
                    List.of(StateChange.put(s.lineage(), 2, entry("a.x", Status.READY))),
                    () -> null))
        .isInstanceOf(StateException.class);
  }
}
