package dev.deployer.workspace.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.core.diff.Diff;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Unity Catalog moves trailing slashes (provider #2921, #4136); a plan must not follow them. */
class TrailingSlashDiffTest {
  private static CatalogSpec catalog(String root) {
    return new CatalogSpec("dep", "1", "acme_dev", root, "ISOLATED", null, Map.of(), null);
  }

  private static ExternalLocationSpec location(String url) {
    return new ExternalLocationSpec("dep", "1", "acme_dev", url, "cred", null, false);
  }

  @Test
  void aCatalogStorageRootThatOnlyGainedOrLostASlashPlansNoReplacement() {
    CatalogHandler h = new CatalogHandler(null);
    assertThat(
            h.diff(catalog("s3://data-bucket/catalog/"), catalog("s3://data-bucket/catalog"))
                .isEmpty())
        .isTrue();
    assertThat(
            h.diff(catalog("s3://data-bucket/catalog"), catalog("s3://data-bucket/catalog/"))
                .isEmpty())
        .isTrue();
    Diff moved = h.diff(catalog("s3://data-bucket/catalog/"), catalog("s3://data-bucket/other/"));
    assertThat(moved.forcesReplacement()).isTrue();
    assertThat(moved.replaceFields()).containsExactly("storage_root");
  }

  @Test
  void anExternalLocationUrlThatOnlyLostItsSlashIsNotAnUpdate() {
    ExternalLocationHandler h = new ExternalLocationHandler(null, java.time.Duration.ofMinutes(2));
    assertThat(
            h.diff(location("s3://data-bucket/catalog"), location("s3://data-bucket/catalog/"))
                .isEmpty())
        .isTrue();
    assertThat(
            h.diff(location("s3://data-bucket/catalog"), location("s3://data-bucket/x")).isEmpty())
        .isFalse();
  }

  @Test
  void aReadKeepsTheRecordedSpellingWhenOnlyTheSlashMoved() {
    assertThat(StoragePaths.asRecorded("s3://data-bucket/c", "s3://data-bucket/c/"))
        .isEqualTo("s3://data-bucket/c/");
    assertThat(StoragePaths.asRecorded("s3://data-bucket/d", "s3://data-bucket/c/"))
        .isEqualTo("s3://data-bucket/d");
    assertThat(StoragePaths.withoutTrailingSlash("s3://data-bucket//"))
        .isEqualTo("s3://data-bucket");
  }
}
