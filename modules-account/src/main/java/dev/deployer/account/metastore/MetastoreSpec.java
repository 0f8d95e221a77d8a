package dev.deployer.account.metastore;

import java.util.Objects;

/** A Unity Catalog metastore, without root storage (catalogs bring their own). */
public record MetastoreSpec(String name, String region, String owner) {
  public MetastoreSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(region, "region");
  }
}
