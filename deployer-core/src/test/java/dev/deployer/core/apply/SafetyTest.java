package dev.deployer.core.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.core.DeployerException;
import dev.deployer.core.fixture.EngineFixture;
import dev.deployer.core.fixture.FakeHandler;
import dev.deployer.core.fixture.FakeSpec;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.plan.Action;
import dev.deployer.core.plan.Plan;
import dev.deployer.core.spi.Operation;
import dev.deployer.core.state.ResourceState;
import dev.deployer.core.state.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's part of issue 12: failed deletes do not jam, regions are recorded and a region
 * change is refused before anything is read, data-destroying changes need an explicit allowance,
 * create-before-destroy tells the create what it replaces, and a lost state adopts tagged objects.
 */
@Timeout(20)
class SafetyTest {
  @TempDir Path dir;

  private static StackDefinition one(EngineFixture f, String zone) {
    StackBuilder b = f.stack();
    b.add("net.config", f.fake.type(), r -> FakeSpec.named("config").withZone(zone));
    return b.build();
  }

  @Test
  void deleteRefusedBecauseInUse_leavesTheEntryReady_andTheRevertedConfigPlansNothing() {
    EngineFixture f = new EngineFixture(dir);
    f.apply(one(f, "a"));
    f.fake.onDelete =
        (ctx, id, prior) -> {
          throw new FakeHandler.FatalException(
              id + " is used by workspace 7 and cannot be deleted");
        };

    ApplyResult replaced = f.apply(one(f, "b"));

    assertThat(replaced.succeeded()).isFalse();
    assertThat(f.state().find("net.config").orElseThrow().status()).isEqualTo(Status.READY);
    Plan reverted = f.plan(one(f, "a"));
    assertThat(reverted.hasChanges()).isFalse();
  }

  @Test
  void regionIsRecordedPerResource_andAChangedRegionIsRefusedBeforeAnythingIsRead()
      throws Exception {
    EngineFixture f = new EngineFixture(dir);
    f.fake.region = "us-east-1";
    f.apply(one(f, "a"));
    assertThat(f.state().find("net.config").orElseThrow().region()).isEqualTo("us-east-1");
    assertThat(Files.readString(dir.resolve("dev.json"))).contains("\"region\" : \"us-east-1\"");
    f.fake.clearCalls();

    f.fake.region = "eu-west-1";

    assertThatThrownBy(() -> f.plan(one(f, "a")))
        .isInstanceOf(DeployerException.class)
        .hasMessageContaining("recorded in region us-east-1")
        .hasMessageContaining("now names eu-west-1")
        .hasMessageContaining("net.config")
        .hasMessageContaining("nothing was read or changed");
    assertThatThrownBy(() -> f.planDestroy(one(f, "a"))).isInstanceOf(DeployerException.class);
    assertThat(f.fake.calls()).isEmpty();
    assertThat(f.state().find("net.config")).isPresent();

    f.fake.region = "us-east-1";
    assertThat(f.plan(one(f, "a")).hasChanges()).isFalse();
  }

  @Test
  void aDeposedObjectKeepsItsRegion_soAnotherRegionsRunNeverCallsItDeleted() {
    EngineFixture f = new EngineFixture(dir, new FakeHandler("fake_thing", Set.of("zone"), true));
    f.fake.region = "us-east-1";
    f.apply(one(f, "a"));
    String old = f.state().find("net.config").orElseThrow().id();
    f.fake.onDelete =
        (ctx, id, prior) -> {
          throw new FakeHandler.FatalException(id + " is still in use");
        };

    assertThat(f.apply(one(f, "b")).succeeded()).isFalse();

    ResourceState deposed = f.state().find(ApplyGraph.deposed("net.config")).orElseThrow();
    assertThat(deposed.id()).isEqualTo(old);
    assertThat(deposed.region()).isEqualTo("us-east-1");
    f.fake.region = "eu-west-1";
    assertThatThrownBy(() -> f.plan(one(f, "b")))
        .hasMessageContaining("recorded in region us-east-1");
    assertThat(f.fake.cloud()).containsKey(old);
  }

  @Test
  void stateWithoutRegions_getsThemOnTheNextRefresh() {
    EngineFixture f = new EngineFixture(dir);
    f.apply(one(f, "a"));
    assertThat(f.state().find("net.config").orElseThrow().region()).isNull();

    f.fake.region = "us-east-1";
    f.engine(one(f, "a")).refresh(f.store());

    assertThat(f.state().find("net.config").orElseThrow().region()).isEqualTo("us-east-1");
  }

