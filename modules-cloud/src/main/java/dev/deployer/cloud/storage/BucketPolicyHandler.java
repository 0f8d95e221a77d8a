package dev.deployer.cloud.storage;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsErrors;
import dev.deployer.cloud.AwsHandler;
import dev.deployer.cloud.PolicyDocuments;
import dev.deployer.core.diff.Diff;
import dev.deployer.core.model.Unknown;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** {@code aws_s3_bucket_policy}; policies are compared in normal form, not as text. */
public final class BucketPolicyHandler extends AwsHandler<BucketPolicySpec> {
  public static final ResourceType<BucketPolicySpec> TYPE =
      ResourceType.of("aws_s3_bucket_policy", BucketPolicySpec.class)
          .outputs("bucket")
          .replaceOnChange("bucket");

  public BucketPolicyHandler(AwsClients aws) {
    super(aws, TYPE);
  }

  @Override
  public Diff diff(BucketPolicySpec prior, BucketPolicySpec desired) {
    Diff d = Diff.of(prior, desired, TYPE.replaceOnChange());
    if (!Unknown.in(desired.policy())
        && PolicyDocuments.equivalent(prior.policy(), desired.policy())) {
      d = d.without("policy");
    }
    return d;
  }

  @Override
  public Optional<Observed<BucketPolicySpec>> read(
      HandlerContext ctx, String id, BucketPolicySpec prior) {
    try {
      String text = aws.s3().getBucketPolicy(r -> r.bucket(id)).policy();
      return Optional.of(
          new Observed<>(
              new BucketPolicySpec(id, PolicyDocuments.parse(text)), Map.of("bucket", id)));
    } catch (AwsServiceException e) {
      String code = AwsErrors.code(e);
      if ("NoSuchBucketPolicy".equals(code)
          || "NoSuchBucket".equals(code)
          || e.statusCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public Created create(HandlerContext ctx, BucketPolicySpec spec) {
    put(spec);
    return new Created(spec.bucket(), Map.of("bucket", spec.bucket()));
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx, String id, BucketPolicySpec prior, BucketPolicySpec desired) {
    put(desired);
    return Map.of("bucket", id);
  }

  private void put(BucketPolicySpec spec) {
    aws.s3()
        .putBucketPolicy(
            r -> r.bucket(spec.bucket()).policy(PolicyDocuments.toJson(spec.policy())));
  }

  @Override
  public void delete(HandlerContext ctx, String id, BucketPolicySpec prior) {
    try {
      aws.s3().deleteBucketPolicy(r -> r.bucket(id));
    } catch (AwsServiceException e) {
      String code = AwsErrors.code(e);
      if (!"NoSuchBucket".equals(code) && !"NoSuchBucketPolicy".equals(code)) {
        throw e;
      }
    }
  }
}
