package dev.deployer.core.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.core.fixture.EngineFixture;
import dev.deployer.core.state.FaultyDisk;
import dev.deployer.core.state.FileStateStore;
import dev.deployer.core.state.LockHeartbeat;
import dev.deployer.core.state.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk fills up during an apply (issue 12 finding 9): the run stops starting operations (no
 * intent could be recorded), reports what was done and what failed instead of only "No space left
 * on device", leaves no temporary file, and once there is space the next run adopts the object
 * whose result could not be written.
 */
@Timeout(20)
class DiskFullDuringApplyTest {
  @TempDir Path dir;

  @Test
  void theDiskFillsDuringACreate_theRunStopsAndReports_andTheNextRunAdoptsWithoutDuplicates()
      throws Exception {
    FaultyDisk disk = FaultyDisk.fillingAfter(Long.MAX_VALUE);
    EngineFixture f = new EngineFixture(dir).parallelism(1);
    f.store(
        new FileStateStore(
            dir,
            EngineFixture.STACK,
            1L << 20,
            disk,
            new LockHeartbeat(Clock.systemUTC(), Duration.ofHours(1))));
    f.fake.onCreate =
        (ctx, spec) -> {
          disk.fill(); // the object gets created; recording it fails
          return f.fake.defaultCreate(ctx, spec);
        };

    ApplyResult result = f.apply(f.chainAndBucket());

    assertThat(result.succeeded()).isFalse();
    assertThat(result.failures()).isNotEmpty();
    assertThat(result.failures().get(0).error().getMessage())
        .contains("is full (No space left on device)");
    assertThat(result.added()).isZero();
    assertThat(result.skipped()).hasSize(3);
    assertThat(f.fake.cloud()).hasSize(1);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp-"));
    }
    // The intent was recorded before the call: the state knows an object may exist.
    assertThat(new FileStateStore(dir, EngineFixture.STACK).read().orElseThrow().resources())
        .singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo(Status.PENDING_CREATE));

    EngineFixture again = new EngineFixture(dir, f.fake);
    f.fake.onCreate = f.fake::defaultCreate;
    ApplyResult second = again.apply(again.chainAndBucket());

    assertThat(second.succeeded()).isTrue();
    for (String name : new String[] {"vpc", "subnet", "instance", "bucket"}) {
      assertThat(f.fake.objectsNamed(name)).as(name).hasSize(1);
    }
  }
}
