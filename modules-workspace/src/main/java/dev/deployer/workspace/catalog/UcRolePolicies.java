package dev.deployer.workspace.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.cloud.PolicyDocuments;
import java.util.List;
import java.util.Map;

/** The IAM documents of the Unity Catalog role (RESOURCES.md 4.1). Pure functions. */
public final class UcRolePolicies {
  /** The Databricks role Unity Catalog assumes customer roles from. */
  public static final String UC_MASTER_ROLE =
      "arn:aws:iam::414351767826:role/unity-catalog-prod-UCMasterRole-14S5ZJVKOTYTL";

  private UcRolePolicies() {}

  public static String roleArn(String awsAccountId, String roleName) {
    return "arn:aws:iam::" + awsAccountId + ":role/" + roleName;
  }

  /**
   * Trust to the UC master role and to the role itself (Databricks checks that a UC role can assume
   * itself), both only with the storage credential's external id.
   */
  public static ObjectNode trustPolicy(String awsAccountId, String roleName, String externalId) {
    Map<String, Object> externalIdMatch = Map.of("sts:ExternalId", List.of(externalId));
    return PolicyDocuments.document(
        List.of(
            PolicyDocuments.statement(
                "UnityCatalogAssumeRole",
                "Allow",
                Map.of("AWS", List.of(UC_MASTER_ROLE)),
                List.of("sts:AssumeRole"),
                null,
                Map.of("StringEquals", externalIdMatch)),
            PolicyDocuments.statement(
                "ExplicitSelfRoleAssumption",
                "Allow",
                Map.of("AWS", List.of("arn:aws:iam::" + awsAccountId + ":root")),
                List.of("sts:AssumeRole"),
                null,
                Map.of(
                    "ArnLike",
                    Map.of("aws:PrincipalArn", List.of(roleArn(awsAccountId, roleName))),
                    "StringEquals",
                    externalIdMatch))));
  }

  /** Read and write on the catalog bucket, and assuming itself. */
  public static ObjectNode accessPolicy(String bucket, String roleArn) {
    return PolicyDocuments.document(
        List.of(
            PolicyDocuments.statement(
                "CatalogBucketAccess",
                "Allow",
                null,
                List.of(
                    "s3:GetObject",
                    "s3:GetObjectVersion",
                    "s3:PutObject",
                    "s3:PutObjectAcl",
                    "s3:DeleteObject",
                    "s3:ListBucket",
                    "s3:GetBucketLocation"),
                List.of("arn:aws:s3:::" + bucket + "/*", "arn:aws:s3:::" + bucket),
                null),
            PolicyDocuments.statement(
                "AssumeSelf", "Allow", null, List.of("sts:AssumeRole"), List.of(roleArn), null)));
  }
}
