package dev.deployer.core.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.core.fixture.EngineFixture;
import dev.deployer.core.fixture.FakeHandler;
import dev.deployer.core.fixture.FakeHandler.Call;
import dev.deployer.core.fixture.FakeSpec;
import dev.deployer.core.fixture.StateIntegrity;
import dev.deployer.core.model.Resource;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.spi.Operation;
import dev.deployer.core.state.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Parallel apply and destroy against the fake cloud: ordering, overlap, failures. */
@Timeout(20)
class ApplyTest {
  @TempDir Path dir;

  /** This test's engine and fake cloud; a test that needs another handler replaces it. */
  EngineFixture f;

  @BeforeEach
  void newFixture() {
    f = new EngineFixture(dir);
  }

  private static Throwable await(CountDownLatch latch) {
    try {
      if (!latch.await(5, TimeUnit.SECONDS)) {
        throw new AssertionError("latch not released within 5s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return null;
  }

  @Test
  void apply_fromEmptyState_createsEverythingAndRecordsIt() {

    ApplyResult result = f.apply(f.chainAndBucket());

    assertThat(result.succeeded()).isTrue();
    assertThat(result.added()).isEqualTo(4);
    assertThat(StateIntegrity.render(f.state()))
        .isEqualTo(
            """
            compute.instance [ready] id=instance#1 {"name":"instance","size":"small","zone":"a","parent":"arn:fake:subnet#1"} deps=[net.subnet]
            net.subnet [ready] id=subnet#1 {"name":"subnet","size":"small","zone":"a","parent":"vpc#1"} deps=[net.vpc]
            net.vpc [ready] id=vpc#1 {"name":"vpc","size":"small","zone":"a"}
            storage.bucket [ready] id=bucket#1 {"name":"bucket","size":"small","zone":"a"}
            """);
    assertThat(f.state().outputs()).containsEntry("vpc_id", "vpc#1");
    assertThat(f.fake.cloud()).hasSize(4);
    assertThat(f.fake.only("instance").tags())
        .containsEntry("deployer:address", "compute.instance")
        .containsEntry("deployer:stack", "dev");
    // Default tags reach objects through their specs (Resolver.tags), as the AWS modules use them.
    assertThat(f.stack().build().tagsFor("compute.instance")).containsEntry("Owner", "tests");
  }

  @Test
  void apply_withParallelism4_dependentsWaitAndIndependentResourcesOverlap() {
    f.parallelism(4);
    CyclicBarrier siblings = new CyclicBarrier(3);
    f.fake.onCreate =
        (ctx, spec) -> {
          if (spec.name().startsWith("subnet-")) {
            try {
              // All three subnets must be inside create at the same time to pass this barrier.
              siblings.await(5, TimeUnit.SECONDS);
            } catch (Exception e) {
              throw new AssertionError("subnets did not run in parallel", e);
            }
          }
          return f.fake.defaultCreate(ctx, spec);
        };
    StackBuilder b = f.stack();
    Resource<FakeSpec> vpc = b.add("net.vpc", f.fake.type(), r -> FakeSpec.named("vpc"));
    List<Resource<FakeSpec>> subnets =
        List.of("a", "b", "c").stream()
            .map(
                z ->
                    b.add(
                        "net.subnet[\"" + z + "\"]",
                        f.fake.type(),
                        r -> FakeSpec.named("subnet-" + z).withZone(z).withParent(r.get(vpc.id()))))
            .toList();
    b.add(
        "compute.instance",
        f.fake.type(),
        r ->
            FakeSpec.named("instance")
                .withLinks(r.getAll(subnets.stream().map(Resource::id).toList())));

    ApplyResult result = f.apply(b.build());

    assertThat(result.succeeded()).isTrue();
    assertThat(f.fake.maxInFlight()).isGreaterThanOrEqualTo(3);
    Call vpcCall = f.fake.call(Operation.CREATE, "net.vpc");
    Call instance = f.fake.call(Operation.CREATE, "compute.instance");
    for (String z : List.of("a", "b", "c")) {
      Call subnet = f.fake.call(Operation.CREATE, "net.subnet[\"" + z + "\"]");
      assertThat(subnet.startSeq())
          .as("subnet %s starts after vpc finished", z)
          .isGreaterThan(vpcCall.endSeq());
      assertThat(instance.startSeq())
          .as("instance starts after subnet %s finished", z)
          .isGreaterThan(subnet.endSeq());
    }
    assertThat(
            f.fake.calls(Operation.CREATE).stream()
                .filter(c -> c.address().startsWith("net.subnet"))
                .map(Call::thread))
        .as("the subnets ran on three threads")
        .doesNotHaveDuplicates()
        .hasSize(3);
    assertThat(f.fake.only("instance").spec().links())
        .containsExactly("subnet-a#1", "subnet-b#1", "subnet-c#1");
  }

  @Test
  void apply_withParallelism1_runsOneAtATime() {
    f.parallelism(1);

    ApplyResult result = f.apply(f.chainAndBucket());

    assertThat(result.succeeded()).isTrue();
    assertThat(f.fake.maxInFlight()).isEqualTo(1);
  }

  @Test
  void apply_whenMiddleResourceFails_skipsDependentsAndFinishesIndependentWork() {
    CountDownLatch subnetFailed = new CountDownLatch(1);
    f.fake.onCreate =
        (ctx, spec) -> {
          switch (spec.name()) {
            case "subnet" -> {
              subnetFailed.countDown();
              throw new FakeHandler.FatalException("InvalidParameterValue: bad CIDR");
            }
            case "bucket" -> await(subnetFailed); // still running when the failure happens
            default -> {}
          }
          return f.fake.defaultCreate(ctx, spec);
        };

    ApplyResult result = f.apply(f.chainAndBucket());

    assertThat(result.succeeded()).isFalse();
    assertThat(result.failures()).hasSize(1);
    ApplyResult.Failure failure = result.failures().get(0);
    assertThat(failure.address()).isEqualTo("net.subnet");
    assertThat(failure.describe())
        .isEqualTo("creating net.subnet (fake_thing): InvalidParameterValue: bad CIDR");
    assertThat(result.skipped()).containsExactly("compute.instance");
    assertThat(f.fake.calls(Operation.CREATE, "compute.instance")).isEmpty();
    assertThat(f.fake.cloud().keySet()).containsExactlyInAnyOrder("vpc#1", "bucket#1");
    assertThat(result.added()).isEqualTo(2);
    assertThat(StateIntegrity.render(f.state()))
        .isEqualTo(
            """
            net.subnet [pending-create] id=null {"name":"subnet","size":"small","zone":"a","parent":"vpc#1"} deps=[net.vpc]
            net.vpc [ready] id=vpc#1 {"name":"vpc","size":"small","zone":"a"}
            storage.bucket [ready] id=bucket#1 {"name":"bucket","size":"small","zone":"a"}
            """);
    assertThat(f.listener.events()).contains("skipped compute.instance because net.subnet failed");
  }

  @Test
  void apply_whenTwoIndependentResourcesFail_reportsEveryFailure() {
    f.fake.onCreate =
        (ctx, spec) -> {
          if (spec.name().equals("vpc") || spec.name().equals("bucket")) {
            throw new FakeHandler.FatalException("AccessDenied on " + spec.name());
          }
          return f.fake.defaultCreate(ctx, spec);
        };

    ApplyResult result = f.apply(f.chainAndBucket());

    assertThat(result.failures())
        .extracting(ApplyResult.Failure::address)
        .containsExactlyInAnyOrder("net.vpc", "storage.bucket");
    assertThat(result.skipped()).containsExactlyInAnyOrder("net.subnet", "compute.instance");
    assertThat(f.fake.cloud()).isEmpty();
    assertThat(f.fake.calls(Operation.CREATE)).hasSize(2);
  }

  @Test
  void apply_rerunAfterFailure_createsWhatIsMissingWithoutDuplicates() {
    f.fake.onCreate =
        (ctx, spec) -> {
          if (spec.name().equals("subnet")) {
            throw new FakeHandler.FatalException("boom");
          }
          return f.fake.defaultCreate(ctx, spec);
        };
    StackDefinition def = f.chainAndBucket();
    f.apply(def);
    f.fake.onCreate = f.fake::defaultCreate;

    ApplyResult second = f.apply(def);

    assertThat(second.succeeded()).isTrue();
    assertThat(second.added()).isEqualTo(2);
    assertThat(f.fake.cloud()).hasSize(4);
    assertThat(f.plan(def).hasChanges()).isFalse();
  }

  @Test
  void destroy_deletesDependentsBeforeTheirDependencies() {
    StackDefinition def = f.chainAndBucket();
    f.apply(def);
    f.fake.clearCalls();

    ApplyResult result = f.destroy(def);

    assertThat(result.succeeded()).isTrue();
    assertThat(result.destroyed()).isEqualTo(4);
    Call instance = f.fake.call(Operation.DELETE, "compute.instance");
    Call subnet = f.fake.call(Operation.DELETE, "net.subnet");
    Call vpc = f.fake.call(Operation.DELETE, "net.vpc");
    assertThat(subnet.startSeq()).isGreaterThan(instance.endSeq());
    assertThat(vpc.startSeq()).isGreaterThan(subnet.endSeq());
    assertThat(f.fake.cloud()).isEmpty();
    assertThat(f.state().resources()).isEmpty();
    assertThat(f.state().outputs()).isEmpty();
  }

  @Test
  void destroy_whenDependentFailsToDelete_keepsItsDependencies() {
    StackDefinition def = f.chainAndBucket();
    f.apply(def);
    f.fake.onDelete =
        (ctx, id, prior) -> {
          if (prior.name().equals("subnet")) {
            throw new FakeHandler.FatalException("DependencyViolation");
          }
          f.fake.defaultDelete(ctx, id, prior);
        };

    ApplyResult result = f.destroy(def);

    assertThat(result.failures())
        .extracting(ApplyResult.Failure::address)
        .containsExactly("net.subnet");
    assertThat(result.skipped()).containsExactly("net.vpc");
    assertThat(f.fake.cloud().keySet()).containsExactlyInAnyOrder("vpc#1", "subnet#1");
    // The service refused the delete: the subnet is there as before, not half-deleted.
    assertThat(f.state().find("net.subnet").orElseThrow().status()).isEqualTo(Status.READY);
    assertThat(f.state().find("net.vpc").orElseThrow().status()).isEqualTo(Status.READY);
  }

  @Test
  void apply_whenResourceRemovedFromConfig_deletesItAfterItsDependents() {
    f.apply(f.chainAndBucket());
    f.fake.clearCalls();
    StackBuilder b = f.stack();
    b.add("storage.bucket", f.fake.type(), r -> FakeSpec.named("bucket"));

    ApplyResult result = f.apply(b.build());

    assertThat(result.destroyed()).isEqualTo(3);
    assertThat(f.fake.call(Operation.DELETE, "net.vpc").startSeq())
        .isGreaterThan(f.fake.call(Operation.DELETE, "net.subnet").endSeq());
    assertThat(f.fake.cloud().keySet()).containsExactly("bucket#1");
    assertThat(f.state().resources())
        .extracting(r -> r.address())
        .containsExactly("storage.bucket");
    assertThat(f.state().outputs()).isEmpty();
  }

  @Test
  void apply_whenFieldChangesInPlace_updatesWithoutReplacing() {
    StackBuilder b = f.stack();
    b.add("net.vpc", f.fake.type(), r -> FakeSpec.named("vpc"));
    f.apply(b.build());
    StackBuilder b2 = f.stack();
    b2.add("net.vpc", f.fake.type(), r -> FakeSpec.named("vpc").withSize("large"));

    ApplyResult result = f.apply(b2.build());

    assertThat(result.changed()).isEqualTo(1);
    assertThat(f.fake.calls(Operation.CREATE)).hasSize(1);
    assertThat(f.fake.only("vpc").id()).isEqualTo("vpc#1");
    assertThat(f.fake.only("vpc").spec().size()).isEqualTo("large");
    assertThat(f.state().find("net.vpc").orElseThrow().inputs().get("size").textValue())
        .isEqualTo("large");
  }

  @Test
  void apply_whenDependencyReplaced_deletesOldThenCreatesNewAndUpdatesDependent() {
    f.apply(zoned(f, "a"));
    f.fake.clearCalls();

    ApplyResult result = f.apply(zoned(f, "b"));

    assertThat(result.succeeded()).isTrue();
    assertThat(f.fake.call(Operation.CREATE, "net.vpc").startSeq())
        .isGreaterThan(f.fake.call(Operation.DELETE, "net.vpc").endSeq());
    assertThat(f.fake.call(Operation.UPDATE, "net.subnet").startSeq())
        .isGreaterThan(f.fake.call(Operation.CREATE, "net.vpc").endSeq());
    assertThat(f.fake.cloud().keySet()).containsExactlyInAnyOrder("vpc#2", "subnet#1");
    assertThat(f.fake.only("subnet").spec().parent()).isEqualTo("vpc#2");
    assertThat(f.plan(zoned(f, "b")).hasChanges()).isFalse();
  }

  @Test
  void apply_whenCreateBeforeDestroy_createsNewThenRepointsDependentThenDeletesOld() {
    f = new EngineFixture(dir, new FakeHandler("fake_thing", java.util.Set.of("zone"), true));
    f.apply(zoned(f, "a"));
    f.fake.clearCalls();

    ApplyResult result = f.apply(zoned(f, "b"));

    assertThat(result.succeeded()).isTrue();
    Call create = f.fake.call(Operation.CREATE, "net.vpc");
    Call update = f.fake.call(Operation.UPDATE, "net.subnet");
    Call delete = f.fake.call(Operation.DELETE, "net.vpc");
    assertThat(update.startSeq()).isGreaterThan(create.endSeq());
    assertThat(delete.startSeq())
        .as("the old vpc goes only after the subnet stopped using it")
        .isGreaterThan(update.endSeq());
    assertThat(delete.id()).isEqualTo("vpc#1");
    assertThat(f.fake.cloud().keySet()).containsExactlyInAnyOrder("vpc#2", "subnet#1");
    assertThat(f.state().resources())
        .extracting(r -> r.address())
        .containsExactlyInAnyOrder("net.vpc", "net.subnet");
  }

  @Test
  void apply_whenOperationRunsLong_reportsItIsStillRunningByTheInjectedClock() {
    f.stillRunningEvery(Duration.ofMillis(2));
    f.fake.onCreate =
        (ctx, spec) -> {
          f.clock.advance(Duration.ofMillis(5)); // the fake clock says 5ms passed
          try {
            f.listener.awaitEvent("still Creating net.vpc");
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
          return f.fake.defaultCreate(ctx, spec);
        };
    StackBuilder b = f.stack();
    b.add("net.vpc", f.fake.type(), r -> FakeSpec.named("vpc"));

    ApplyResult result = f.apply(b.build());

    assertThat(result.succeeded()).isTrue();
    assertThat(f.listener.events()).contains("still Creating net.vpc after 4ms");
  }

  private static StackDefinition zoned(EngineFixture f, String zone) {
    StackBuilder b = f.stack();
    Resource<FakeSpec> vpc =
        b.add("net.vpc", f.fake.type(), r -> FakeSpec.named("vpc").withZone(zone));
    b.add("net.subnet", f.fake.type(), r -> FakeSpec.named("subnet").withParent(r.get(vpc.id())));
    return b.build();
  }
}
