package dev.deployer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.core.apply.ApplyResult;
import dev.deployer.core.fixture.EngineFixture;
import dev.deployer.core.fixture.FakeSpec;
import dev.deployer.core.fixture.ForwardingStateStore;
import dev.deployer.core.fixture.StateIntegrity;
import dev.deployer.core.model.Resource;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.plan.Action;
import dev.deployer.core.plan.Plan;
import dev.deployer.core.plan.Refresher;
import dev.deployer.core.plan.ResourceChange;
import dev.deployer.core.spi.Existing;
import dev.deployer.core.spi.Operation;
import dev.deployer.core.state.FileStateStore;
import dev.deployer.core.state.ResourceState;
import dev.deployer.core.state.StackState;
import dev.deployer.core.state.StateChange;
import dev.deployer.core.state.StateLockedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's entry points around plan and apply: stale plans, serials, refresh, import, lock. */
class EngineTest {
  @TempDir Path dir;

  /** This test's engine and fake cloud; a test that needs another handler replaces it. */
  EngineFixture f;

  @BeforeEach
  void newFixture() {
    f = new EngineFixture(dir);
  }

  private static StackDefinition vpcAndSubnet(EngineFixture f, String size) {
    StackBuilder b = f.stack();
    Resource<FakeSpec> vpc =
        b.add("net.vpc", f.fake.type(), r -> FakeSpec.named("vpc").withSize(size));
    b.add("net.subnet", f.fake.type(), r -> FakeSpec.named("subnet").withParent(r.get(vpc.id())));
    b.output("vpc_id", vpc.id());
    b.output("region", "us-east-1");
    return b.build();
  }

  /** Remembers the serial of every write. */
  private static final class SerialRecorder extends ForwardingStateStore {
    final List<Long> serials = new ArrayList<>();

    SerialRecorder(FileStateStore delegate) {
      super(delegate);
    }

    @Override
    public synchronized void write(StackState state) {
      delegate.write(state);
      serials.add(state.serial());
    }

    @Override
    public synchronized long append(List<StateChange> changes, Supplier<StackState> after) {
      long durable = delegate.append(changes, after);
      changes.forEach(c -> serials.add(c.serial()));
      return durable;
    }
  }

  @Test
  void apply_writesStateAfterEveryOperationWithSerialIncrementingByOne() {
    SerialRecorder recorder = new SerialRecorder(f.fileStore());
    f.store(recorder);

    f.apply(vpcAndSubnet(f, "small"));

    // initial record, pending + ready per resource, outputs
    assertThat(recorder.serials).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(f.state().serial()).isEqualTo(6);
    assertThat(f.state().outputs())
        .containsEntry("vpc_id", "vpc#1")
        .containsEntry("region", "us-east-1");
  }

  @Test
  void apply_whenStateMovedSinceThePlan_refusesTheStalePlan() {
    f.apply(vpcAndSubnet(f, "small"));
    StackDefinition bigger = vpcAndSubnet(f, "large");
    Plan saved = f.plan(bigger);
    f.apply(vpcAndSubnet(f, "medium")); // another run moved the state on
    f.fake.clearCalls();

    assertThatThrownBy(() -> f.engine(bigger).apply(bigger, saved, f.store()))
        .isInstanceOf(DeployerException.class)
        .hasMessageContaining("stale")
        .hasMessageContaining("plan was made at serial " + saved.baseSerial());
    assertThat(f.fake.calls()).isEmpty();
    assertThat(f.fake.only("vpc").spec().size()).isEqualTo("medium");
  }

  @Test
  void apply_whenPlanWasMadeBeforeAnyStateExisted_refusesItOnceStateExists() {
    StackDefinition def = vpcAndSubnet(f, "small");
    Plan fromNothing = f.plan(def);
    f.apply(def);

    assertThatThrownBy(() -> f.engine(def).apply(def, fromNothing, f.store()))
        .hasMessageContaining("stale");
    assertThat(f.fake.cloud()).hasSize(2);
  }

  @Test
  void apply_whenPlanIsForAnotherStack_refuses() {
    StackDefinition def = vpcAndSubnet(f, "small");
    Plan plan = f.plan(def);
    StackDefinition qa = new StackBuilder("qa", java.util.Map.of()).build();

    assertThatThrownBy(() -> f.engine(qa).apply(qa, plan, new FileStateStore(dir, "qa")))
        .hasMessageContaining("The plan is for stack 'dev', not 'qa'");
  }

