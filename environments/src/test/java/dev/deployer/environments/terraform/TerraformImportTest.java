package dev.deployer.environments.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.core.DeployerException;
import dev.deployer.core.Engine;
import dev.deployer.core.fixture.EngineFixture;
import dev.deployer.core.fixture.FakeHandler;
import dev.deployer.core.fixture.FakeSpec;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.plan.Action;
import dev.deployer.core.state.StackState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Adoption, against a fake catalog handler whose zone forces replacement. */
class TerraformImportTest {
  @TempDir Path dir;

  final FakeHandler catalogs = new FakeHandler("databricks_catalog", Set.of("zone"), false);

  Mapping mappingOf(String address, String id) {
    return new Mapping(
        "dev",
        List.of(
            new Mapping.Mapped(
                "terraform.tfstate",
                "module.uc.databricks_catalog.this",
                "databricks_catalog",
                address,
                id,
                "name=sales",
                true,
                null,
                null)),
        List.of(),
        List.of());
  }

  StackDefinition stack(EngineFixture f, String zone) {
    StackBuilder b = f.stack();
    b.add("workspace.catalog", catalogs.type(), r -> FakeSpec.named("sales").withZone(zone));
    return b.build();
  }

  @Test
  void adoption_readsTheObjectThroughItsHandler_andRecordsIt() {
    EngineFixture f = new EngineFixture(dir, catalogs);
    String id = catalogs.put(FakeSpec.named("sales").withSize("large"), Map.of());
    StackDefinition def = stack(f, "a");
    Engine engine = f.engine(def);

    TerraformImport.Result r =
        TerraformImport.adopt(engine, def, f.store(), mappingOf("workspace.catalog", id), Set.of());

    assertThat(r.adopted()).containsExactly("workspace.catalog");
    StackState state = f.store().read().orElseThrow();
    assertThat(state.find("workspace.catalog").orElseThrow().id()).isEqualTo(id);
    // What the handler read (size large), not what the config wants, is recorded: the plan
    // shows the real difference as an update.
    assertThat(r.plan().change("workspace.catalog").action()).isEqualTo(Action.UPDATE);
    assertThat(catalogs.cloud()).hasSize(1);
  }

  @Test
  void aPlannedReplacementOfACatalog_undoesTheAdoption_unlessThatAddressIsAllowed() {
    EngineFixture f = new EngineFixture(dir, catalogs);
    String id = catalogs.put(FakeSpec.named("sales"), Map.of());
    StackDefinition def = stack(f, "b"); // the zone differs and forces replacement
    Engine engine = f.engine(def);

    assertThatThrownBy(
            () ->
                TerraformImport.adopt(
                    engine, def, f.store(), mappingOf("workspace.catalog", id), Set.of()))
        .isInstanceOf(DeployerException.class)
        .hasMessageContaining("workspace.catalog (databricks_catalog, id " + id + ")")
        .hasMessageContaining("because of zone")
        .hasMessageContaining("--allow-replace ADDRESS")
        .hasMessageContaining("The adoption was undone");
    assertThat(f.store().read().orElseThrow().find("workspace.catalog")).isEmpty();

    TerraformImport.Result r =
        TerraformImport.adopt(
            engine,
            def,
            f.store(),
            mappingOf("workspace.catalog", id),
            Set.of("workspace.catalog"));
    assertThat(r.plan().change("workspace.catalog").action().isReplace()).isTrue();
    assertThat(f.store().read().orElseThrow().find("workspace.catalog")).isPresent();
    assertThat(catalogs.cloud()).hasSize(1); // adoption itself changed nothing
  }

