package dev.deployer.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.core.fixture.FakeHandler;
import dev.deployer.core.fixture.FakeSpec;
import dev.deployer.core.graph.CycleException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The graph comes from the references the specs use; bad declarations fail at build(). */
class StackBuilderTest {
  private final FakeHandler fake = new FakeHandler();
  private final StackBuilder b = new StackBuilder("dev", Map.of("Owner", "me"));

  @Test
  void build_derivesEdgesFromReferencesAndAfter() {
    Resource<FakeSpec> vpc = b.add("net.vpc", fake.type(), r -> FakeSpec.named("vpc"));
    Resource<FakeSpec> role = b.add("iam.role", fake.type(), r -> FakeSpec.named("role"));
    b.add(
        "net.subnet",
        fake.type(),
        r -> {
          r.after(role);
          return FakeSpec.named("subnet").withParent(r.get(vpc.out("arn")));
        });

    StackDefinition def = b.build();

    assertThat(def.graph().dependenciesOf("net.subnet"))
        .containsExactlyInAnyOrder("net.vpc", "iam.role");
    assertThat(def.graph().dependenciesOf("net.vpc")).isEmpty();
    assertThat(def.addresses()).containsExactly("net.vpc", "iam.role", "net.subnet");
  }

  @Test
  void build_whenReferencesFormACycle_throwsCycleExceptionNamingIt() {
    AtomicReference<Resource<FakeSpec>> later = new AtomicReference<>();
    Resource<FakeSpec> a =
        b.add("net.a", fake.type(), r -> FakeSpec.named("a").withParent(r.get(later.get().id())));
    Resource<FakeSpec> bb =
        b.add("net.b", fake.type(), r -> FakeSpec.named("b").withParent(r.get(a.id())));
    later.set(b.add("net.c", fake.type(), r -> FakeSpec.named("c").withParent(r.get(bb.id()))));

    assertThatThrownBy(b::build)
        .isInstanceOfSatisfying(
            CycleException.class,
            e -> assertThat(e.cycle()).containsExactly("net.a", "net.c", "net.b", "net.a"))
        .hasMessageContaining("net.a -> net.c -> net.b -> net.a");
  }

  @Test
  void add_rejectsBadAndDuplicateAddresses() {
    b.add("net.vpc", fake.type(), r -> FakeSpec.named("vpc"));

    assertThatThrownBy(() -> b.add("net.vpc", fake.type(), r -> FakeSpec.named("vpc")))
        .hasMessageContaining("declared twice: net.vpc");
    assertThatThrownBy(() -> b.add("Net VPC", fake.type(), r -> FakeSpec.named("vpc")))
        .hasMessageContaining("bad resource address");
    assertThat(b.add("net.subnet[\"us-east-1a\"]", fake.type(), r -> FakeSpec.named("s")).address())
        .isEqualTo("net.subnet[\"us-east-1a\"]");
  }

  @Test
  void out_whenHandlerHasNoSuchOutput_saysWhichItHas() {
    Resource<FakeSpec> vpc = b.add("net.vpc", fake.type(), r -> FakeSpec.named("vpc"));

    assertThatThrownBy(() -> vpc.out("cidr"))
        .hasMessageContaining("has no output 'cidr'")
        .hasMessageContaining("arn");
  }

  @Test
  void build_whenOutputRefersToUndeclaredResource_refuses() {
    Resource<FakeSpec> ghost = new Resource<>("net.ghost", fake.type());
    b.output("ghost_id", ghost.id());

    assertThatThrownBy(b::build).hasMessageContaining("undeclared resource net.ghost");
  }

  @Test
  void tagsFor_carriesStackAddressAndDefaultTags() {
    b.add("net.vpc", fake.type(), r -> FakeSpec.named("vpc"));

    assertThat(b.build().tagsFor("net.vpc"))
        .containsEntry("deployer:stack", "dev")
        .containsEntry("deployer:address", "net.vpc")
        .containsEntry("Owner", "me");
  }
}
