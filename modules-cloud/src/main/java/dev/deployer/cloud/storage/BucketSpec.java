package dev.deployer.cloud.storage;

import java.util.Map;
import java.util.Objects;

/**
 * An S3 bucket and its bucket-level settings.
 *
 * @param sseAlgorithm server-side encryption, {@code AES256} (SSE-S3) or {@code aws:kms}
 * @param objectOwnership {@code BucketOwnerEnforced} turns ACLs off
 * @param forceDestroy empty the bucket on destroy instead of failing on a non-empty bucket
 */
public record BucketSpec(
    String bucket,
    String sseAlgorithm,
    String objectOwnership,
    boolean versioning,
    boolean forceDestroy,
    Map<String, String> tags) {

  public BucketSpec {
    Objects.requireNonNull(bucket, "bucket");
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  public static BucketSpec secure(String bucket, boolean forceDestroy, Map<String, String> tags) {
    return new BucketSpec(bucket, "AES256", "BucketOwnerEnforced", false, forceDestroy, tags);
  }
}
