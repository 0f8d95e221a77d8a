package dev.deployer.account.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** default_catalog_name is deprecated: managed only when configured. */
class MetastoreAssignmentDiffTest {
  private final MetastoreAssignmentHandler h = new MetastoreAssignmentHandler(null);

  @Test
  void anUnsetDefaultCatalogIsNotDriftWhateverTheServiceReports() {
    var seen = new MetastoreAssignmentSpec("1", "m", "hive_metastore");
    assertThat(h.diff(seen, new MetastoreAssignmentSpec("1", "m", null)).isEmpty()).isTrue();
  }

  @Test
  void aConfiguredDefaultCatalogIsStillUpdatedInPlace() {
    var seen = new MetastoreAssignmentSpec("1", "m", "hive_metastore");
    var d = h.diff(seen, new MetastoreAssignmentSpec("1", "m", "main"));
    assertThat(d.isEmpty()).isFalse();
    assertThat(d.forcesReplacement()).isFalse();
  }

  @Test
  void anotherMetastoreStillReplacesTheAssignment() {
    var seen = new MetastoreAssignmentSpec("1", "m", "hive_metastore");
    assertThat(h.diff(seen, new MetastoreAssignmentSpec("1", "other", null)).forcesReplacement())
        .isTrue();
  }
}
