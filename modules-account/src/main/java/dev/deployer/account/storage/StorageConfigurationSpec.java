package dev.deployer.account.storage;

import java.util.Objects;

/** A Databricks storage configuration: the root bucket of a workspace (or of log delivery). */
public record StorageConfigurationSpec(String storageConfigurationName, String bucketName) {
  public StorageConfigurationSpec {
    Objects.requireNonNull(storageConfigurationName, "storageConfigurationName");
    Objects.requireNonNull(bucketName, "bucketName");
  }
}
