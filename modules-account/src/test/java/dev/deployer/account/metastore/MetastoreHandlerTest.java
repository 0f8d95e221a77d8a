package dev.deployer.account.metastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.core.diff.Diff;
import org.junit.jupiter.api.Test;

class MetastoreHandlerTest {
  final MetastoreHandler h = new MetastoreHandler(null);
  final MetastoreSpec recorded =
      new MetastoreSpec("unity-catalog-acme", "us-east-1", null, "deployer@example.com");

  @Test
  void noOwnerAsked_theCreatorStayingOwner_isNoChange() {
    assertThat(
            h.diff(recorded, MetastoreSpec.withoutRoot("unity-catalog-acme", "us-east-1", null))
                .isEmpty())
        .isTrue();
  }

  @Test
  void nameAndOwner_changeInPlace() {
    Diff d = h.diff(recorded, MetastoreSpec.withoutRoot("uc-acme", "us-east-1", "admins"));
    assertThat(d.isEmpty()).isFalse();
    assertThat(d.forcesReplacement()).isFalse();
  }

  @Test
  void regionOrStorageRoot_forceReplacement() {
    assertThat(
            h.diff(recorded, MetastoreSpec.withoutRoot("unity-catalog-acme", "eu-west-1", null))
                .replaceFields())
        .containsExactly("region");
    // A root added out of band: this project's metastore has none, so it is replaced.
    MetastoreSpec withRoot =
        new MetastoreSpec("unity-catalog-acme", "us-east-1", "s3://b/", "deployer@example.com");
    assertThat(
            h.diff(withRoot, MetastoreSpec.withoutRoot("unity-catalog-acme", "us-east-1", null))
                .replaceFields())
        .containsExactly("storage_root");
  }

  @Test
  void anAdoptedMetastore_keepsItsNameAndRootStorage_soNeitherPlansAChange() {
    // Made by automatic enablement or by hand, with a root storage this project never sets.
    MetastoreSpec adopted =
        new MetastoreSpec(
            "metastore_aws_us_east_1", "us-east-1", "s3://auto-uc/root", "admins", true);
    Diff d =
        h.diff(adopted, MetastoreSpec.withoutRoot("unity-catalog-acme", "us-east-1", null, true));
    assertThat(d.isEmpty()).isTrue();
  }

  @Test
  void nameAndRegion_areRequired() {
    assertThatThrownBy(() -> MetastoreSpec.withoutRoot(null, "us-east-1", null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> MetastoreSpec.withoutRoot(" ", "us-east-1", null))
        .hasMessageContaining("blank");
    assertThatThrownBy(() -> MetastoreSpec.withoutRoot("n", null, null))
        .isInstanceOf(NullPointerException.class);
  }
}
