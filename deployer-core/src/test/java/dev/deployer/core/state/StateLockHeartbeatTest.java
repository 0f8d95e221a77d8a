package dev.deployer.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.core.fixture.FakeClock;
import dev.deployer.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock file's heartbeat: a running holder renews it, and a lock whose heartbeat stopped is
 * taken over from any host (a CI container restarted under a new name), saying so (issue 12 finding
 * 6).
 */
class StateLockHeartbeatTest {
  @TempDir Path dir;

  private final List<String> warnings = new ArrayList<>();
  private final FakeClock clock = new FakeClock(Instant.parse("2026-12-01T12:00:00Z"));

  private FileStateStore store(Clock c, Duration heartbeat) {
    return new FileStateStore(
        dir,
        "dev",
        FileStateStore.MIN_COMPACT_BYTES,
        FileStateStore.Disk.REAL,
        new LockHeartbeat(c, heartbeat));
  }

  private void writeLock(LockInfo info) throws Exception {
    Files.write(dir.resolve("dev.json.lock"), Json.mapper().writeValueAsBytes(info));
  }

  private LockInfo onDisk() throws Exception {
    return Json.mapper().readValue(dir.resolve("dev.json.lock").toFile(), LockInfo.class);
  }

  private static LockInfo otherHost(String renewed) {
    return new LockInfo(
        "ci-old", "apply", "ci", 4242, "runner-7f3a.invalid", "2026-12-01T11:00:00Z", renewed);
  }

  @Test
  void aLockOnAnotherHostWhoseHeartbeatStopped_isTakenOverAndReported() throws Exception {
    writeLock(otherHost("2026-12-01T11:58:00Z")); // 2 min ago; stale after 3 x 30 s

    try (StateLock mine = store(clock, Duration.ofSeconds(30)).lock("apply", warnings::add)) {
      assertThat(onDisk().id()).isEqualTo(mine.info().id());
    }
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0))
        .contains("Taking over the lock on stack dev")
        .contains("process 4242 on runner-7f3a.invalid")
        .contains("heartbeat was last renewed 2m0s ago")
        .contains("renews it every 30s");
  }

  @Test
  void aLockOnAnotherHostWithAFreshHeartbeat_isRefusedSayingWhenItWasRenewed() throws Exception {
    writeLock(otherHost("2026-12-01T11:59:20Z")); // 40 s ago

    assertThatThrownBy(() -> store(clock, Duration.ofSeconds(30)).lock("apply", warnings::add))
        .isInstanceOf(StateLockedException.class)
        .hasMessageContaining("ci-old")
        .hasMessageContaining("heartbeat was renewed 40s ago")
        .hasMessageContaining("taken over once not renewed for 1m30s");
    assertThat(warnings).isEmpty();
  }

  @Test
  void aLockWithoutAHeartbeatOnAnotherHost_isNotTakenOver() throws Exception {
    writeLock(otherHost(null));

    assertThatThrownBy(() -> store(clock, Duration.ofSeconds(30)).lock("apply", warnings::add))
        .isInstanceOf(StateLockedException.class);
  }

  @Test
  void aRunningHolder_renewsItsHeartbeat_soOthersDoNotTakeItOver() throws Exception {
    FileStateStore holder = store(Clock.systemUTC(), Duration.ofMillis(50));
    try (StateLock held = holder.lock("apply", warnings::add)) {
      Instant first = Instant.parse(onDisk().renewed());
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!Instant.parse(onDisk().renewed()).isAfter(first) && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(Instant.parse(onDisk().renewed())).isAfter(first);
      assertThat(onDisk().id()).isEqualTo(held.info().id());

      // Another host judging by a clock at the same moment sees a live lock.
      FileStateStore other = store(Clock.systemUTC(), Duration.ofMillis(50));
      assertThatThrownBy(() -> other.lock("apply", warnings::add))
          .isInstanceOf(StateLockedException.class);
    }
    assertThat(Files.exists(dir.resolve("dev.json.lock"))).isFalse();
    assertThat(warnings).isEmpty();
  }
}
