package dev.deployer.account.metastore;

import java.util.Objects;

/**
 * A Unity Catalog metastore. This project creates it without root storage (catalogs bring their
 * own, RESOURCES.md 1.2), so {@code storageRoot} is null in a desired spec; a read reports what the
 * API has. {@code owner} null means "whoever created it".
 *
 * <p>{@code adoptExisting}: Databricks allows one metastore per region, so an account that already
 * has one there (made by hand, or by automatic Unity Catalog enablement) cannot get another. When
 * set, that metastore is used as it is: its name is not managed and destroy leaves it in place.
 */
public record MetastoreSpec(
    String name, String region, String storageRoot, String owner, boolean adoptExisting) {
  public MetastoreSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(region, "region");
    if (name.isBlank()) {
      throw new IllegalArgumentException("metastore name must not be blank");
    }
  }

  public MetastoreSpec(String name, String region, String storageRoot, String owner) {
    this(name, region, storageRoot, owner, false);
  }

  /** Without root storage. */
  public static MetastoreSpec withoutRoot(String name, String region, String owner) {
    return new MetastoreSpec(name, region, null, owner, false);
  }

  /** Without root storage, adopting the region's metastore if the account has one. */
  public static MetastoreSpec withoutRoot(
      String name, String region, String owner, boolean adoptExisting) {
    return new MetastoreSpec(name, region, null, owner, adoptExisting);
  }

  MetastoreSpec withAdoptExisting(boolean adopt) {
    return new MetastoreSpec(name, region, storageRoot, owner, adopt);
  }
}
