package dev.deployer.account.workspace;

import java.util.Map;
import java.util.Objects;

/**
 * A Databricks workspace on AWS. {@code deploymentName} null lets Databricks choose one (and the
 * chosen one is then read back, so it does not count as drift). The private access settings and the
 * two customer-managed keys are optional (null) and change in place.
 */
public record WorkspaceSpec(
    String workspaceName,
    String awsRegion,
    String credentialsId,
    String storageConfigurationId,
    String networkId,
    String pricingTier,
    String deploymentName,
    Map<String, String> customTags,
    String privateAccessSettingsId,
    String storageCustomerManagedKeyId,
    String managedServicesCustomerManagedKeyId) {

  public WorkspaceSpec {
    Objects.requireNonNull(workspaceName, "workspaceName");
    Objects.requireNonNull(awsRegion, "awsRegion");
    customTags = customTags == null ? Map.of() : Map.copyOf(customTags);
  }

  WorkspaceSpec withPricingTier(String tier) {
    return with(tier, deploymentName);
  }

  WorkspaceSpec withDeploymentName(String d) {
    return with(pricingTier, d);
  }

  /** This spec with the two fields the service may answer differently from what was asked. */
  private WorkspaceSpec with(String tier, String deployment) {
    return new WorkspaceSpec(
        workspaceName,
        awsRegion,
        credentialsId,
        storageConfigurationId,
        networkId,
        tier,
        deployment,
        customTags,
        privateAccessSettingsId,
        storageCustomerManagedKeyId,
        managedServicesCustomerManagedKeyId);
  }
}