  @Test
  void dataDestroyingReplacement_isMarkedInThePlan_andRefusedUnlessAllowed() {
    EngineFixture f = new EngineFixture(dir);
    f.apply(one(f, "a"));
    String id = f.state().find("net.config").orElseThrow().id();
    f.fake.dataHeld = x -> Optional.of("catalog dev holds 3 schemas");

    Plan plan = f.plan(one(f, "b"));

    assertThat(plan.change("net.config").action()).isEqualTo(Action.DELETE_THEN_CREATE);
    assertThat(plan.change("net.config").destroysData()).isEqualTo("catalog dev holds 3 schemas");
    StackDefinition def = one(f, "b");
    assertThatThrownBy(() -> f.engine(def).apply(def, plan, f.store()))
        .isInstanceOf(DeployerException.class)
        .hasMessageContaining("net.config (catalog dev holds 3 schemas)")
        .hasMessageContaining("--allow-destroy net.config");
    assertThat(f.fake.calls(Operation.DELETE)).isEmpty();
    assertThat(f.fake.cloud()).containsKey(id);

    ApplyResult allowed = f.engine(def).apply(def, f.plan(def), f.store(), Set.of("net.config"));

    assertThat(allowed.succeeded()).isTrue();
    assertThat(f.fake.cloud()).doesNotContainKey(id);
  }

  @Test
  void dataHeldIsNotAskedForChangesThatDeleteNothing() {
    EngineFixture f = new EngineFixture(dir);
    f.fake.dataHeld =
        x -> {
          throw new AssertionError("asked about " + x);
        };
    f.apply(one(f, "a"));
    assertThat(f.plan(one(f, "a")).hasChanges()).isFalse();
  }

  @Test
  void destroyPlan_showsTheMark_andIsNotRefused() {
    EngineFixture f = new EngineFixture(dir);
    f.apply(one(f, "a"));
    f.fake.dataHeld = x -> Optional.of("workspace holds notebooks");

    Plan destroy = f.planDestroy(one(f, "a"));

    assertThat(destroy.change("net.config").destroysData()).isEqualTo("workspace holds notebooks");
    assertThat(f.applyPlan(one(f, "a"), destroy).succeeded()).isTrue();
  }

  @Test
  void createBeforeDestroy_tellsTheCreateWhichObjectItReplaces() {
    FakeHandler cbd = new FakeHandler("fake_config", Set.of("zone"), true);
    EngineFixture f = new EngineFixture(dir, cbd);
    f.apply(one(f, "a"));
    String old = f.state().find("net.config").orElseThrow().id();

    ApplyResult r = f.apply(one(f, "b"));

    assertThat(r.succeeded()).isTrue();
    assertThat(cbd.replacingSeen).containsEntry("net.config", old);
    long created =
        cbd.calls(Operation.CREATE, "net.config").stream()
            .filter(c -> "b".equals(c.spec().zone()))
            .findFirst()
            .orElseThrow()
            .endSeq();
    assertThat(created).isLessThan(cbd.call(Operation.DELETE, "net.config").startSeq());
  }

  @Test
  void lostState_adoptsTheObjectCarryingThisStacksTags_insteadOfCreatingASecond() {
    EngineFixture f = new EngineFixture(dir);
    f.fake.findsOnlyOwn = true;
    String existing = f.fake.putOwned(FakeSpec.named("config").withSize("large"), "net.config");

    ApplyResult r = f.apply(one(f, "a"));

    assertThat(r.succeeded()).isTrue();
    assertThat(f.fake.calls(Operation.CREATE)).isEmpty();
    assertThat(f.fake.only("config").id()).isEqualTo(existing);
    assertThat(f.fake.only("config").spec().size()).isEqualTo("small");
    assertThat(f.state().find("net.config").orElseThrow().id()).isEqualTo(existing);
    assertThat(f.listener.events())
        .anyMatch(
            e ->
                e.startsWith("progress net.config: adopted " + existing)
                    && e.contains("state had no entry"));
    assertThat(f.plan(one(f, "a")).hasChanges()).isFalse();
  }

  @Test
  void lostState_withoutOwnershipTrust_stillCreates() {
    EngineFixture f = new EngineFixture(dir);
    f.fake.putOwned(FakeSpec.named("config"), "net.config");

    f.apply(one(f, "a"));

    assertThat(f.fake.calls(Operation.FIND)).isEmpty();
    assertThat(f.fake.objectsNamed("config")).hasSize(2);
  }

  @Test
  void replacementsThatCannotBeOrdered_areRefusedAtPlanTime_beforeAnythingChanges() {
    EngineFixture f = new EngineFixture(dir);
    FakeHandler createFirst = new FakeHandler("fake_user", Set.of("zone", "parent"), true);
    f.others.add(createFirst);
    java.util.function.Function<String, StackDefinition> def =
        zone -> {
          StackBuilder b = f.stack();
          var parent =
              b.add("net.parent", f.fake.type(), r -> FakeSpec.named("parent").withZone(zone));
          b.add(
              "net.user",
              createFirst.type(),
              r -> FakeSpec.named("user").withParent(r.get(parent.id())));
          return b.build();
        };
    f.apply(def.apply("a"));
    f.fake.clearCalls();

    assertThatThrownBy(() -> f.plan(def.apply("b")))
        .isInstanceOf(DeployerException.class)
        .hasMessageContaining("cannot order")
        .hasMessageContaining("net.parent")
        .hasMessageContaining("net.user");
    assertThat(f.fake.calls(Operation.DELETE)).isEmpty();
    assertThat(createFirst.calls(Operation.CREATE)).hasSize(1);
  }
}
