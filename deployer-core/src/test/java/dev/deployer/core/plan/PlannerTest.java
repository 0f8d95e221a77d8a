package dev.deployer.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.core.diff.FieldChange;
import dev.deployer.core.fixture.EngineFixture;
import dev.deployer.core.fixture.FakeHandler;
import dev.deployer.core.fixture.FakeSpec;
import dev.deployer.core.model.Resource;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.model.Unknown;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.Operation;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Refresh and plan against the fake cloud: what each situation plans, field by field. */
class PlannerTest {
  @TempDir Path dir;

  /** This test's engine and fake cloud; a test that needs another handler replaces it. */
  EngineFixture f;

  @BeforeEach
  void newFixture() {
    f = new EngineFixture(dir);
  }

  /** The network of zone a with a small subnet, applied. */
  private StackDefinition appliedNetwork() {
    StackDefinition def = network(f, "a", "small");
    f.apply(def);
    return def;
  }

  private StackDefinition network(EngineFixture f, String vpcZone, String subnetSize) {
    StackBuilder b = f.stack();
    Resource<FakeSpec> vpc =
        b.add("net.vpc", f.fake.type(), r -> FakeSpec.named("vpc").withZone(vpcZone));
    b.add(
        "net.subnet",
        f.fake.type(),
        r -> FakeSpec.named("subnet").withSize(subnetSize).withParent(r.get(vpc.id())));
    b.output("vpc_id", vpc.id());
    return b.build();
  }

