package dev.deployer.cloud.storage;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.PolicyDocuments;
import dev.deployer.core.diff.Diff;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import java.util.Optional;

/** {@code aws_s3_bucket_policy}; policies are compared in normal form, not as text. */
public final class BucketPolicyHandler extends BucketSettingHandler<BucketPolicySpec> {
  public static final ResourceType<BucketPolicySpec> TYPE =
      ResourceType.of("aws_s3_bucket_policy", BucketPolicySpec.class)
          .outputs("bucket")
          .replaceOnChange("bucket");
  private static final String NO_POLICY = "NoSuchBucketPolicy";

  public BucketPolicyHandler(AwsClients aws) {
    super(aws, TYPE);
  }

  @Override
  public Diff diff(BucketPolicySpec prior, BucketPolicySpec desired) {
    return PolicyDocuments.diff(TYPE, prior, desired, "policy", BucketPolicySpec::policy);
  }

  @Override
  public Optional<Observed<BucketPolicySpec>> read(
      HandlerContext ctx, String id, BucketPolicySpec prior) {
    return unlessNotFound(
        () -> {
          String text = aws.s3().getBucketPolicy(r -> r.bucket(id)).policy();
          if (prior != null && prior.bootstrap()) {
            return Optional.of(new Observed<>(prior, outputs(id)));
          }
          return Optional.of(
              new Observed<>(new BucketPolicySpec(id, PolicyDocuments.parse(text)), outputs(id)));
        },
        NO_POLICY);
  }

  @Override
  protected void put(BucketPolicySpec spec) {
    aws.s3()
        .putBucketPolicy(
            r -> r.bucket(spec.bucket()).policy(PolicyDocuments.toJson(spec.policy())));
  }

  @Override
  public void delete(HandlerContext ctx, String id, BucketPolicySpec prior) {
    ignoreNotFound(() -> aws.s3().deleteBucketPolicy(r -> r.bucket(id)), NO_POLICY);
  }
}
