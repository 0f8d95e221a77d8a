package dev.deployer.core.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.core.fixture.EngineFixture;
import dev.deployer.core.fixture.FakeHandler;
import dev.deployer.core.fixture.FakeSpec;
import dev.deployer.core.fixture.ForwardingStateStore;
import dev.deployer.core.fixture.StateIntegrity;
import dev.deployer.core.model.Resource;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.plan.Action;
import dev.deployer.core.plan.Plan;
import dev.deployer.core.spi.Operation;
import dev.deployer.core.state.FileStateStore;
import dev.deployer.core.state.StackState;
import dev.deployer.core.state.StateChange;
import dev.deployer.core.state.StateException;
import dev.deployer.core.state.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that dies between the API call and the state write must not leave a duplicate behind: the
 * pending entry written before the call makes the next run look the object up and adopt it.
 */
class CrashRecoveryTest {
  @TempDir Path dir;

  /** This test's engine and fake cloud; a test that needs another handler replaces it. */
  EngineFixture f;

  @BeforeEach
  void newFixture() {
    f = new EngineFixture(dir);
  }

  /** A store that refuses, once, the first write matching a condition (the process "died"). */
  private static final class CrashingStore extends ForwardingStateStore {
    private final Predicate<StackState> crashOn;
    private final AtomicBoolean crashed = new AtomicBoolean();

    CrashingStore(FileStateStore delegate, Predicate<StackState> crashOn) {
      super(delegate);
      this.crashOn = crashOn;
    }

    private void crashIf(StackState state) {
      if (crashOn.test(state) && crashed.compareAndSet(false, true)) {
        throw new StateException("simulated crash before the state write");
      }
    }

    @Override
    public void write(StackState state) {
      crashIf(state);
      delegate.write(state);
    }

    @Override
    public long append(List<StateChange> changes, Supplier<StackState> after) {
      StackState s = after.get();
      crashIf(s);
      return delegate.append(changes, () -> s);
    }
  }

  private static StackDefinition vpcAndSubnet(EngineFixture f) {
    StackBuilder b = f.stack();
    Resource<FakeSpec> vpc = b.add("net.vpc", f.fake.type(), r -> FakeSpec.named("vpc"));
    b.add("net.subnet", f.fake.type(), r -> FakeSpec.named("subnet").withParent(r.get(vpc.id())));
    return b.build();
  }

  private static boolean records(StackState s, String address, Status status) {
    return s.find(address).map(r -> r.status() == status).orElse(false);
  }

  @Test
  void apply_whenCrashAfterCreateBeforeStateWrite_nextRunAdoptsWithoutDuplicate() {
    f.store(new CrashingStore(f.fileStore(), s -> records(s, "net.vpc", Status.READY)));
    StackDefinition def = vpcAndSubnet(f);

    ApplyResult crashed = f.apply(def);

    assertThat(crashed.failures())
        .extracting(ApplyResult.Failure::address)
        .containsExactly("net.vpc");
    assertThat(f.fake.cloud()).containsOnlyKeys("vpc#1");
    assertThat(StateIntegrity.render(f.state()))
        .isEqualTo(
            """
            net.vpc [pending-create] id=null {"name":"vpc","size":"small","zone":"a"}
            """);

    Plan plan = f.plan(def);

    // Found, but not known to be ready (the crash came before its readiness wait): the plan
    // finishes the create in place, and the apply waits for it before the subnet is created.
    assertThat(plan.change("net.vpc").action()).isEqualTo(Action.UPDATE);
    assertThat(plan.change("net.vpc").id()).isEqualTo("vpc#1");
    assertThat(plan.change("net.vpc").changes()).isEmpty();
    assertThat(plan.change("net.vpc").reason())
        .contains("adopted")
        .contains("its create did not finish: apply waits until it is ready");
    assertThat(plan.drift().get("net.vpc")).contains("adopted");
    assertThat(plan.change("net.subnet").action()).isEqualTo(Action.CREATE);
    java.util.List<String> order = f.fake.recordReadyAndCreateOrder();

    ApplyResult second = f.applyPlan(def, plan);

    assertThat(second.succeeded()).isTrue();
    assertThat(order).startsWith("ready vpc", "create subnet");
    assertThat(f.fake.readied).startsWith("vpc#1");
    assertThat(f.fake.objectsNamed("vpc")).hasSize(1);
    assertThat(f.fake.calls(Operation.CREATE, "net.vpc")).hasSize(1);
    assertThat(f.fake.calls(Operation.UPDATE, "net.vpc")).isEmpty();
    assertThat(StateIntegrity.render(f.state()))
        .isEqualTo(
            """
            net.subnet [ready] id=subnet#1 {"name":"subnet","size":"small","zone":"a","parent":"vpc#1"} deps=[net.vpc]
            net.vpc [ready] id=vpc#1 {"name":"vpc","size":"small","zone":"a"}
            """);
  }

