package dev.deployer.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.core.fixture.FakeHandler;
import dev.deployer.core.fixture.FakeSpec;
import dev.deployer.core.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kept fields (an adopted object's own names) win over what the module computes. */
class StackBuilderKeepTest {
  private final FakeHandler fake = new FakeHandler();
  private final StackBuilder b = new StackBuilder("dev", Map.of());

  @Test
  void keep_replacesTheComputedField_andKeepsTheReferences() {
    Resource<FakeSpec> vpc = b.add("net.vpc", fake.type(), r -> FakeSpec.named("vpc"));
    b.add("net.sg", fake.type(), r -> FakeSpec.named("acme-sg").withParent(r.get(vpc.id())));
    b.keep("net.sg", Json.mapper().createObjectNode().put("name", "terraform-2026"));

    StackDefinition def = b.build();
    @SuppressWarnings("unchecked")
    ResourceDecl<FakeSpec> decl = (ResourceDecl<FakeSpec>) def.resources().get("net.sg");
    FakeSpec sg = def.evaluate(decl, ref -> "vpc-1", null);

    assertThat(sg.name()).isEqualTo("terraform-2026");
    assertThat(sg.parent()).isEqualTo("vpc-1");
    assertThat(def.graph().dependenciesOf("net.sg")).containsExactly("net.vpc");
  }

  @Test
  void keep_ofAnUndeclaredAddressOrAnUnknownField_isRefused() {
    b.add("net.vpc", fake.type(), r -> FakeSpec.named("vpc"));
    b.keep("net.gone", Json.mapper().createObjectNode().put("name", "x"));
    assertThatThrownBy(b::build).hasMessageContaining("net.gone");

    StackBuilder other = new StackBuilder("dev", Map.of());
    other.add("net.vpc", fake.type(), r -> FakeSpec.named("vpc"));
    other.keep("net.vpc", Json.mapper().createObjectNode().put("colour", "x"));
    assertThatThrownBy(other::build).hasMessageContaining("net.vpc has no field 'colour'");
  }
}
