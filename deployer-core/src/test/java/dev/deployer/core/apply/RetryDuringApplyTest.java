package dev.deployer.core.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.core.fixture.EngineFixture;
import dev.deployer.core.fixture.FakeHandler;
import dev.deployer.core.fixture.FakeSpec;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.retry.RetriesExhaustedException;
import dev.deployer.core.spi.Operation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retries of handler calls during apply, with the fake sleeper: the fixture's policy is 5 attempts,
 * first cap 100ms doubling to at most 2s.
 */
class RetryDuringApplyTest {
  @TempDir Path dir;

  private static StackDefinition oneVpc(EngineFixture f) {
    StackBuilder b = f.stack();
    b.add("net.vpc", f.fake.type(), r -> FakeSpec.named("vpc"));
    return b.build();
  }

  private static void failFirst(EngineFixture f, int times, RuntimeException error) {
    AtomicInteger n = new AtomicInteger();
    f.fake.onCreate =
        (ctx, spec) -> {
          if (n.incrementAndGet() <= times) {
            throw error;
          }
          return f.fake.defaultCreate(ctx, spec);
        };
  }

  @Test
  void apply_whenCreateHitsHandlerRetryableError_retriesWithJitteredDelaysAndSucceeds() {
    EngineFixture f = new EngineFixture(dir);
    failFirst(f, 2, new FakeHandler.EventuallyConsistentException("InvalidVpcID.NotFound"));

    ApplyResult result = f.apply(oneVpc(f));

    assertThat(result.succeeded()).isTrue();
    assertThat(f.fake.calls(Operation.CREATE)).hasSize(3);
    List<Duration> sleeps = f.sleeper.sleeps();
    assertThat(sleeps).hasSize(2);
    assertThat(sleeps.get(0)).isBetween(Duration.ZERO, Duration.ofMillis(100));
    assertThat(sleeps.get(1)).isBetween(Duration.ZERO, Duration.ofMillis(200));
    assertThat(f.fake.cloud()).hasSize(1);
    assertThat(f.listener.events())
        .filteredOn(e -> e.startsWith("progress net.vpc: retrying after: InvalidVpcID.NotFound"))
        .hasSize(2);
  }

  @Test
  void apply_whenCreateIsThrottled_retriesEvenThoughHandlerDoesNotClassifyIt() {
    EngineFixture f = new EngineFixture(dir);
    f.fake.retryable = (e, op) -> false;
    failFirst(f, 1, new FakeHandler.ThrottledException("Rate exceeded"));

    ApplyResult result = f.apply(oneVpc(f));

    assertThat(result.succeeded()).isTrue();
    assertThat(f.sleeper.sleeps()).hasSize(1);
  }

  @Test
  void apply_whenErrorIsNotRetryable_failsAtOnceWithoutSleeping() {
    EngineFixture f = new EngineFixture(dir);
    failFirst(f, 1, new FakeHandler.FatalException("AccessDenied"));

    ApplyResult result = f.apply(oneVpc(f));

    assertThat(result.failures()).hasSize(1);
    assertThat(result.failures().get(0).error()).isInstanceOf(FakeHandler.FatalException.class);
    assertThat(f.fake.calls(Operation.CREATE)).hasSize(1);
    assertThat(f.sleeper.sleeps()).isEmpty();
  }

  @Test
  void apply_whenRetryableErrorPersists_givesUpAfterMaxAttemptsWithBoundedDelays() {
    EngineFixture f = new EngineFixture(dir);
    failFirst(f, Integer.MAX_VALUE, new FakeHandler.ThrottledException("Rate exceeded"));

    ApplyResult result = f.apply(oneVpc(f));

    assertThat(result.failures()).hasSize(1);
    Throwable error = result.failures().get(0).error();
    assertThat(error).isInstanceOf(RetriesExhaustedException.class);
    assertThat(((RetriesExhaustedException) error).attempts()).isEqualTo(5);
    assertThat(error.getMessage()).startsWith("creating net.vpc still failing after 5 attempts");
    assertThat(f.fake.calls(Operation.CREATE)).hasSize(5);
    List<Duration> sleeps = f.sleeper.sleeps();
    assertThat(sleeps).hasSize(4);
    for (int i = 0; i < sleeps.size(); i++) {
      long cap = Math.min(2000, 100L << i);
      assertThat(sleeps.get(i)).as("delay %d", i + 1).isLessThanOrEqualTo(Duration.ofMillis(cap));
    }
    assertThat(f.clock.instant())
        .isEqualTo(java.time.Instant.parse("2025-01-01T00:00:00Z").plus(f.sleeper.total()));
  }

