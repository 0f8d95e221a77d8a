package dev.deployer.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.core.json.Json;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-stack lock file: contention, force-unlock, and taking over a dead holder's lock. */
class StateLockTest {
  @TempDir Path dir;

  private final List<String> warnings = new ArrayList<>();

  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    long pid = p.pid();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    return pid;
  }

  private void writeLock(LockInfo info) throws Exception {
    Files.write(dir.resolve("dev.json.lock"), Json.mapper().writeValueAsBytes(info));
  }

  @Test
  void lock_whenHeldByAnotherRun_failsFastNamingTheHolder() {
    FileStateStore store = new FileStateStore(dir, "dev");
    try (StateLock held = store.lock("apply", warnings::add)) {
      FileStateStore other = new FileStateStore(dir, "dev");

      assertThatThrownBy(() -> other.lock("plan", warnings::add))
          .isInstanceOfSatisfying(
              StateLockedException.class,
              e -> {
                assertThat(e.holder().id()).isEqualTo(held.info().id());
                assertThat(e.holder().pid()).isEqualTo(ProcessHandle.current().pid());
                assertThat(e.getMessage())
                    .contains("pid " + ProcessHandle.current().pid())
                    .contains("@" + held.info().host())
                    .contains("lock id " + held.info().id())
                    .contains("apply")
                    .contains("deployer force-unlock " + held.info().id() + " --env dev");
              });
    }
  }

  @Test
  void close_releasesTheLockForTheNextRun() {
    FileStateStore store = new FileStateStore(dir, "dev");
    store.lock("apply", warnings::add).close();

    try (StateLock again = store.lock("apply", warnings::add)) {
      assertThat(again.info().operation()).isEqualTo("apply");
    }
    assertThat(Files.exists(dir.resolve("dev.json.lock"))).isFalse();
    assertThat(warnings).isEmpty();
  }

  @Test
  void forceUnlock_withTheHoldersId_freesTheLock() {
    FileStateStore store = new FileStateStore(dir, "dev");
    StateLock held = store.lock("apply", warnings::add);

    store.forceUnlock(held.info().id());

    try (StateLock mine = store.lock("apply", warnings::add)) {
      assertThat(mine.info().id()).isNotEqualTo(held.info().id());
    }
  }

  @Test
  void forceUnlock_withAnotherId_refusesAndKeepsTheLock() {
    FileStateStore store = new FileStateStore(dir, "dev");
    try (StateLock held = store.lock("apply", warnings::add)) {
      assertThatThrownBy(() -> store.forceUnlock("not-the-id"))
          .isInstanceOf(StateException.class)
          .hasMessageContaining("has id " + held.info().id() + ", not not-the-id");
      assertThatThrownBy(() -> store.lock("plan", warnings::add))
          .isInstanceOf(StateLockedException.class);
    }
  }

  @Test
  void forceUnlock_whenNotLocked_saysSo() {
    assertThatThrownBy(() -> new FileStateStore(dir, "dev").forceUnlock("x"))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("is not locked");
  }

  @Test
  void lock_whenHolderProcessOnThisHostIsDead_takesItOverWithAWarning() throws Exception {
    long dead = deadPid();
    String host = InetAddress.getLocalHost().getHostName();
    writeLock(new LockInfo("stale-id", "apply", "someone", dead, host, "2025-01-01T00:00:00Z"));
    FileStateStore store = new FileStateStore(dir, "dev");

    try (StateLock mine = store.lock("apply", warnings::add)) {
      assertThat(mine.info().pid()).isEqualTo(ProcessHandle.current().pid());
      LockInfo onDisk =
          Json.mapper().readValue(dir.resolve("dev.json.lock").toFile(), LockInfo.class);
      assertThat(onDisk.id()).isEqualTo(mine.info().id());
    }
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0)).contains("process " + dead).contains("no longer running");
  }

  @Test
  void lock_whenHolderIsOnAnotherHost_doesNotTakeItOver() throws Exception {
    long dead = deadPid();
    writeLock(
        new LockInfo("remote-id", "apply", "someone", dead, "some-other-host.invalid", "then"));

    assertThatThrownBy(() -> new FileStateStore(dir, "dev").lock("apply", warnings::add))
        .isInstanceOf(StateLockedException.class)
        .hasMessageContaining("remote-id");
    assertThat(warnings).isEmpty();
  }

  @Test
  void lock_whenTwoRunsTakeOverTheSameStaleLockAtOnce_exactlyOneWins() throws Exception {
    for (int round = 0; round < 20; round++) {
      Process done = new ProcessBuilder("true").start();
      done.waitFor();
      writeLock(
          new LockInfo(
              "stale-" + round,
              "apply",
              "someone",
              done.pid(),
              java.net.InetAddress.getLocalHost().getHostName(),
              "2026-01-01T00:00:00Z"));
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(2);
      try {
        java.util.List<java.util.concurrent.Future<StateLock>> results =
            new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
          results.add(
              pool.submit(
                  () -> {
                    start.await(5, java.util.concurrent.TimeUnit.SECONDS);
                    try {
                      return new FileStateStore(dir, "dev").lock("apply", w -> {});
                    } catch (StateLockedException e) {
                      return null;
                    }
                  }));
        }
        java.util.List<StateLock> winners = new java.util.ArrayList<>();
        for (var f : results) {
          StateLock l = f.get(10, java.util.concurrent.TimeUnit.SECONDS);
          if (l != null) {
            winners.add(l);
          }
        }
        assertThat(winners).as("round " + round).hasSize(1);
        winners.forEach(StateLock::close);
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
