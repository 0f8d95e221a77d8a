package dev.deployer.core.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.core.fixture.EngineFixture;
import dev.deployer.core.fixture.FakeHandler;
import dev.deployer.core.fixture.FakeSpec;
import dev.deployer.core.model.Ref;
import dev.deployer.core.model.Resource;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.model.Unknown;
import dev.deployer.core.plan.Action;
import dev.deployer.core.plan.Plan;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.Operation;
import dev.deployer.core.state.ResourceState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An in-place update that changes the object's outputs and id (a Unity Catalog catalog renamed with
 * {@code new_name}, whose id is its name): what refers to them is planned on values known only
 * after apply and updated with the new ones, with no replacement anywhere.
 */
class RenameInPlaceTest {
  @TempDir Path dir;

  /** Ids are "name/n"; a change of name moves the object to the new name's id, as UC does. */
  private static FakeHandler renamingHandler() {
    FakeHandler fake = new FakeHandler();
    fake.changedByUpdate =
        (prior, desired) -> prior.name().equals(desired.name()) ? Set.of() : Set.of(Ref.ID, "arn");
    fake.onUpdate =
        (ctx, id, prior, desired) -> {
          if (prior.name().equals(desired.name())) {
            return fake.defaultUpdate(ctx, id, prior, desired);
          }
          String newId = desired.name() + "#renamed";
          fake.rekey(id, newId, desired);
          return Map.of(Ref.ID, newId, "arn", "arn:fake:" + newId);
        };
    return fake;
  }

  private static StackDefinition stack(EngineFixture f, String catalogName) {
    return stack(f, FakeSpec.named(catalogName));
  }

  /** A catalog, grants that use its arn and a binding that uses its id. */
  private static StackDefinition stack(EngineFixture f, FakeSpec catalogSpec) {
    StackBuilder b = f.stack();
    var type = f.fake.type();
    Resource<FakeSpec> catalog = b.add("uc.catalog", type, r -> catalogSpec);
    Ref arn = catalog.out("arn");
    Ref id = catalog.id();
    b.add("uc.grants", type, r -> FakeSpec.named("grants").withParent(r.get(arn)));
    b.add("uc.binding", type, r -> FakeSpec.named("binding").withLinks(List.of(r.get(id))));
    return b.build();
  }

  private static ResourceState entry(EngineFixture f, String address) {
    return f.state().find(address).orElseThrow();
  }

  @Test
  void aRename_isAnUpdate_whoseDependentsSeeTheNewValuesAsUnknown_andAreUpdatedWithThemAtApply() {
    EngineFixture f = new EngineFixture(dir, renamingHandler());
    f.apply(stack(f, "dev"));
    String grants = entry(f, "uc.grants").id();
    String binding = entry(f, "uc.binding").id();

    StackDefinition renamed = stack(f, "dev2");
    Plan plan = f.plan(renamed);
    assertThat(plan.change("uc.catalog").action()).isEqualTo(Action.UPDATE);
    assertThat(plan.change("uc.grants").action()).isEqualTo(Action.UPDATE);
    assertThat(plan.change("uc.binding").action()).isEqualTo(Action.UPDATE);
    assertThat(plan.change("uc.grants").after().get("parent").textValue())
        .as("the catalog's arn after the rename is not known at plan time")
        .satisfies(v -> assertThat(Unknown.isWhole(v)).isTrue());
    assertThat(Unknown.in(plan.change("uc.binding").after())).isTrue();

    f.fake.clearCalls();
    ApplyResult r = f.applyPlan(renamed, plan);

    assertThat(r.succeeded()).isTrue();
    assertThat(f.fake.calls(Operation.CREATE)).isEmpty();
    assertThat(f.fake.calls(Operation.DELETE)).isEmpty();
    assertThat(entry(f, "uc.catalog").id()).isEqualTo("dev2#renamed");
    assertThat(entry(f, "uc.catalog").outputs())
        .containsEntry("arn", "arn:fake:dev2#renamed")
        .doesNotContainKey(Ref.ID);
    assertThat(f.fake.cloud().get(grants).spec().parent()).isEqualTo("arn:fake:dev2#renamed");
    assertThat(f.fake.cloud().get(binding).spec().links()).containsExactly("dev2#renamed");
    assertThat(f.fake.cloud()).doesNotContainKey("dev#1");
    assertThat(f.plan(renamed).hasChanges()).isFalse();
  }

  @Test
  void anUpdateThatKeepsTheName_keepsTheDependentsValuesKnown() {
    EngineFixture f = new EngineFixture(dir, renamingHandler());
    f.apply(stack(f, "dev"));
    Plan plan = f.plan(stack(f, FakeSpec.named("dev").withSize("large")));

    assertThat(plan.change("uc.catalog").action()).isEqualTo(Action.UPDATE);
    assertThat(plan.change("uc.grants").action()).isEqualTo(Action.NO_OP);
    assertThat(plan.change("uc.binding").action()).isEqualTo(Action.NO_OP);
  }

  /**
   * The run stops after the service renamed the object but before the rename was recorded: the
   * entry kept the intent (the new spec under the old id), so the next refresh finds the object
   * under its new id instead of calling it deleted outside deployer and creating a second one.
   */
  @Test
  void aRenameInterruptedBeforeItWasRecorded_isFoundUnderTheNewIdByTheNextRefresh() {
    FakeHandler fake = renamingHandler();
    EngineFixture f = new EngineFixture(dir, fake);
    f.apply(stack(f, "dev"));
    var renaming = fake.onUpdate;
    fake.onUpdate =
        (ctx, id, prior, desired) -> {
          renaming.update(ctx, id, prior, desired);
          throw new FakeHandler.FatalException("connection reset after the rename");
        };
    StackDefinition renamed = stack(f, "dev2");
    assertThat(f.apply(renamed).succeeded()).isFalse();
    assertThat(entry(f, "uc.catalog").inputs().get("name").textValue()).isEqualTo("dev2");

    fake.onUpdate = renaming;
    // The handler's read follows the recorded spec's name when the id answers nothing.
    fake.onRead =
        (ctx, id, prior) -> {
          Optional<Observed<FakeSpec>> seen = fake.defaultRead(ctx, id, prior);
          if (seen.isPresent()) {
            return seen;
          }
          String moved = prior.name() + "#renamed";
          return fake.defaultRead(ctx, moved, prior)
              .map(
                  o -> new Observed<>(o.spec(), Map.of(Ref.ID, moved, "arn", "arn:fake:" + moved)));
        };
    Plan plan = f.plan(renamed);

    assertThat(plan.change("uc.catalog").action()).isEqualTo(Action.NO_OP);
    assertThat(plan.drift()).doesNotContainKey("uc.catalog");
    assertThat(plan.refreshed().find("uc.catalog").orElseThrow().id()).isEqualTo("dev2#renamed");
    assertThat(f.applyPlan(renamed, plan).succeeded()).isTrue();
    assertThat(f.fake.objectsNamed("dev2")).hasSize(1);
    assertThat(f.fake.objectsNamed("dev")).isEmpty();
    assertThat(f.plan(renamed).hasChanges()).isFalse();
  }
}
