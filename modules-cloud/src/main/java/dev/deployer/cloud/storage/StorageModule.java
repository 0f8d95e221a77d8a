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

  public static Outputs declare(
      StackBuilder stack,
      String region,
      String module,
      String bucketName,
      String databricksAccountId,
      boolean forceDestroy) {
    Resource<BucketSpec> bucket =
        stack.add(
            module + ".root_bucket",
            BucketHandler.TYPE,
            r -> BucketSpec.secure(bucketName, forceDestroy, r.tags()));
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
                  rootBucketPolicy(
                      AwsPartition.forRegion(region), bucketName, databricksAccountId));
            });
    return new Outputs(bucket, policy, bucket.out("bucket"));
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
