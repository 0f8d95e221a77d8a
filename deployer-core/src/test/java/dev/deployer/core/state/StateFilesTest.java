package dev.deployer.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the state files look like on disk (modes), and what a full disk or a read-only directory
 * does to them (issue 12 findings 9 and 11).
 */
class StateFilesTest {
  @TempDir Path dir;

  private static ResourceState entry(String address) {
    return new ResourceState(
        address,
        "aws_vpc",
        "vpc-" + address.hashCode(),
        Json.tree(Map.of("cidr", "10.0.0.0/16")),
        Map.of(),
        List.of(),
        Status.READY,
        null);
  }

  private FileStateStore store(Path d, FileStateStore.Disk disk) {
    return new FileStateStore(
        d,
        "dev",
        FileStateStore.MIN_COMPACT_BYTES,
        disk,
        new LockHeartbeat(Clock.systemUTC(), Duration.ofHours(1)));
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private List<String> names(Path d) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void stateBackupJournalAndLock_areReadableByTheOwnerOnly_inADirectoryOfTheirOwn()
      throws Exception {
    Path stateDir = dir.resolve("fresh/state");
    FileStateStore store = new FileStateStore(stateDir, "dev");
    StackState s = StackState.empty("dev").withSerial(1).with(entry("a"));

    try (StateLock lock = store.lock("apply", w -> {})) {
      store.write(s);
      store.write(s.withSerial(2));
      store.append(
          List.of(StateChange.put(s.lineage(), 3, entry("b"))),
          () -> s.with(entry("b")).withSerial(3));
      assertThat(mode(stateDir.resolve("dev.json.journal"))).isEqualTo("rw-------");
      assertThat(mode(stateDir.resolve("dev.json.lock"))).isEqualTo("rw-------");
    }
    assertThat(mode(stateDir)).isEqualTo("rwx------");
    assertThat(mode(stateDir.resolve("dev.json"))).isEqualTo("rw-------");
    assertThat(mode(stateDir.resolve("dev.json.backup"))).isEqualTo("rw-------");
  }

  @Test
  void aJournalLeftReadableByAnEarlierVersion_isRestrictedWhenReopened() throws Exception {
    FileStateStore store = new FileStateStore(dir, "dev");
    StackState s = StackState.empty("dev").withSerial(1);
    store.write(s);
    Path journal = dir.resolve("dev.json.journal");
    Files.writeString(journal, "");
    Files.setPosixFilePermissions(journal, PosixFilePermissions.fromString("rw-r--r--"));

    new FileStateStore(dir, "dev")
        .append(List.of(StateChange.put(s.lineage(), 2, entry("a"))), () -> s.with(entry("a")));

    assertThat(mode(journal)).isEqualTo("rw-------");
  }

  @Test
  void write_onAFullDisk_saysTheDiskIsFull_keepsTheOldState_andLeavesNoTemporaryFile()
      throws Exception {
    FaultyDisk disk = FaultyDisk.fillingAfter(Long.MAX_VALUE);
    FileStateStore store = store(dir, disk);
    StackState s = StackState.empty("dev").withSerial(1).with(entry("a"));
    store.write(s);
    disk.fill();

    assertThatThrownBy(() -> store.write(s.with(entry("b")).withSerial(2)))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("cannot write state " + dir.resolve("dev.json"))
        .hasMessageContaining("the disk holding " + dir + " is full (No space left on device)")
        .hasMessageContaining("Free space there and run again");

    assertThat(names(dir)).containsExactly("dev.json");
    assertThat(new FileStateStore(dir, "dev").read().orElseThrow().resources())
        .extracting(ResourceState::address)
        .containsExactly("a");
  }

  @Test
  void append_onAFullDisk_failsClearly_andTheRecordsBeforeItStillRead() throws Exception {
    FaultyDisk disk = FaultyDisk.fillingAfter(Long.MAX_VALUE);
    FileStateStore store = store(dir, disk);
    StackState s = StackState.empty("dev").withSerial(1);
    store.write(s);
    store.append(List.of(StateChange.put(s.lineage(), 2, entry("a"))), () -> s.with(entry("a")));
    disk.fill();

    assertThatThrownBy(
            () ->
                store.append(
                    List.of(StateChange.put(s.lineage(), 3, entry("b"))),
                    () -> s.with(entry("a")).with(entry("b"))))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("cannot append to " + dir.resolve("dev.json.journal"))
        .hasMessageContaining("is full");

    assertThat(new FileStateStore(dir, "dev").read().orElseThrow().resources())
        .extracting(ResourceState::address)
        .containsExactly("a");
  }

  @Test
  void lock_onAFullDisk_leavesNoTemporaryFile() throws Exception {
    FaultyDisk disk = FaultyDisk.fillingAfter(0);

    assertThatThrownBy(() -> store(dir, disk).lock("apply", w -> {}))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("cannot create lock")
        .hasMessageContaining("is full");

    assertThat(names(dir)).isEmpty();
  }

  @Test
  void aReadOnlyStateDirectory_stillReads_andLockingSaysHowToPlanWithoutALock() throws Exception {
    new FileStateStore(dir, "dev").write(StackState.empty("dev").withSerial(4).with(entry("a")));
    FileStateStore readOnly = store(dir, FaultyDisk.readOnly());

    assertThat(readOnly.read().orElseThrow().serial()).isEqualTo(4);
    assertThatThrownBy(() -> readOnly.lock("plan", w -> {}))
        .isInstanceOf(StateException.class)
        .hasMessageContaining(dir + " is not writable (Read-only file system)")
        .hasMessageContaining("deployer plan --lock=false");
    assertThat(names(dir)).containsExactly("dev.json");
  }
}
