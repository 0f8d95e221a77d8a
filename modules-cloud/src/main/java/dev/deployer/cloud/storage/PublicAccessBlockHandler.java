package dev.deployer.cloud.storage;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsErrors;
import dev.deployer.cloud.AwsHandler;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;

/**
 * {@code aws_s3_bucket_public_access_block}. A block removed out of band reads as all flags off,
 * which plans an update that puts it back.
 */
public final class PublicAccessBlockHandler extends AwsHandler<PublicAccessBlockSpec> {
  public static final ResourceType<PublicAccessBlockSpec> TYPE =
      ResourceType.of("aws_s3_bucket_public_access_block", PublicAccessBlockSpec.class)
          .outputs("bucket")
          .replaceOnChange("bucket");

  public PublicAccessBlockHandler(AwsClients aws) {
    super(aws, TYPE);
  }

  @Override
  public Optional<Observed<PublicAccessBlockSpec>> read(
      HandlerContext ctx, String id, PublicAccessBlockSpec prior) {
    try {
      PublicAccessBlockConfiguration c =
          aws.s3().getPublicAccessBlock(r -> r.bucket(id)).publicAccessBlockConfiguration();
      return Optional.of(
          observed(
              new PublicAccessBlockSpec(
                  id,
                  isTrue(c.blockPublicAcls()),
                  isTrue(c.blockPublicPolicy()),
                  isTrue(c.ignorePublicAcls()),
                  isTrue(c.restrictPublicBuckets()))));
    } catch (NoSuchBucketException e) {
      return Optional.empty();
    } catch (AwsServiceException e) {
      if ("NoSuchPublicAccessBlockConfiguration".equals(AwsErrors.code(e))) {
        return Optional.of(observed(new PublicAccessBlockSpec(id, false, false, false, false)));
      }
      if ("NoSuchBucket".equals(AwsErrors.code(e))) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static Observed<PublicAccessBlockSpec> observed(PublicAccessBlockSpec s) {
    return new Observed<>(s, Map.of("bucket", s.bucket()));
  }

  private static boolean isTrue(Boolean b) {
    return Boolean.TRUE.equals(b);
  }

  @Override
  public Created create(HandlerContext ctx, PublicAccessBlockSpec spec) {
    put(spec);
    return new Created(spec.bucket(), Map.of("bucket", spec.bucket()));
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx, String id, PublicAccessBlockSpec prior, PublicAccessBlockSpec desired) {
    put(desired);
    return Map.of("bucket", id);
  }

  private void put(PublicAccessBlockSpec s) {
    aws.s3()
        .putPublicAccessBlock(
            r ->
                r.bucket(s.bucket())
                    .publicAccessBlockConfiguration(
                        c ->
                            c.blockPublicAcls(s.blockPublicAcls())
                                .blockPublicPolicy(s.blockPublicPolicy())
                                .ignorePublicAcls(s.ignorePublicAcls())
                                .restrictPublicBuckets(s.restrictPublicBuckets())));
  }

  @Override
  public void delete(HandlerContext ctx, String id, PublicAccessBlockSpec prior) {
    try {
      aws.s3().deletePublicAccessBlock(r -> r.bucket(id));
    } catch (NoSuchBucketException e) {
      // the bucket, and so the block, is gone
    } catch (AwsServiceException e) {
      if (!"NoSuchBucket".equals(AwsErrors.code(e))) {
        throw e;
      }
    }
  }

  @Override
  public Optional<String> findExisting(HandlerContext ctx, PublicAccessBlockSpec spec) {
    // Putting the block again is harmless: nothing to adopt.
    return Optional.empty();
  }
}
