package dev.deployer.cloud.kms;

import dev.deployer.cloud.AwsPartition;
import dev.deployer.core.model.Ref;
import dev.deployer.core.model.Resource;
import dev.deployer.core.model.StackBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two customer-managed keys of a workspace, as the security reference architecture makes them
 * (aws/tf/cmk.tf): one for managed services, one for workspace storage, each with yearly rotation
 * and an alias {@code alias/<prefix>-...-key}.
 */
public final class KmsModule {
  public record Outputs(
      Resource<KmsKeySpec> managedServicesKey,
      Ref managedServicesKeyArn,
      Resource<KmsKeySpec> storageKey,
      Ref storageKeyArn) {}

  private KmsModule() {}

  /**
   * @param awsAccountId the AWS account whose root administers the keys
   * @param crossAccountRoleArn the role EC2 uses the storage key through for cluster volumes
   */
  public static Outputs declare(
      StackBuilder stack,
      String region,
      String module,
      String prefix,
      String databricksAccountId,
      Ref awsAccountId,
      Ref crossAccountRoleArn) {
    AwsPartition p = AwsPartition.forRegion(region);
    Resource<KmsKeySpec> services =
        stack.add(
            module + ".managed_services_key",
            KmsKeyHandler.TYPE,
            r ->
                new KmsKeySpec(
                    "alias/" + prefix + "-managed-services-key",
                    "Databricks managed services of " + prefix,
                    KeyPolicies.managedServices(p, r.get(awsAccountId), databricksAccountId),
                    true,
                    named(r.tags(), prefix + "-managed-services-key")));
    Resource<KmsKeySpec> storage =
        stack.add(
            module + ".workspace_storage_key",
            KmsKeyHandler.TYPE,
            r ->
                new KmsKeySpec(
                    "alias/" + prefix + "-workspace-storage-key",
                    "Databricks workspace storage of " + prefix,
                    KeyPolicies.workspaceStorage(
                        p, r.get(awsAccountId), databricksAccountId, r.get(crossAccountRoleArn)),
                    true,
                    named(r.tags(), prefix + "-workspace-storage-key")));
    return new Outputs(services, services.out("arn"), storage, storage.out("arn"));
  }

  private static Map<String, String> named(Map<String, String> base, String name) {
    Map<String, String> tags = new LinkedHashMap<>(base);
    tags.put("Name", name);
    return tags;
  }
}
