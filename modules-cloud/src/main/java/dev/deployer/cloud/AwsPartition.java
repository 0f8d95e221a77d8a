package dev.deployer.cloud;

import java.util.Locale;

/**
 * The AWS partition a region belongs to, and the Databricks control-plane identities that live in
 * it: the one place ARNs get their {@code arn:<partition>} prefix and Databricks' AWS account. The
 * values are those of the Databricks Terraform provider's {@code aws/constants.go} ({@code
 * AwsConfig}); GovCloud's account 044793339203 is from there and could not be confirmed in
 * Databricks' public docs. GovCloud DoD (account 170661010020, same AWS partition) would need a
 * config switch and is not offered.
 */
public enum AwsPartition {
  COMMERCIAL(
      "aws",
      "414351767826",
      "role/unity-catalog-prod-UCMasterRole-14S5ZJVKOTYTL",
      "role/SaasUsageDeliveryRole-prod-IAMRole-3PLHICCRR1TK"),
  GOVCLOUD(
      "aws-us-gov",
      "044793339203",
      "role/unity-catalog-prod-UCMasterRole-1QRFA8SGY15OJ",
      "role/SaasUsageDeliveryRole-prod-aws-gov-IAMRole-L4QM0RCHYQ1G");

  private final String id;
  private final String databricksAccount;
  private final String ucMasterRole;
  private final String logDeliveryRole;

  AwsPartition(String id, String databricksAccount, String ucMasterRole, String logDeliveryRole) {
    this.id = id;
    this.databricksAccount = databricksAccount;
    this.ucMasterRole = ucMasterRole;
    this.logDeliveryRole = logDeliveryRole;
  }

  /**
   * The partition of {@code region}. China regions are refused: Databricks runs no control plane
   * there.
   */
  public static AwsPartition forRegion(String region) {
    String r = region == null ? "" : region.toLowerCase(Locale.ROOT);
    if (r.startsWith("us-gov-")) {
      return GOVCLOUD;
    }
    if (r.startsWith("cn-")) {
      throw new IllegalArgumentException(
          "region " + region + " is in the aws-cn partition, where Databricks does not run");
    }
    return COMMERCIAL;
  }

  /** The partition's name as ARNs spell it: {@code aws}, {@code aws-us-gov}. */
  public String id() {
    return id;
  }

  /** Databricks' own AWS account in this partition (the cross-account and bucket principal). */
  public String databricksAccount() {
    return databricksAccount;
  }

  /** {@code arn:<partition>:iam::<databricks account>:root}. */
  public String databricksRoot() {
    return iamArn(databricksAccount, "root");
  }

  /** Databricks' Unity Catalog master role; prefer the storage credential's own output. */
  public String unityCatalogMasterRole() {
    return iamArn(databricksAccount, ucMasterRole);
  }

  /** The role Databricks delivers billable usage and audit logs as. */
  public String logDeliveryRole() {
    return iamArn(databricksAccount, logDeliveryRole);
  }

  /** {@code arn:<partition>:iam::<account>:<resource>}, e.g. {@code role/name} or {@code root}. */
  public String iamArn(String account, String resource) {
    return "arn:" + id + ":iam::" + account + ":" + resource;
  }

  /** {@code arn:<partition>:s3:::<bucket>[/<key>]}. */
  public String s3Arn(String bucketAndKey) {
    return "arn:" + id + ":s3:::" + bucketAndKey;
  }

  /** {@code arn:<partition>:<service>:<region>:<account>:}, to which a resource is appended. */
  public String arnPrefix(String service, String region, String account) {
    return "arn:" + id + ":" + service + ":" + region + ":" + account + ":";
  }
}
