package dev.deployer.cloud.kms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.cloud.AwsPartition;
import dev.deployer.cloud.PolicyDocuments;
import java.util.List;
import java.util.Map;

/**
 * The key policies Databricks documents for customer-managed keys ("Configure customer-managed keys
 * for encryption", as databricks/terraform-databricks-sra aws/tf/cmk.tf writes them): the account's
 * root administers the key; Databricks' control plane, acting for this Databricks account only,
 * encrypts with it.
 */
public final class KeyPolicies {
  private KeyPolicies() {}

  private static ObjectNode admin(AwsPartition p, String awsAccountId) {
    return PolicyDocuments.statement(
        "EnableIAMUserPermissions",
        "Allow",
        Map.of("AWS", List.of(p.iamArn(awsAccountId, "root"))),
        List.of("kms:*"),
        List.of("*"),
        null);
  }

  private static ObjectNode databricks(
      String sid, AwsPartition p, String databricksAccountId, List<String> actions) {
    return PolicyDocuments.statement(
        sid,
        "Allow",
        Map.of("AWS", List.of(p.databricksRoot())),
        actions,
        List.of("*"),
        Map.of(
            "StringEquals",
            Map.of("aws:PrincipalTag/DatabricksAccountId", List.of(databricksAccountId))));
  }

  /** Managed services (notebooks, secrets, queries in the control plane): encrypt and decrypt. */
  public static ObjectNode managedServices(
      AwsPartition p, String awsAccountId, String databricksAccountId) {
    return PolicyDocuments.document(
        List.of(
            admin(p, awsAccountId),
            databricks(
                "AllowDatabricksManagedServices",
                p,
                databricksAccountId,
                List.of("kms:Encrypt", "kms:Decrypt"))));
  }

  /**
   * Workspace storage (the root bucket, and the cluster volumes): Databricks encrypts the bucket's
   * objects, and the cross-account role lets EC2 use the key for the EBS volumes it launches.
   */
  public static ObjectNode workspaceStorage(
      AwsPartition p, String awsAccountId, String databricksAccountId, String crossAccountRoleArn) {
    return PolicyDocuments.document(
        List.of(
            admin(p, awsAccountId),
            databricks(
                "AllowDatabricksWorkspaceStorage",
                p,
                databricksAccountId,
                List.of(
                    "kms:Encrypt",
                    "kms:Decrypt",
                    "kms:ReEncrypt*",
                    "kms:GenerateDataKey*",
                    "kms:DescribeKey")),
            PolicyDocuments.statement(
                "AllowClusterVolumesThroughEc2",
                "Allow",
                Map.of("AWS", List.of(crossAccountRoleArn)),
                List.of(
                    "kms:Decrypt", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"),
                List.of("*"),
                Map.of(
                    "ForAnyValue:StringLike", Map.of("kms:ViaService", "ec2.*.amazonaws.com")))));
  }
}
