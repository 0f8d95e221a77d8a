package dev.deployer.common;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.account.credentials.CredentialsHandler;
import dev.deployer.account.credentials.CredentialsSpec;
import dev.deployer.account.logdelivery.LogDeliveryHandler;
import dev.deployer.account.logdelivery.LogDeliverySpec;
import dev.deployer.account.metastore.MetastoreHandler;
import dev.deployer.account.metastore.MetastoreSpec;
import dev.deployer.account.storage.StorageConfigurationHandler;
import dev.deployer.account.storage.StorageConfigurationSpec;
import dev.deployer.cloud.AwsPartition;
import dev.deployer.cloud.PolicyDocuments;
import dev.deployer.cloud.iam.RoleHandler;
import dev.deployer.cloud.iam.RoleSpec;
import dev.deployer.cloud.storage.BucketHandler;
import dev.deployer.cloud.storage.BucketPolicyHandler;
import dev.deployer.cloud.storage.BucketPolicySpec;
import dev.deployer.cloud.storage.BucketSpec;
import dev.deployer.cloud.storage.PublicAccessBlockHandler;
import dev.deployer.cloud.storage.PublicAccessBlockSpec;
import dev.deployer.core.model.Resource;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The common stack, once per account and region (RESOURCES.md 1): billable-usage and audit log
 * delivery to a bucket of its own, and the Unity Catalog metastore without root storage.
 */
public final class CommonStack {
  /** The Databricks role that writes the logs (RESOURCES.md 0). */
  public static final String LOG_DELIVERY_ROLE = AwsPartition.COMMERCIAL.logDeliveryRole();

  private CommonStack() {}

  /**
   * The common stack from its config (defaults resolved there). The trust policy's external id is
   * {@code databricksAccountId}, the account the run's clients talk to (the config's, or the
   * sandbox's when it substitutes its own).
   */
  public static StackDefinition define(CommonConfig c, String databricksAccountId) {
    StackBuilder b = new StackBuilder(CommonConfig.STACK, c.tags());
    Resource<BucketSpec> bucket =
        b.add(
            "logging.bucket",
            BucketHandler.TYPE,
            r ->
                new BucketSpec(
                    c.logging().bucket(),
                    "AES256",
                    "BucketOwnerEnforced",
                    false,
                    c.logging().forceDestroyOrDefault(),
                    r.tags()));
    Resource<PublicAccessBlockSpec> pab =
        b.add(
            "logging.bucket_public_access_block",
            PublicAccessBlockHandler.TYPE,
            r -> {
              r.after(bucket);
              return PublicAccessBlockSpec.allOn(c.logging().bucket());
            });
    String roleName = c.prefix() + "-log-delivery";
    Resource<RoleSpec> role =
        b.add(
            "logging.role",
            RoleHandler.TYPE,
            r ->
                new RoleSpec(
                    roleName,
                    logRoleTrust(AwsPartition.forRegion(c.aws().region()), databricksAccountId),
                    r.tags()));
    Resource<BucketPolicySpec> policy =
        b.add(
            "logging.bucket_policy",
            BucketPolicyHandler.TYPE,
            r -> {
              r.after(pab);
              r.after(bucket);
              return new BucketPolicySpec(
                  c.logging().bucket(),
                  logBucketPolicy(
                      AwsPartition.forRegion(c.aws().region()),
                      c.logging().bucket(),
                      r.get(role.out("arn"))));
            });
    Resource<CredentialsSpec> credentials =
        b.add(
            "logging.credentials",
            CredentialsHandler.TYPE,
            r -> {
              r.after(policy);
              return new CredentialsSpec(
                  c.prefix() + "-log-delivery-credentials", r.get(role.out("arn")));
            });
    Resource<StorageConfigurationSpec> storage =
        b.add(
            "logging.storage_configuration",
            StorageConfigurationHandler.TYPE,
            r -> {
              r.after(policy);
              return new StorageConfigurationSpec(
                  c.prefix() + "-log-delivery-storage", c.logging().bucket());
            });
    // Log deliveries cannot be deleted, only disabled: keeping what they point to lets the next
    // apply re-enable the same delivery instead of adding another.
    String keptForLogDelivery = "still referenced by log delivery, which cannot be deleted";
    b.retainOnDestroy(credentials, keptForLogDelivery);
    b.retainOnDestroy(storage, keptForLogDelivery);
    Resource<LogDeliverySpec> billable =
        logDelivery(b, c, LogKind.BILLABLE_USAGE, credentials, storage);
    Resource<LogDeliverySpec> audit = logDelivery(b, c, LogKind.AUDIT_LOGS, credentials, storage);
    Resource<MetastoreSpec> metastore =
        b.add(
            "unity_catalog.metastore",
            MetastoreHandler.TYPE,
            r ->
                MetastoreSpec.withoutRoot(
                    c.metastore().name(),
                    c.metastore().region(),
                    c.metastore().owner(),
                    c.metastore().adoptExistingOrDefault()));
    b.output("metastore_id", metastore.out("metastore_id"));
    b.output("log_bucket", bucket.out("bucket"));
    b.output("log_role_arn", role.out("arn"));
    b.output("billable_usage_log_delivery_id", billable.id());
    b.output("audit_log_delivery_id", audit.id());
    c.adopted().forEach(b::keep);
    return b.build();
  }