  @Test
  void apply_whenHandlerDiesAfterCreating_nextRunFindsObjectByTagAndAdoptsIt() {
    dieAfterCreating("simulated crash: process killed after the API call returned");
    StackDefinition def = vpcAndSubnet(f);
    f.apply(def);
    assertThat(f.state().find("net.vpc").orElseThrow().status()).isEqualTo(Status.PENDING_CREATE);
    f.fake.onCreate = f.fake::defaultCreate;
    // Adoption must work by the deployer:address tag even when the name cannot be used.
    f.fake.onFind = (ctx, spec) -> f.fake.defaultFind(ctx, spec.withName(null));

    ApplyResult second = f.apply(def);

    assertThat(second.succeeded()).isTrue();
    assertThat(f.fake.objectsNamed("vpc")).hasSize(1);
    assertThat(f.state().find("net.vpc").orElseThrow().id()).isEqualTo("vpc#1");
    assertThat(f.plan(def).hasChanges()).isFalse();
  }

  @Test
  void plan_whenPendingCreateObjectWasNeverMade_createsItAgain() {
    f.fake.onCreate =
        (ctx, spec) -> {
          throw new Error("simulated crash before the API call");
        };
    StackDefinition def = vpcAndSubnet(f);
    f.apply(def);
    f.fake.onCreate = f.fake::defaultCreate;

    Plan plan = f.plan(def);

    assertThat(plan.change("net.vpc").action()).isEqualTo(Action.CREATE);
    assertThat(plan.refreshed().find("net.vpc")).isEmpty();
    assertThat(f.fake.calls(Operation.FIND, "net.vpc")).hasSize(1);
  }

  @Test
  void plan_whenPendingDeleteObjectIsGone_dropsTheEntry() {
    StackDefinition def = vpcAndSubnet(f);
    f.apply(def);
    f.fake.onDelete =
        (ctx, id, prior) -> {
          f.fake.defaultDelete(ctx, id, prior);
          throw new Error("simulated crash after the delete call");
        };
    f.destroy(def);
    assertThat(f.state().find("net.subnet").orElseThrow().status())
        .isEqualTo(Status.PENDING_DELETE);
    assertThat(f.fake.cloud()).containsOnlyKeys("vpc#1");
    f.fake.onDelete = f.fake::defaultDelete;

    Plan plan = f.planDestroy(def);

    assertThat(plan.refreshed().find("net.subnet")).isEmpty();
    assertThat(plan.change("net.subnet")).isNull();
    assertThat(plan.drift()).doesNotContainKey("net.subnet");
    ApplyResult result = f.applyPlan(def, plan);
    assertThat(result.succeeded()).isTrue();
    assertThat(f.state().resources()).isEmpty();
    assertThat(f.fake.cloud()).isEmpty();
    assertThat(f.fake.calls(Operation.DELETE, "net.subnet")).hasSize(1);
  }

  @Test
  void plan_whenPendingDeleteObjectStillExistsAndIsDesired_replacesIt() {
    StackDefinition def = vpcAndSubnet(f);
    f.apply(def);
    StackState s = f.state();
    f.store()
        .write(
            s.with(s.find("net.subnet").orElseThrow().withStatus(Status.PENDING_DELETE))
                .withSerial(s.serial() + 1));

    Plan plan = f.plan(def);

    assertThat(plan.change("net.subnet").action()).isEqualTo(Action.DELETE_THEN_CREATE);
    assertThat(plan.change("net.subnet").reason()).isEqualTo("an interrupted run was deleting it");
    f.applyPlan(def, plan);
    assertThat(f.fake.objectsNamed("subnet")).hasSize(1);
  }

  @Test
  void apply_whenCreateFailsRetryablyAfterCreatingServerSide_adoptsOnRetry() {
    AtomicInteger attempts = new AtomicInteger();
    f.fake.onCreate =
        (ctx, spec) -> {
          f.fake.defaultCreate(ctx, spec);
          if (attempts.incrementAndGet() == 1) {
            // The request reached the API and the object exists, but the response was lost.
            throw new FakeHandler.ThrottledException("read timed out");
          }
          throw new AssertionError("create called again instead of adopting");
        };
    StackBuilder b = f.stack();
    b.add("net.vpc", f.fake.type(), r -> FakeSpec.named("vpc"));

    ApplyResult result = f.apply(b.build());

    assertThat(result.succeeded()).isTrue();
    assertThat(f.fake.objectsNamed("vpc")).hasSize(1);
    assertThat(f.fake.calls(Operation.CREATE)).hasSize(1);
    assertThat(f.fake.calls(Operation.FIND)).hasSize(1);
    assertThat(f.state().find("net.vpc").orElseThrow().id()).isEqualTo("vpc#1");
    assertThat(f.state().find("net.vpc").orElseThrow().outputs())
        .containsEntry("arn", "arn:fake:vpc#1");
  }

