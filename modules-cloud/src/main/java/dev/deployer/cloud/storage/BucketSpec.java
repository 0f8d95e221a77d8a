package dev.deployer.cloud.storage;

import java.util.Map;
import java.util.Objects;

/**
 * An S3 bucket and its bucket-level settings.
 *
 * @param sseAlgorithm server-side encryption, {@code AES256} (SSE-S3) or {@code aws:kms}
 * @param objectOwnership {@code BucketOwnerEnforced} turns ACLs off
 * @param forceDestroy empty the bucket on destroy instead of failing on a non-empty bucket
 * @param kmsKeyArn the KMS key of {@code aws:kms} encryption (SSE-KMS); null for SSE-S3
 */
public record BucketSpec(
    String bucket,
    String sseAlgorithm,
    String objectOwnership,
    boolean versioning,
    boolean forceDestroy,
    Map<String, String> tags,
    String kmsKeyArn) {

  public static final String SSE_KMS = "aws:kms";

  public BucketSpec {
    Objects.requireNonNull(bucket, "bucket");
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /** A bucket without a KMS key. */
  public BucketSpec(
      String bucket,
      String sseAlgorithm,
      String objectOwnership,
      boolean versioning,
      boolean forceDestroy,
      Map<String, String> tags) {
    this(bucket, sseAlgorithm, objectOwnership, versioning, forceDestroy, tags, null);
  }

  public static BucketSpec secure(String bucket, boolean forceDestroy, Map<String, String> tags) {
    return new BucketSpec(bucket, "AES256", "BucketOwnerEnforced", false, forceDestroy, tags);
  }

  /** As {@link #secure}, encrypted SSE-KMS under {@code kmsKeyArn}. */
  public static BucketSpec secureKms(
      String bucket, boolean forceDestroy, Map<String, String> tags, String kmsKeyArn) {
    return new BucketSpec(
        bucket, SSE_KMS, "BucketOwnerEnforced", false, forceDestroy, tags, kmsKeyArn);
  }
}