  @Test
  void apply_ofASavedPlan_doesOnlyWhatThePlanSays() {
    StackDefinition def = vpcAndSubnet(f, "small");
    Plan plan = f.plan(def);

    ApplyResult result = f.applyPlan(def, plan);

    assertThat(result.added()).isEqualTo(2);
    assertThat(f.fake.calls(Operation.READ)).isEmpty();
  }

  @Test
  void refresh_recordsDriftInStateAndReportsIt() {
    StackDefinition def = vpcAndSubnet(f, "small");
    f.apply(def);
    long before = f.state().serial();
    f.fake.mutate("vpc#1", s -> s.withSize("huge"));

    Refresher.Result r = f.engine(def).refresh(f.store());

    assertThat(r.drift()).containsEntry("net.vpc", "changed outside deployer");
    assertThat(f.state().serial()).isEqualTo(before + 1);
    assertThat(f.state().find("net.vpc").orElseThrow().inputs().get("size").textValue())
        .isEqualTo("huge");
    StateIntegrity.check(f.state(), true);
  }

  @Test
  void refresh_whenNothingChanged_doesNotWrite() {
    StackDefinition def = vpcAndSubnet(f, "small");
    f.apply(def);
    long before = f.state().serial();

    Refresher.Result r = f.engine(def).refresh(f.store());

    assertThat(r.drift()).isEmpty();
    assertThat(f.state().serial()).isEqualTo(before);
  }

  @Test
  void importResource_adoptsAnExistingObjectSoPlanHasNothingToCreate() {
    StackBuilder b = f.stack();
    b.add("net.vpc", f.fake.type(), r -> FakeSpec.named("vpc"));
    StackDefinition def = b.build();
    String id = f.fake.put(FakeSpec.named("vpc"), java.util.Map.of());

    ResourceState entry = f.engine(def).importResource(def, f.store(), "net.vpc", id);

    assertThat(entry.id()).isEqualTo(id);
    assertThat(f.plan(def).hasChanges()).isFalse();
    assertThatThrownBy(() -> f.engine(def).importResource(def, f.store(), "net.vpc", id))
        .hasMessageContaining("already in the state");
    assertThatThrownBy(() -> f.engine(def).importResource(def, f.store(), "net.nope", id))
        .hasMessageContaining("There is no resource net.nope");
  }

  /** The fake's plan-time lookup: an object named like the spec, as a once-per-scope object. */
  private static void lookUpByName(EngineFixture f) {
    f.fake.onExistingAtPlan =
        (ctx, spec) ->
            f.fake.objectsNamed(spec.name()).stream()
                .findFirst()
                .map(o -> new Existing(o.id(), "the scope's one " + spec.name()));
  }

  @Test
  void plan_anObjectTheLookupFindsAtPlanTime_isAnImportNotACreate_andApplyUpdatesWhatDiffers() {
    String id = f.fake.put(FakeSpec.named("vpc").withSize("small"), java.util.Map.of());
    lookUpByName(f);
    StackDefinition def = vpcAndSubnet(f, "large");

    Plan plan = f.plan(def);
    ResourceChange vpc = plan.change("net.vpc");
    assertThat(vpc.action()).isEqualTo(Action.IMPORT);
    assertThat(vpc.id()).isEqualTo(id);
    assertThat(vpc.reason()).isEqualTo("the scope's one vpc");
    assertThat(vpc.changes()).extracting(c -> c.path()).containsExactly("size");
    assertThat(plan.toImport()).isEqualTo(1);
    assertThat(plan.toAdd()).isEqualTo(1); // the subnet
    // The imported object's id is known at plan time, so its dependents see the value.
    assertThat(plan.change("net.subnet").after().get("parent").asText()).isEqualTo(id);

    ApplyResult r = f.applyPlan(def, plan);
    assertThat(r.succeeded()).isTrue();
    assertThat(f.fake.calls(Operation.CREATE, "net.vpc")).isEmpty();
    assertThat(f.fake.call(Operation.UPDATE, "net.vpc").id()).isEqualTo(id);
    assertThat(f.fake.only("vpc").spec().size()).isEqualTo("large");
    assertThat(f.state().find("net.vpc").orElseThrow().id()).isEqualTo(id);
    assertThat(f.plan(def).hasChanges()).isFalse();
  }