  @Test
  void plan_fromEmptyState_createsEverythingDependenciesFirst() {

    Plan plan = f.plan(network(f, "a", "small"));

    assertThat(plan.changes())
        .extracting(ResourceChange::address, ResourceChange::action)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("net.vpc", Action.CREATE),
            org.assertj.core.groups.Tuple.tuple("net.subnet", Action.CREATE));
    assertThat(plan.toAdd()).isEqualTo(2);
    assertThat(plan.toChange()).isZero();
    assertThat(plan.toDestroy()).isZero();
    assertThat(plan.baseSerial()).isEqualTo(-1);
    assertThat(plan.change("net.subnet").dependencies()).containsExactly("net.vpc");
    assertThat(f.fake.calls()).as("planning never mutates").isEmpty();
  }

  @Test
  void plan_whenDependencyIsBeingCreated_showsItsIdAsUnknown() {

    Plan plan = f.plan(network(f, "a", "small"));

    String parent = plan.change("net.subnet").after().get("parent").textValue();
    assertThat(Unknown.isWhole(parent)).isTrue();
    assertThat(Unknown.render(parent)).isEqualTo("(known after apply)");
  }

  @Test
  void plan_afterApply_hasNoChanges() {
    StackDefinition def = appliedNetwork();
    f.fake.clearCalls();

    Plan plan = f.plan(def);

    assertThat(plan.hasChanges()).isFalse();
    assertThat(plan.changes()).extracting(ResourceChange::action).containsOnly(Action.NO_OP);
    assertThat(plan.drift()).isEmpty();
    assertThat(f.fake.calls()).extracting(FakeHandler.Call::op).containsOnly(Operation.READ);
  }

  @Test
  void plan_whenObjectDriftedInCloud_showsUpdateWithFieldBeforeAndAfter() {
    StackDefinition def = appliedNetwork();
    f.fake.mutate(f.fake.only("subnet").id(), s -> s.withSize("huge"));

    Plan plan = f.plan(def);

    ResourceChange c = plan.change("net.subnet");
    assertThat(c.action()).isEqualTo(Action.UPDATE);
    assertThat(c.changes()).hasSize(1);
    FieldChange size = c.changes().get(0);
    assertThat(size.path()).isEqualTo("size");
    assertThat(size.before().textValue()).isEqualTo("huge");
    assertThat(size.after().textValue()).isEqualTo("small");
    assertThat(size.forcesReplacement()).isFalse();
    assertThat(plan.drift()).containsEntry("net.subnet", "changed outside deployer");
    assertThat(plan.change("net.vpc").action()).isEqualTo(Action.NO_OP);
    assertThat(plan.toChange()).isEqualTo(1);
  }

  @Test
  void plan_whenObjectDeletedOutOfBand_plansCreateAgain() {
    StackDefinition def = appliedNetwork();
    f.fake.removeOutOfBand(f.fake.only("subnet").id());

    Plan plan = f.plan(def);

    assertThat(plan.change("net.subnet").action()).isEqualTo(Action.CREATE);
    assertThat(plan.change("net.vpc").action()).isEqualTo(Action.NO_OP);
    assertThat(plan.drift()).containsEntry("net.subnet", "deleted outside deployer");
    assertThat(plan.refreshed().find("net.subnet")).isEmpty();
  }

  @Test
  void plan_whenReadFindsTheObjectBroken_replacesIt_andSaysWhy() {
    StackDefinition def = appliedNetwork();
    String subnet = f.fake.only("subnet").id();
    f.fake.onRead =
        (ctx, id, prior) ->
            f.fake
                .defaultRead(ctx, id, prior)
                .map(
                    o ->
                        id.equals(subnet)
                            ? Observed.broken(o.spec(), o.outputs(), "it is FAILED")
                            : o);

    Plan plan = f.plan(def);

    assertThat(plan.change("net.subnet").action()).isEqualTo(Action.DELETE_THEN_CREATE);
    assertThat(plan.change("net.subnet").reason()).isEqualTo("it is FAILED");
    assertThat(plan.change("net.vpc").action()).isEqualTo(Action.NO_OP);
  }

  @Test
  void plan_whenReplaceForcingFieldChanges_deletesThenCreates() {
    f.apply(network(f, "a", "small"));

    Plan plan = f.plan(network(f, "b", "small"));

    ResourceChange vpc = plan.change("net.vpc");
    assertThat(vpc.action()).isEqualTo(Action.DELETE_THEN_CREATE);
    assertThat(vpc.replaceFields()).containsExactly("zone");
    assertThat(vpc.id()).isEqualTo(f.fake.only("vpc").id());
    assertThat(plan.toAdd()).isEqualTo(1);
    assertThat(plan.toDestroy()).isEqualTo(1);
  }

  @Test
  void plan_whenReplaceForcingFieldChangesAndCreateBeforeDestroy_createsThenDeletes() {
    f = new EngineFixture(dir, new FakeHandler("fake_thing", Set.of("zone"), true));
    f.apply(network(f, "a", "small"));

    Plan plan = f.plan(network(f, "b", "small"));

    assertThat(plan.change("net.vpc").action()).isEqualTo(Action.CREATE_THEN_DELETE);
    assertThat(plan.change("net.vpc").replaceFields()).containsExactly("zone");
  }

  @Test
  void plan_whenDependencyIsReplaced_dependentSeesUnknownAndCountsAsChange() {
    f.apply(network(f, "a", "small"));
    String oldVpc = f.fake.only("vpc").id();

    Plan plan = f.plan(network(f, "b", "small"));

    ResourceChange subnet = plan.change("net.subnet");
    assertThat(subnet.action()).isEqualTo(Action.UPDATE);
    assertThat(subnet.changes()).extracting(FieldChange::path).containsExactly("parent");
    FieldChange parent = subnet.changes().get(0);
    assertThat(parent.before().textValue()).isEqualTo(oldVpc);
    assertThat(Unknown.in(parent.after())).isTrue();
    assertThat(plan.hasChanges()).isTrue();
  }

  @Test
  void plan_whenDependencyOnlyUpdatesInPlace_dependentKeepsKnownValue() {
    StackBuilder b = f.stack();
    Resource<FakeSpec> vpc = b.add("net.vpc", f.fake.type(), r -> FakeSpec.named("vpc"));
    b.add("net.subnet", f.fake.type(), r -> FakeSpec.named("subnet").withParent(r.get(vpc.id())));
    f.apply(b.build());
    StackBuilder b2 = f.stack();
    Resource<FakeSpec> vpc2 =
        b2.add("net.vpc", f.fake.type(), r -> FakeSpec.named("vpc").withSize("large"));
    b2.add("net.subnet", f.fake.type(), r -> FakeSpec.named("subnet").withParent(r.get(vpc2.id())));

    Plan plan = f.plan(b2.build());

    assertThat(plan.change("net.vpc").action()).isEqualTo(Action.UPDATE);
    assertThat(plan.change("net.subnet").action()).isEqualTo(Action.NO_OP);
  }

  @Test
  void plan_whenResourceRemovedFromConfig_deletesIt() {
    f.apply(network(f, "a", "small"));
    StackBuilder b = f.stack();
    b.add("net.vpc", f.fake.type(), r -> FakeSpec.named("vpc"));

    Plan plan = f.plan(b.build());

    ResourceChange subnet = plan.change("net.subnet");
    assertThat(subnet.action()).isEqualTo(Action.DELETE);
    assertThat(subnet.reason()).isEqualTo("no longer in the configuration");
    assertThat(subnet.after()).isNull();
    assertThat(plan.change("net.vpc").action()).isEqualTo(Action.NO_OP);
    assertThat(plan.toDestroy()).isEqualTo(1);
  }

  @Test
  void plan_destroy_deletesEverythingDependentsFirst() {
    StackDefinition def = appliedNetwork();

    Plan plan = f.planDestroy(def);

    assertThat(plan.destroy()).isTrue();
    assertThat(plan.changes())
        .extracting(ResourceChange::address)
        .containsExactly("net.subnet", "net.vpc");
    assertThat(plan.changes()).extracting(ResourceChange::action).containsOnly(Action.DELETE);
  }

  @Test
  void plan_whenResourceIsTainted_replacesIt() {
    StackDefinition def = appliedNetwork();
    var state = f.state();
    f.store()
        .write(
            state
                .with(
                    state
                        .find("net.vpc")
                        .orElseThrow()
                        .withStatus(dev.deployer.core.state.Status.TAINTED))
                .withSerial(state.serial() + 1));

    Plan plan = f.plan(def);

    assertThat(plan.change("net.vpc").action()).isEqualTo(Action.DELETE_THEN_CREATE);
    assertThat(plan.change("net.vpc").reason()).isEqualTo("tainted by a failed operation");
  }

  @Test
  void plan_whenReadsFail_refusesNamingEveryFailedResource() {
    StackDefinition def = appliedNetwork();
    f.fake.onRead =
        (ctx, id, prior) -> {
          throw new FakeHandler.FatalException("AccessDenied reading " + id);
        };

    assertThatThrownBy(() -> f.plan(def))
        .isInstanceOf(dev.deployer.core.DeployerException.class)
        .hasMessageContaining("Refresh failed; nothing was changed")
        .hasMessageContaining("reading net.vpc (fake_thing, id vpc#1): AccessDenied reading vpc#1")
        .hasMessageContaining("reading net.subnet (fake_thing, id subnet#1)");
  }

  @Test
  void plan_refreshReadsInParallelBoundedByParallelism() {
    f.parallelism(1);
    StackBuilder b = f.stack();
    for (int i = 0; i < 6; i++) {
      String name = "bucket" + i;
      b.add("storage." + name, f.fake.type(), r -> FakeSpec.named(name));
    }
    StackDefinition def = b.build();
    f.apply(def);
    f.parallelism(2);
    java.util.concurrent.CyclicBarrier pair = new java.util.concurrent.CyclicBarrier(2);
    f.fake.onRead =
        (ctx, id, prior) -> {
          try {
            pair.await(5, java.util.concurrent.TimeUnit.SECONDS); // needs two reads at once
          } catch (Exception e) {
            throw new AssertionError("reads did not overlap", e);
          }
          return f.fake.defaultRead(ctx, id, prior);
        };

    Plan plan = f.plan(def);

    assertThat(plan.hasChanges()).isFalse();
    assertThat(f.fake.calls(Operation.READ)).hasSize(6);
    assertThat(f.fake.maxInFlight()).isEqualTo(2);
  }
}