  /**
   * A catalog replaced delete-first under an object replaced create-first is a plan apply cannot
   * order; the guard still names the catalog first, and an allowed one is adopted with the
   * unorderable operations reported.
   */
  @Test
  void aGuardedReplacementThatCannotBeOrdered_isNamedByTheGuard_andReportedWhenAllowed() {
    EngineFixture f = new EngineFixture(dir, catalogs);
    FakeHandler createFirst = new FakeHandler("databricks_grants", Set.of("parent"), true);
    f.others.add(createFirst);
    String catalogId = catalogs.put(FakeSpec.named("sales"), Map.of());
    String grantsId = createFirst.put(FakeSpec.named("grants").withParent(catalogId), Map.of());
    StackBuilder b = f.stack();
    var catalog =
        b.add("workspace.catalog", catalogs.type(), r -> FakeSpec.named("sales").withZone("b"));
    b.add(
        "workspace.catalog_grants",
        createFirst.type(),
        r -> FakeSpec.named("grants").withParent(r.get(catalog.id())));
    StackDefinition def = b.build();
    Engine engine = f.engine(def);
    Mapping mapping =
        new Mapping(
            "dev",
            List.of(
                mappingOf("workspace.catalog", catalogId).mapped().get(0),
                new Mapping.Mapped(
                    "terraform.tfstate",
                    "module.uc.databricks_grants.this",
                    "databricks_grants",
                    "workspace.catalog_grants",
                    grantsId,
                    "full_name=sales",
                    true,
                    null,
                    null)),
            List.of(),
            List.of());

    assertThatThrownBy(() -> TerraformImport.adopt(engine, def, f.store(), mapping, Set.of()))
        .hasMessageContaining("workspace.catalog (databricks_catalog, id " + catalogId + ")")
        .hasMessageContaining("--allow-replace ADDRESS")
        .hasMessageNotContaining("cannot order");
    assertThat(f.store().read().orElseThrow().resources()).isEmpty();

    TerraformImport.Result r =
        TerraformImport.adopt(engine, def, f.store(), mapping, Set.of("workspace.catalog"));
    assertThat(r.adopted()).containsExactly("workspace.catalog", "workspace.catalog_grants");
    assertThat(r.unorderable()).isNotEmpty().anyMatch(op -> op.contains("workspace.catalog"));
  }

  @Test
  void aFirstPlanThatFails_undoesTheAdoption() {
    EngineFixture f = new EngineFixture(dir, catalogs);
    String id = catalogs.put(FakeSpec.named("sales"), Map.of());
    StackDefinition def = stack(f, "a");
    Engine engine = f.engine(def);
    java.util.concurrent.atomic.AtomicInteger reads =
        new java.util.concurrent.atomic.AtomicInteger();
    FakeHandler.ReadF adoptionRead = catalogs.onRead;
    catalogs.onRead =
        (ctx, readId, prior) -> {
          if (reads.incrementAndGet() > 1) {
            throw new FakeHandler.FatalException("the plan's refresh fails");
          }
          return adoptionRead.read(ctx, readId, prior);
        };

    assertThatThrownBy(
            () ->
                TerraformImport.adopt(
                    engine, def, f.store(), mappingOf("workspace.catalog", id), Set.of()))
        .isInstanceOf(DeployerException.class)
        .hasMessageContaining("The first plan after adoption failed")
        .hasMessageContaining("the plan's refresh fails")
        .hasMessageContaining("The adoption was undone");
    assertThat(f.store().read().orElseThrow().find("workspace.catalog")).isEmpty();
  }

  @Test
  void anAllowReplaceOfAnUnknownAddress_isRefusedBeforeAnything() {
    EngineFixture f = new EngineFixture(dir, catalogs);
    StackDefinition def = stack(f, "a");
    assertThatThrownBy(
            () ->
                TerraformImport.adopt(
                    f.engine(def),
                    def,
                    f.store(),
                    mappingOf("workspace.catalog", "x"),
                    Set.of("workspace.katalog")))
        .hasMessageContaining("--allow-replace workspace.katalog")
        .hasMessageContaining("no such address");
    assertThat(catalogs.calls()).isEmpty();
  }

  @Test
  void anAddressAlreadyRecordedWithAnotherId_isRefusedNamingBoth() {
    EngineFixture f = new EngineFixture(dir, catalogs);
    String first = catalogs.put(FakeSpec.named("sales"), Map.of());
    String second = catalogs.put(FakeSpec.named("sales"), Map.of());
    StackDefinition def = stack(f, "a");
    Engine engine = f.engine(def);
    TerraformImport.adopt(engine, def, f.store(), mappingOf("workspace.catalog", first), Set.of());

    // Running again with the same mapping keeps what is recorded.
    TerraformImport.Result again =
        TerraformImport.adopt(
            engine, def, f.store(), mappingOf("workspace.catalog", first), Set.of());
    assertThat(again.kept()).containsExactly("workspace.catalog");
    assertThat(again.adopted()).isEmpty();

    assertThatThrownBy(
            () ->
                TerraformImport.adopt(
                    engine, def, f.store(), mappingOf("workspace.catalog", second), Set.of()))
        .hasMessageContaining("already in the state with id " + first)
        .hasMessageContaining(second);
  }
}