  @Test
  void plan_whenThePlanTimeLookupRefuses_failsBeforeAnyChangeOrStateWrite() {
    f.fake.onExistingAtPlan =
        (ctx, spec) -> {
          if (spec.name().equals("vpc")) {
            throw new DeployerException("the scope already has one vpc");
          }
          return Optional.empty();
        };
    StackDefinition def = vpcAndSubnet(f, "large");

    assertThatThrownBy(() -> f.plan(def))
        .isInstanceOf(DeployerException.class)
        .hasMessage("the scope already has one vpc");
    assertThat(f.fake.calls()).isEmpty();
    assertThat(f.fake.cloud()).isEmpty();
    assertThat(f.store().read()).isEmpty();
  }

  @Test
  void plan_anObjectFoundAtPlanTimeThatWouldNeedReplacing_isRefusedNotDeleted() {
    f.fake.put(FakeSpec.named("vpc").withZone("a"), java.util.Map.of());
    lookUpByName(f);
    StackBuilder b = f.stack();
    b.add("net.vpc", f.fake.type(), r -> FakeSpec.named("vpc").withZone("b"));
    StackDefinition def = b.build();

    assertThatThrownBy(() -> f.plan(def))
        .isInstanceOf(DeployerException.class)
        .hasMessageContaining("net.vpc would take over")
        .hasMessageContaining("zone");
    assertThat(f.fake.calls(Operation.DELETE)).isEmpty();
  }

  @Test
  void plan_recordedResources_areNotLookedUpAgain() {
    StackDefinition def = vpcAndSubnet(f, "large");
    assertThat(f.apply(def).succeeded()).isTrue();
    List<String> looked = new java.util.concurrent.CopyOnWriteArrayList<>();
    f.fake.onExistingAtPlan =
        (ctx, spec) -> {
          looked.add(ctx.address());
          return Optional.empty();
        };
    assertThat(f.plan(def).hasChanges()).isFalse();
    assertThat(looked).isEmpty();
  }

  @Test
  void locked_holdsTheStackLockWhileWorkingAndReleasesIt() {
    StackDefinition def = vpcAndSubnet(f, "small");
    Engine engine = f.engine(def);

    Throwable inside =
        engine.locked(
            f.store(),
            "apply",
            () -> {
              try {
                f.fileStore().lock("plan", w -> {}).close();
                return null;
              } catch (StateLockedException e) {
                return e;
              }
            });

    assertThat(inside).isInstanceOf(StateLockedException.class);
    f.fileStore().lock("plan", w -> {}).close();
  }

  private static Plan throughJson(Plan plan) throws Exception {
    byte[] saved = dev.deployer.core.json.Json.mapper().writeValueAsBytes(plan);
    return dev.deployer.core.json.Json.mapper().readValue(saved, Plan.class);
  }

  @Test
  void apply_ofAPlanSavedAsJsonAndReadBack_doesTheSame() throws Exception {
    f.apply(vpcAndSubnet(f, "small"));
    f.fake.mutate("vpc#1", s -> s.withSize("huge"));
    StackDefinition def = vpcAndSubnet(f, "large");
    Plan plan = f.plan(def);

    Plan saved = throughJson(plan);
    ApplyResult result = f.applyPlan(def, saved);

    assertThat(saved.changes())
        .extracting(c -> c.action())
        .isEqualTo(plan.changes().stream().map(c -> c.action()).toList());
    assertThat(result.changed()).isEqualTo(1);
    assertThat(f.fake.only("vpc").spec().size()).isEqualTo("large");
    assertThat(f.plan(def).hasChanges()).isFalse();
  }

  @Test
  void apply_ofASavedPlanAfterStateMoved_refusesIt() throws Exception {
    StackDefinition def = vpcAndSubnet(f, "small");
    Plan saved = throughJson(f.plan(def));
    f.apply(def);

    assertThatThrownBy(() -> f.engine(def).apply(def, saved, f.store()))
        .hasMessageContaining("stale");
    assertThat(f.fake.cloud()).hasSize(2);
  }
}