  @Test
  void apply_whenUpdateHitsRetryableError_retriesTheUpdate() {
    EngineFixture f = new EngineFixture(dir);
    f.apply(oneVpc(f));
    AtomicInteger n = new AtomicInteger();
    f.fake.onUpdate =
        (ctx, id, prior, desired) -> {
          if (n.incrementAndGet() == 1) {
            throw new FakeHandler.EventuallyConsistentException("not yet");
          }
          return f.fake.defaultUpdate(ctx, id, prior, desired);
        };
    StackBuilder b = f.stack();
    b.add("net.vpc", f.fake.type(), r -> FakeSpec.named("vpc").withSize("large"));

    ApplyResult result = f.apply(b.build());

    assertThat(result.succeeded()).isTrue();
    assertThat(f.fake.calls(Operation.UPDATE)).hasSize(2);
    assertThat(f.fake.only("vpc").spec().size()).isEqualTo("large");
  }

  /**
   * A stack of the one object {@code wanted}, whose first create makes it {@code made} instead and
   * then fails retryably.
   */
  private static StackDefinition firstCreateMakes(
      EngineFixture f, FakeSpec wanted, java.util.function.UnaryOperator<FakeSpec> made) {
    AtomicInteger n = new AtomicInteger();
    f.fake.onCreate =
        (ctx, spec) -> {
          if (n.incrementAndGet() == 1) {
            f.fake.defaultCreate(ctx, made.apply(spec));
            throw new FakeHandler.EventuallyConsistentException("503 after the create");
          }
          return f.fake.defaultCreate(ctx, spec);
        };
    StackBuilder b = f.stack();
    b.add("net.vpc", f.fake.type(), r -> wanted);
    return b.build();
  }

  /**
   * A create that fails retryably after the object came to exist with other settings (as automatic
   * Unity Catalog enablement assigns a metastore with another default catalog, and the handler's
   * update of it was answered with a fault): the retry finds it and brings it to the configuration,
   * instead of recording the configuration over an object that differs from it. What cannot change
   * in place is recorded as found, so the next plan shows the replacement.
   */
  @Test
  void aRetriedCreate_findingTheObjectWithOtherSettings_updatesIt_orRecordsItAsFound() {
    EngineFixture f = new EngineFixture(dir.resolve("size"));
    StackDefinition def =
        firstCreateMakes(f, FakeSpec.named("vpc").withSize("large"), s -> s.withSize("small"));
    assertThat(f.apply(def).succeeded()).isTrue();
    assertThat(f.fake.only("vpc").spec().size()).isEqualTo("large");
    assertThat(f.fake.calls(Operation.UPDATE)).hasSize(1);
    assertThat(f.listener.events())
        .anyMatch(e -> e.contains("after a failed create, and updated it to the configuration"));
    assertThat(f.plan(def).hasChanges()).isFalse();

    EngineFixture z = new EngineFixture(dir.resolve("zone"));
    StackDefinition zoned =
        firstCreateMakes(z, FakeSpec.named("vpc").withZone("a"), s -> s.withZone("b"));
    assertThat(z.apply(zoned).succeeded()).isTrue();
    assertThat(z.fake.objectsNamed("vpc")).hasSize(1);
    assertThat(z.plan(zoned).change("net.vpc").action().isReplace()).isTrue();
  }
}