  @Test
  void apply_whenCrashBeforeDeletingTheDeposedObject_nextRunDeletesIt() {
    replaceZoneDyingBeforeTheDelete();

    assertThat(f.fake.cloud()).containsOnlyKeys("vpc#1", "vpc#2");
    assertThat(StateIntegrity.render(f.state()))
        .isEqualTo(
            """
            net.vpc [ready] id=vpc#2 {"name":"vpc","size":"small","zone":"b"}
            net.vpc (deposed) [pending-delete] id=vpc#1 {"name":"vpc","size":"small","zone":"a"}
            """);
    f.fake.onDelete = f.fake::defaultDelete;

    Plan plan = f.plan(zonedVpc(f, "b"));

    assertThat(plan.change("net.vpc").action()).isEqualTo(Action.NO_OP);
    assertThat(plan.change("net.vpc (deposed)").action()).isEqualTo(Action.DELETE);
    f.applyPlan(zonedVpc(f, "b"), plan);
    assertThat(f.fake.cloud()).containsOnlyKeys("vpc#2");
    assertThat(f.state().resources()).extracting(r -> r.address()).containsExactly("net.vpc");
  }

  @Test
  void apply_whenReplacingAgainWhileAnOldDeposedObjectIsLeft_deletesItBeforeDeposingAnother()
      throws Exception {
    replaceZoneDyingBeforeTheDelete();
    java.util.concurrent.CountDownLatch newCreateStarted =
        new java.util.concurrent.CountDownLatch(1);
    f.fake.onCreate =
        (ctx, spec) -> {
          newCreateStarted.countDown();
          return f.fake.defaultCreate(ctx, spec);
        };
    f.fake.onDelete =
        (ctx, id, prior) -> {
          if (id.equals("vpc#1")) {
            try {
              // Give a wrongly unordered create the chance to depose vpc#2 over this entry.
              newCreateStarted.await(200, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
              throw new AssertionError(e);
            }
          }
          f.fake.defaultDelete(ctx, id, prior);
        };

    ApplyResult result = f.apply(zonedVpc(f, "c"));

    assertThat(result.succeeded()).isTrue();
    assertThat(f.fake.cloud()).as("no orphaned old object").containsOnlyKeys("vpc#3");
    assertThat(f.fake.calls(Operation.DELETE))
        .filteredOn(c -> !c.failed())
        .extracting(FakeHandler.Call::id)
        .containsExactly("vpc#1", "vpc#2");
    assertThat(f.state().resources()).extracting(r -> r.address()).containsExactly("net.vpc");
  }

  @Test
  void destroy_whenPendingCreateObjectExists_adoptsAndDeletesIt() {
    dieAfterCreating("simulated crash after the API call");
    StackDefinition def = zonedVpc(f, "a");
    f.apply(def);
    f.fake.onCreate = f.fake::defaultCreate;

    ApplyResult result = f.destroy(def);

    assertThat(result.destroyed()).isEqualTo(1);
    assertThat(f.fake.cloud()).isEmpty();
    assertThat(f.state().resources()).isEmpty();
  }

  /**
   * With a handler that replaces on a new zone: applies zone a, then zone b with a process that
   * dies before deleting the old object, which leaves vpc#1 deposed.
   */
  private void replaceZoneDyingBeforeTheDelete() {
    f = new EngineFixture(dir, new FakeHandler("fake_thing", java.util.Set.of("zone"), true));
    f.apply(zonedVpc(f, "a"));
    f.fake.onDelete =
        (ctx, id, prior) -> {
          throw new Error("simulated crash before deleting the old object");
        };
    f.apply(zonedVpc(f, "b"));
  }

  /** Creates make the object, then the process dies before the answer is recorded. */
  private void dieAfterCreating(String crash) {
    f.fake.onCreate =
        (ctx, spec) -> {
          f.fake.defaultCreate(ctx, spec);
          throw new Error(crash);
        };
  }

  private static StackDefinition zonedVpc(EngineFixture f, String zone) {
    StackBuilder b = f.stack();
    b.add("net.vpc", f.fake.type(), r -> FakeSpec.named("vpc").withZone(zone));
    return b.build();
  }
}
