package dev.deployer.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.core.Catalogue;
import dev.deployer.core.DeployerException;
import dev.deployer.core.fixture.FakeHandler;
import dev.deployer.core.fixture.FakeSpec;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResourceTypeTest {
  record Spec(String bucketName, String region, boolean forceDestroy) {}

  @Test
  void declaresOutputsReplaceFieldsAndIdentity_inSnakeCase() {
    ResourceType<Spec> t =
        ResourceType.of("test_bucket", Spec.class)
            .outputs("arn")
            .replaceOnChange("bucket_name")
            .replaceOnChange("region")
            .identifiedBy("bucket_name");
    assertThat(t.name()).isEqualTo("test_bucket").isEqualTo(t.toString());
    assertThat(t.outputs()).containsExactly("arn");
    assertThat(t.replaceOnChange()).containsExactlyInAnyOrder("bucket_name", "region");
    assertThat(t.identity()).containsExactly("bucket_name");
  }

  @Test
  void replaceOnAnyChange_coversEveryField() {
    assertThat(ResourceType.of("t", Spec.class).replaceOnAnyChange().replaceOnChange())
        .isEqualTo(Set.of("bucket_name", "region", "force_destroy"));
  }

  @Test
  void aFieldTheSpecDoesNotHave_isRefusedWhenTheTypeIsDeclared() {
    assertThatThrownBy(() -> ResourceType.of("t", Spec.class).replaceOnChange("bucketName"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no field 'bucketName'");
    assertThatThrownBy(() -> ResourceType.of("t", Spec.class).identifiedBy("name"))
        .hasMessageContaining("has no field 'name'");
  }

  @Test
  void catalogue_findsHandlersByStateTypeName_andRefusesTwoForOneType() {
    FakeHandler fake = new FakeHandler();
    Catalogue c = new Catalogue(List.of(fake));
    assertThat(c.get("fake_thing")).isSameAs(fake);
    assertThat(c.handler(ResourceType.of("fake_thing", FakeSpec.class))).isSameAs(fake);
    assertThatThrownBy(() -> c.get("aws_unknown"))
        .isInstanceOf(DeployerException.class)
        .hasMessageContaining("does not know");
    assertThatThrownBy(() -> new Catalogue(List.of(fake, new FakeHandler())))
        .hasMessageContaining("two handlers for type fake_thing");
  }
}
