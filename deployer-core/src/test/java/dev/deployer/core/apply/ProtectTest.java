package dev.deployer.core.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.core.DeployerException;
import dev.deployer.core.Engine;
import dev.deployer.core.fixture.EngineFixture;
import dev.deployer.core.fixture.FakeSpec;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.plan.Plan;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The config's protect list: a plan that deletes or replaces a listed address is refused as soon as
 * it exists, in a destroy plan too and whatever --allow-destroy says; nothing is changed.
 */
class ProtectTest {
  @TempDir Path dir;

  private static StackDefinition stack(EngineFixture f, String bucketZone, boolean withLogs) {
    StackBuilder b = f.stack();
    b.add("storage.root_bucket", f.fake.type(), r -> FakeSpec.named("root").withZone(bucketZone));
    if (withLogs) {
      b.add("logs.bucket", f.fake.type(), r -> FakeSpec.named("logs"));
    }
    return b.build();
  }

  @Test
  void aReplacementOfAProtectedAddress_isRefusedNamingItAndTheChangedField() {
    EngineFixture f = new EngineFixture(dir);
    f.apply(stack(f, "a", true));
    Plan replace = f.plan(stack(f, "b", true));

    assertThatThrownBy(() -> Engine.refuseProtected(replace, Set.of("storage.root_bucket")))
        .isInstanceOf(DeployerException.class)
        .hasMessageContaining("storage.root_bucket would be replaced (zone changed)")
        .hasMessageContaining("protect")
        .hasMessageContaining("--allow-destroy does not override it")
        .hasMessageContaining("Nothing was changed");
    assertThatCode(() -> Engine.refuseProtected(replace, Set.of("logs.bucket")))
        .doesNotThrowAnyException();
  }

  @Test
  void aDeleteOfAProtectedAddress_andADestroyPlan_areRefused_anUpdateIsNot() {
    EngineFixture f = new EngineFixture(dir);
    f.apply(stack(f, "a", true));
    Set<String> protect = Set.of("logs.bucket");

    assertThatThrownBy(() -> Engine.refuseProtected(f.plan(stack(f, "a", false)), protect))
        .hasMessageContaining("logs.bucket would be deleted (no longer in the configuration)");
    assertThatThrownBy(() -> Engine.refuseProtected(f.planDestroy(stack(f, "a", true)), protect))
        .hasMessageContaining("logs.bucket would be deleted");

    StackBuilder b = f.stack();
    b.add("storage.root_bucket", f.fake.type(), r -> FakeSpec.named("root").withZone("a"));
    b.add("logs.bucket", f.fake.type(), r -> FakeSpec.named("logs").withSize("large"));
    assertThatCode(() -> Engine.refuseProtected(f.plan(b.build()), protect))
        .doesNotThrowAnyException();
    assertThat(f.fake.objectsNamed("logs")).hasSize(1);
  }
}