  /** The account's two log deliveries: what Databricks delivers, in which format. */
  private enum LogKind {
    BILLABLE_USAGE("logging.billable_usage", "-billable-usage", "CSV"),
    AUDIT_LOGS("logging.audit_logs", "-audit-logs", "JSON");

    final String address;
    final String nameSuffix;
    final String outputFormat;

    LogKind(String address, String nameSuffix, String outputFormat) {
      this.address = address;
      this.nameSuffix = nameSuffix;
      this.outputFormat = outputFormat;
    }

    /** Where under the log bucket this kind is delivered. */
    String pathPrefix(CommonConfig.Logging l) {
      return this == BILLABLE_USAGE ? l.billableUsagePrefix() : l.auditLogsPrefix();
    }
  }

  /** One log delivery, through the logging credentials and storage configuration. */
  private static Resource<LogDeliverySpec> logDelivery(
      StackBuilder b,
      CommonConfig c,
      LogKind kind,
      Resource<CredentialsSpec> credentials,
      Resource<StorageConfigurationSpec> storage) {
    return b.add(
        kind.address,
        LogDeliveryHandler.TYPE,
        r ->
            new LogDeliverySpec(
                c.prefix() + kind.nameSuffix,
                kind.name(),
                kind.outputFormat,
                r.get(credentials.out("credentials_id")),
                r.get(storage.out("storage_configuration_id")),
                kind.pathPrefix(c.logging()),
                List.of(),
                LogDeliverySpec.ENABLED));
  }

  /** Trust for the log role: Databricks' delivery role, with the account id as external id. */
  public static ObjectNode logRoleTrust(String databricksAccountId) {
    return logRoleTrust(AwsPartition.COMMERCIAL, databricksAccountId);
  }

  /** The same in {@code partition}, whose Databricks delivery role it trusts. */
  public static ObjectNode logRoleTrust(AwsPartition partition, String databricksAccountId) {
    return PolicyDocuments.assumeRoleTrust(
        partition.logDeliveryRole(), List.of(databricksAccountId));
  }

  /** The log bucket policy of RESOURCES.md 1.1. */
  public static ObjectNode logBucketPolicy(String bucket, String roleArn) {
    return logBucketPolicy(AwsPartition.COMMERCIAL, bucket, roleArn);
  }

  /** The same with {@code partition}'s S3 ARNs. */
  public static ObjectNode logBucketPolicy(AwsPartition partition, String bucket, String roleArn) {
    Map<String, List<String>> principal = new LinkedHashMap<>();
    principal.put("AWS", List.of(roleArn));
    return PolicyDocuments.document(
        List.of(
            PolicyDocuments.statement(
                "LogDeliveryBucketAccess",
                "Allow",
                principal,
                List.of("s3:GetBucketLocation", "s3:ListBucket"),
                List.of(partition.s3Arn(bucket)),
                null),
            PolicyDocuments.statement(
                "LogDeliveryObjectAccess",
                "Allow",
                principal,
                List.of(
                    "s3:PutObject",
                    "s3:GetObject",
                    "s3:DeleteObject",
                    "s3:PutObjectAcl",
                    "s3:AbortMultipartUpload",
                    "s3:ListMultipartUploadParts"),
                List.of(partition.s3Arn(bucket), partition.s3Arn(bucket + "/*")),
                null)));
  }
}
