package dev.deployer.account.storage;

import com.databricks.sdk.service.provisioning.CreateStorageConfigurationRequest;
import com.databricks.sdk.service.provisioning.RootBucketInfo;
import com.databricks.sdk.service.provisioning.StorageConfiguration;
import dev.deployer.account.DatabricksClients;
import dev.deployer.account.ImmutableAccountObjectHandler;
import dev.deployer.core.spi.ResourceType;

/** {@code databricks_mws_storage_configurations}. */
public final class StorageConfigurationHandler
    extends ImmutableAccountObjectHandler<StorageConfigurationSpec, StorageConfiguration> {
  public static final ResourceType<StorageConfigurationSpec> TYPE =
      immutableType(
          "databricks_mws_storage_configurations",
          StorageConfigurationSpec.class,
          "storage_configuration_name",
          "storage_configuration_id");

  public StorageConfigurationHandler(DatabricksClients databricks) {
    super(databricks, TYPE, StorageConfiguration::getStorageConfigurationId);
  }

  @Override
  protected Api<StorageConfigurationSpec, StorageConfiguration> api() {
    var service = databricks.account().storage();
    return new Api<>(service::get, service::list, s -> service.create(request(s)), service::delete);
  }

  /** The create request for {@code spec}. */
  public static CreateStorageConfigurationRequest request(StorageConfigurationSpec spec) {
    return new CreateStorageConfigurationRequest()
        .setStorageConfigurationName(spec.storageConfigurationName())
        .setRootBucketInfo(new RootBucketInfo().setBucketName(spec.bucketName()));
  }

  @Override
  protected StorageConfigurationSpec specOf(StorageConfiguration s) {
    return new StorageConfigurationSpec(
        s.getStorageConfigurationName(), s.getRootBucketInfo().getBucketName());
  }

  @Override
  protected String referenceIn(com.databricks.sdk.service.provisioning.Workspace w) {
    return w.getStorageConfigurationId();
  }
}
