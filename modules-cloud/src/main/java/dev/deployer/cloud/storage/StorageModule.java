package dev.deployer.cloud.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.cloud.AwsPartition;
import dev.deployer.cloud.PolicyDocuments;
import dev.deployer.core.model.Ref;
import dev.deployer.core.model.Resource;
import dev.deployer.core.model.StackBuilder;
import java.util.List;
import java.util.Map;

/**
 * The workspace root bucket (RESOURCES.md 2.3): bucket with SSE-S3 and BucketOwnerEnforced, public
 * access block all on, then the Databricks bucket policy.
 */
public final class StorageModule {
  /** What the module gives the account layer. */
  public record Outputs(
      Resource<BucketSpec> bucket, Resource<BucketPolicySpec> policy, Ref bucketName) {}

  private StorageModule() {}

  /**
   * The hardened options: SSE-KMS under a customer-managed key, and the restrictive policy (then
   * the first policy is a bootstrap one, see {@link #declareRestrictivePolicy}).
   *
   * @param kmsKeyArn null for SSE-S3
   */
  public record Options(Ref kmsKeyArn, boolean restrictivePolicy) {
    public static final Options DEFAULT = new Options(null, false);
  }

  public static Outputs declare(
      StackBuilder stack,
      String region,
      String module,
      String bucketName,
      String databricksAccountId,
      boolean forceDestroy,
      Options options) {
    Resource<BucketSpec> bucket =
        stack.add(
            module + ".root_bucket",
            BucketHandler.TYPE,
            r ->
                options.kmsKeyArn() == null
                    ? BucketSpec.secure(bucketName, forceDestroy, r.tags())
                    : BucketSpec.secureKms(
                        bucketName, forceDestroy, r.tags(), r.get(options.kmsKeyArn())));
    Resource<PublicAccessBlockSpec> pab =
        stack.add(
            module + ".root_bucket_public_access_block",
            PublicAccessBlockHandler.TYPE,
            r -> {
              r.after(bucket); // the name comes from config, so the plan can show it
              return PublicAccessBlockSpec.allOn(bucketName);
            });
    Resource<BucketPolicySpec> policy =
        stack.add(
            module + ".root_bucket_policy",
            BucketPolicyHandler.TYPE,
            r -> {
              r.after(pab); // a policy put before the block could be briefly public
              r.after(bucket);
              return new BucketPolicySpec(
                  bucketName,
                  rootBucketPolicy(AwsPartition.forRegion(region), bucketName, databricksAccountId),
                  options.restrictivePolicy());
            });
    return new Outputs(bucket, policy, bucket.out("bucket"));
  }

  /**
   * Declares {@code <module>.root_bucket_restrictive_policy}: once the workspace exists, the
   * bucket's policy becomes the restrictive one (databricks/terraform-databricks-sra
   * modules/databricks_workspace/restrictive_root_bucket): Databricks reads the whole bucket but
   * writes only under this workspace's paths, and requests without TLS are denied.
   */
  public static Resource<BucketPolicySpec> declareRestrictivePolicy(
      StackBuilder stack,
      String region,
      String module,
      Outputs storage,
      String bucketName,
      String databricksAccountId,
      Ref workspaceId) {
    return stack.add(
        module + ".root_bucket_restrictive_policy",
        BucketPolicyHandler.TYPE,
        r -> {
          r.after(storage.policy());
          return new BucketPolicySpec(
              bucketName,
              restrictiveRootBucketPolicy(
                  AwsPartition.forRegion(region),
                  region,
                  bucketName,
                  databricksAccountId,
                  r.get(workspaceId)));
        });
  }

  /** The restrictive root bucket policy for workspace {@code workspaceId}. */
  public static ObjectNode restrictiveRootBucketPolicy(
      AwsPartition partition,
      String region,
      String bucket,
      String databricksAccountId,
      String workspaceId) {
    Map<String, Map<String, Object>> ofThisAccount =
        Map.of(
            "StringEquals",
            Map.of("aws:PrincipalTag/DatabricksAccountId", List.of(databricksAccountId)));
    Map<String, List<String>> databricks = Map.of("AWS", List.of(partition.databricksRoot()));
    List<String> whole = List.of(partition.s3Arn(bucket + "/*"), partition.s3Arn(bucket));
    String shard = region + "-prod";
    return PolicyDocuments.document(
        List.of(
            PolicyDocuments.statement(
                "GrantDatabricksReadAccess",
                "Allow",
                databricks,
                List.of(
                    "s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket", "s3:GetBucketLocation"),
                whole,
                ofThisAccount),
            PolicyDocuments.statement(
                "GrantDatabricksWriteAccess",
                "Allow",
                databricks,
                List.of("s3:PutObject", "s3:DeleteObject"),
                List.of(
                    partition.s3Arn(bucket + "/" + shard + "/0_databricks_dev"),
                    partition.s3Arn(bucket + "/ephemeral/" + shard + "/" + workspaceId + "/*"),
                    partition.s3Arn(bucket + "/" + shard + "/" + workspaceId + ".*/*"),
                    partition.s3Arn(bucket + "/" + shard + "/" + workspaceId + "/*")),
                ofThisAccount),
            PolicyDocuments.statement(
                "AllowSSLRequestsOnly",
                "Deny",
                Map.of("AWS", List.of("*")),
                List.of("s3:*"),
                whole,
                Map.of("Bool", Map.of("aws:SecureTransport", "false")))));
  }

  /** The policy of RESOURCES.md 2.3; Databricks' account is the partition's. */
  public static ObjectNode rootBucketPolicy(
      AwsPartition partition, String bucket, String databricksAccountId) {
    return PolicyDocuments.document(
        List.of(
            PolicyDocuments.statement(
                "GrantDatabricksAccess",
                "Allow",
                Map.of("AWS", List.of(partition.databricksRoot())),
                List.of(
                    "s3:GetObject",
                    "s3:GetObjectVersion",
                    "s3:PutObject",
                    "s3:DeleteObject",
                    "s3:ListBucket",
                    "s3:GetBucketLocation"),
                List.of(partition.s3Arn(bucket + "/*"), partition.s3Arn(bucket)),
                Map.of(
                    "StringEquals",
                    Map.of(
                        "aws:PrincipalTag/DatabricksAccountId", List.of(databricksAccountId))))));
  }
}
