package dev.deployer.account.metastore;

import java.util.Objects;

/**
 * A Unity Catalog metastore. This project creates it without root storage (catalogs bring their
 * own, RESOURCES.md 1.2), so {@code storageRoot} is null in a desired spec; a read reports what the
 * API has. {@code owner} null means "whoever created it".
 */
public record MetastoreSpec(String name, String region, String storageRoot, String owner) {
  public MetastoreSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(region, "region");
    if (name.isBlank()) {
      throw new IllegalArgumentException("metastore name must not be blank");
    }
  }

  /** Without root storage. */
  public static MetastoreSpec withoutRoot(String name, String region, String owner) {
    return new MetastoreSpec(name, region, null, owner);
  }
}
