package dev.deployer.core.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.core.fixture.EngineFixture;
import dev.deployer.core.fixture.FakeHandler;
import dev.deployer.core.fixture.FakeSpec;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.plan.Action;
import dev.deployer.core.spi.Operation;
import dev.deployer.core.state.ResourceState;
import dev.deployer.core.state.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The handler's readiness wait runs on every path that hands an object on: after a create, after a
 * create retried once the failed attempt had made the object after all, and after adopting this
 * stack's object found before a create. Before, the retried path recorded the found object at once,
 * and what depended on it started against a half-made object (a PENDING cluster, a metastore the
 * workspace's Unity Catalog did not see yet).
 */
class ReadinessDuringApplyTest {
  @TempDir Path dir;

  /** A cluster and something that uses it, with the order of readiness and the user's create. */
  private static StackDefinition clusterAndUser(EngineFixture f) {
    StackBuilder b = f.stack();
    var cluster = b.add("ws.cluster", f.fake.type(), r -> FakeSpec.named("cluster"));
    b.add(
        "ws.permissions",
        f.fake.type(),
        r -> FakeSpec.named("perms").withParent(r.get(cluster.out("arn"))));
    return b.build();
  }

  @Test
  void apply_waitsForEachCreatedObjectBeforeWhatDependsOnItIsCreated() {
    EngineFixture f = new EngineFixture(dir);
    List<String> order = f.fake.recordReadyAndCreateOrder();

    ApplyResult result = f.apply(clusterAndUser(f));

    assertThat(result.succeeded()).isTrue();
    assertThat(order)
        .containsExactly("create cluster", "ready cluster", "create perms", "ready perms");
    assertThat(f.fake.readied)
        .containsExactly(f.fake.only("cluster").id(), f.fake.only("perms").id());
  }

  @Test
  void apply_whenTheFailedCreateMadeTheObjectAfterAll_waitsForTheAdoptedObjectToo() {
    EngineFixture f = new EngineFixture(dir);
    List<String> order = f.fake.recordReadyAndCreateOrder();
    AtomicInteger attempts = new AtomicInteger();
    f.fake.onCreate =
        (ctx, spec) -> {
          order.add("create " + spec.name());
          var made = f.fake.defaultCreate(ctx, spec);
          if (spec.name().equals("cluster") && attempts.incrementAndGet() == 1) {
            // The service made it, and the answer was lost on the way back.
            throw new FakeHandler.EventuallyConsistentException("connection reset");
          }
          return made;
        };

    ApplyResult result = f.apply(clusterAndUser(f));

    assertThat(result.succeeded()).isTrue();
    assertThat(f.fake.objectsNamed("cluster")).hasSize(1);
    assertThat(f.fake.calls(Operation.CREATE, "ws.cluster")).hasSize(1);
    assertThat(f.fake.calls(Operation.FIND, "ws.cluster")).hasSize(1);
    assertThat(order)
        .containsExactly("create cluster", "ready cluster", "create perms", "ready perms");
    assertThat(f.fake.readied.get(0)).isEqualTo(f.fake.only("cluster").id());
  }

  @Test
  void apply_whenItAdoptsThisStacksObjectFoundBeforeCreate_waitsForIt() {
    EngineFixture f = new EngineFixture(dir);
    f.fake.findsOnlyOwn = true;
    String lost = f.fake.putOwned(FakeSpec.named("cluster"), "ws.cluster");
    List<String> order = f.fake.recordReadyAndCreateOrder();

    ApplyResult result = f.apply(clusterAndUser(f));

    assertThat(result.succeeded()).isTrue();
    assertThat(f.fake.objectsNamed("cluster")).hasSize(1);
    assertThat(order).containsExactly("ready cluster", "create perms", "ready perms");
    assertThat(f.fake.readied.get(0)).isEqualTo(lost);
    assertThat(f.state().find("ws.cluster").orElseThrow().id()).isEqualTo(lost);
  }

  @Test
  void apply_whenTheObjectNeverBecomesReady_keepsItsIdAndCreatesNothingThatDependsOnIt() {
    EngineFixture f = new EngineFixture(dir);
    f.fake.onAwaitReady =
        (ctx, id, spec) -> {
          if (spec.name().equals("cluster")) {
            throw new FakeHandler.FatalException("cluster " + id + " went to ERROR");
          }
        };

    ApplyResult result = f.apply(clusterAndUser(f));

    assertThat(result.succeeded()).isFalse();
    assertThat(result.failures().get(0).error()).hasMessageContaining("went to ERROR");
    String id = f.fake.only("cluster").id();
    ResourceState entry = f.state().find("ws.cluster").orElseThrow();
    assertThat(entry.id()).isEqualTo(id);
    assertThat(entry.status()).isEqualTo(Status.PENDING_CREATE);
    assertThat(f.fake.objectsNamed("perms")).isEmpty();

    // The next run reads the recorded object instead of looking for it or creating a second one,
    // and finishes its create: a refresh leaves it pending, the plan says so, and the apply waits
    // for it again before what depends on it is created.
    f.fake.clearCalls();
    assertThat(f.engine(clusterAndUser(f)).refresh(f.store()).state().find("ws.cluster"))
        .get()
        .extracting(ResourceState::status)
        .isEqualTo(Status.PENDING_CREATE);
    // Handlers may read the prior spec when asked what an update renames (the catalog does); with
    // nothing changed the planner must not ask.
    f.fake.changedByUpdate =
        (prior, desired) -> {
          assertThat(prior).isNotNull();
          return java.util.Set.of();
        };
    var plan = f.plan(clusterAndUser(f));
    assertThat(plan.change("ws.cluster").action()).isEqualTo(Action.UPDATE);
    assertThat(plan.change("ws.cluster").changes()).isEmpty();
    assertThat(plan.change("ws.cluster").reason())
        .isEqualTo("its create did not finish: apply waits until it is ready");
    List<String> order = f.fake.recordReadyAndCreateOrder();
    assertThat(f.applyPlan(clusterAndUser(f), plan).succeeded()).isTrue();
    assertThat(order).containsExactly("ready cluster", "create perms", "ready perms");
    assertThat(f.fake.objectsNamed("cluster")).hasSize(1);
    assertThat(f.fake.calls(Operation.FIND, "ws.cluster")).isEmpty();
    assertThat(f.fake.calls(Operation.CREATE, "ws.cluster")).isEmpty();
    assertThat(f.fake.calls(Operation.UPDATE, "ws.cluster")).isEmpty();
    assertThat(f.state().find("ws.cluster").orElseThrow().status()).isEqualTo(Status.READY);
    assertThat(f.plan(clusterAndUser(f)).hasChanges()).isFalse();
  }

  /** A fixture whose first apply created the cluster and then gave up waiting for it. */
  private EngineFixture afterAnUnfinishedCreate() {
    EngineFixture f = new EngineFixture(dir);
    f.fake.onAwaitReady =
        (ctx, id, spec) -> {
          throw new FakeHandler.FatalException("cluster " + id + " still PENDING at the deadline");
        };
    StackBuilder b = f.stack();
    b.add("ws.cluster", f.fake.type(), r -> FakeSpec.named("cluster"));
    assertThat(f.apply(b.build()).succeeded()).isFalse();
    assertThat(f.state().find("ws.cluster").orElseThrow().status())
        .isEqualTo(Status.PENDING_CREATE);
    return f;
  }

  @Test
  void aReplacementTheHandlerRefuses_isRefusedForAnUnfinishedCreateToo() {
    EngineFixture f = afterAnUnfinishedCreate();

    // The object exists: a change that would replace it meets the same refusal as a ready one.
    f.fake.refuseReplacement = (prior, desired) -> java.util.Optional.of("zones cannot move");
    StackBuilder moved = f.stack();
    moved.add("ws.cluster", f.fake.type(), r -> FakeSpec.named("cluster").withZone("b"));
    assertThatThrownBy(() -> f.plan(moved.build()))
        .hasMessageContaining("ws.cluster: zones cannot move");
    assertThat(f.fake.objectsNamed("cluster")).hasSize(1);
  }

  @Test
  void anUpdateTheHandlerRefuses_isRefusedAtPlanTime_andNothingIsCalled() {
    EngineFixture f = afterAnUnfinishedCreate();

    f.fake.refuseUpdate =
        (prior, desired) ->
            prior.size().equals(desired.size())
                ? java.util.Optional.empty()
                : java.util.Optional.of("the service cannot shrink it");
    StackBuilder changed = f.stack();
    changed.add("ws.cluster", f.fake.type(), r -> FakeSpec.named("cluster").withSize("large"));
    assertThatThrownBy(() -> f.plan(changed.build()))
        .hasMessageContaining("This plan is refused: a change cannot be carried out safely")
        .hasMessageContaining("ws.cluster: the service cannot shrink it");
    assertThat(f.fake.calls(dev.deployer.core.spi.Operation.UPDATE)).isEmpty();
    assertThat(f.state().find("ws.cluster").orElseThrow().status())
        .isEqualTo(Status.PENDING_CREATE);
  }

  @Test
  void apply_finishingAnUnfinishedCreate_waitsBeforeItChangesTheObject() {
    EngineFixture f = afterAnUnfinishedCreate();

    // The configuration changed meanwhile: the unfinished object is waited for, then updated.
    List<String> order = new ArrayList<>();
    f.fake.onAwaitReady = (ctx, id, spec) -> order.add("ready " + spec.size());
    f.fake.onUpdate =
        (ctx, id, prior, desired) -> {
          order.add("update to " + desired.size());
          return f.fake.defaultUpdate(ctx, id, prior, desired);
        };
    StackBuilder changed = f.stack();
    changed.add("ws.cluster", f.fake.type(), r -> FakeSpec.named("cluster").withSize("large"));
    var plan = f.plan(changed.build());
    assertThat(plan.change("ws.cluster").action()).isEqualTo(Action.UPDATE);
    assertThat(plan.change("ws.cluster").changes()).isNotEmpty();

    assertThat(f.applyPlan(changed.build(), plan).succeeded()).isTrue();
    assertThat(order).containsExactly("ready large", "update to large");
    assertThat(f.state().find("ws.cluster").orElseThrow().status()).isEqualTo(Status.READY);
  }
}
