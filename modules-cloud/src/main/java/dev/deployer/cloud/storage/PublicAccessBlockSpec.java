package dev.deployer.cloud.storage;

/** The four S3 public access block flags of one bucket. */
public record PublicAccessBlockSpec(
    String bucket,
    boolean blockPublicAcls,
    boolean blockPublicPolicy,
    boolean ignorePublicAcls,
    boolean restrictPublicBuckets)
    implements BucketSettingSpec {

  public static PublicAccessBlockSpec allOn(String bucket) {
    return new PublicAccessBlockSpec(bucket, true, true, true, true);
  }
}
