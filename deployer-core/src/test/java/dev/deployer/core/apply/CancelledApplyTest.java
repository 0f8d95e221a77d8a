package dev.deployer.core.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.core.fixture.EngineFixture;
import dev.deployer.core.fixture.FakeSpec;
import dev.deployer.core.fixture.StateIntegrity;
import dev.deployer.core.model.Resource;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.spi.Operation;
import dev.deployer.core.state.Status;
import java.nio.file.Path;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cancellation (the first Ctrl-C) during apply: calls in flight finish and are recorded, nothing
 * new starts, and what did not start is reported; the next apply finishes the job.
 */
@Timeout(20)
class CancelledApplyTest {
  @TempDir Path dir;

  @Test
  void cancelWhileTwoCreatesRun_bothFinishAndAreRecorded_andNothingNewStarts() {
    EngineFixture f = new EngineFixture(dir).parallelism(4);
    CyclicBarrier bothRunning = new CyclicBarrier(2);
    f.fake.onCreate =
        (ctx, spec) -> {
          try {
            bothRunning.await(5, TimeUnit.SECONDS); // vpc and bucket are both in flight
          } catch (Exception e) {
            throw new AssertionError(e);
          }
          f.cancellation.request("interrupted (SIGINT)");
          return f.fake.defaultCreate(ctx, spec);
        };
    StackDefinition def = f.chainAndBucket();

    ApplyResult result = f.apply(def);

    assertThat(result.failures()).isEmpty();
    assertThat(result.added()).isEqualTo(2);
    assertThat(result.skipped()).containsExactlyInAnyOrder("net.subnet", "compute.instance");
    assertThat(f.fake.calls(Operation.CREATE)).hasSize(2);
    assertThat(f.state().resources())
        .allSatisfy(r -> assertThat(r.status()).isEqualTo(Status.READY))
        .extracting(r -> r.address())
        .containsExactlyInAnyOrder("net.vpc", "storage.bucket");
    StateIntegrity.check(f.state(), true);
  }

  @Test
  void anOperationQueuedWhenTheCancelCame_doesNotStart_andTheNextApplyFinishesWithoutDuplicates() {
    EngineFixture f = new EngineFixture(dir).parallelism(1);
    f.fake.onCreate =
        (ctx, spec) -> {
          f.cancellation.request("interrupted (SIGTERM)");
          return f.fake.defaultCreate(ctx, spec);
        };
    StackDefinition def = f.chainAndBucket();

    ApplyResult first = f.apply(def);

    assertThat(first.added()).isEqualTo(1);
    assertThat(first.skipped()).hasSize(3);
    assertThat(f.fake.cloud()).hasSize(1);

    EngineFixture again = new EngineFixture(dir, f.fake);
    ApplyResult second = again.apply(again.chainAndBucket());

    assertThat(second.succeeded()).isTrue();
    assertThat(second.added()).isEqualTo(3);
    assertThat(f.fake.cloud()).hasSize(4);
    for (String name : new String[] {"vpc", "subnet", "instance", "bucket"}) {
      assertThat(f.fake.objectsNamed(name)).hasSize(1);
    }
  }

  @Test
  void cancelDuringTheOnlyRunningCall_endsTheApplyOnceItFinishes() {
    EngineFixture f = new EngineFixture(dir).parallelism(4);
    StackBuilder b = f.stack();
    Resource<FakeSpec> vpc = b.add("net.vpc", f.fake.type(), r -> FakeSpec.named("vpc"));
    b.add("net.subnet", f.fake.type(), r -> FakeSpec.named("subnet").withParent(r.get(vpc.id())));
    f.fake.onCreate =
        (ctx, spec) -> {
          f.cancellation.request("interrupted (SIGINT)");
          return f.fake.defaultCreate(ctx, spec);
        };

    ApplyResult result = f.apply(b.build());

    assertThat(result.added()).isEqualTo(1);
    assertThat(result.skipped()).containsExactly("net.subnet");
  }
}
