package dev.deployer.cloud.storage;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsErrors;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;

/**
 * {@code aws_s3_bucket_public_access_block}. A block removed out of band reads as all flags off,
 * which plans an update that puts it back.
 */
public final class PublicAccessBlockHandler extends BucketSettingHandler<PublicAccessBlockSpec> {
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
    return unlessNotFound(() -> Optional.of(new Observed<>(block(id), outputs(id))));
  }

  private PublicAccessBlockSpec block(String id) {
    try {
      PublicAccessBlockConfiguration c =
          aws.s3().getPublicAccessBlock(r -> r.bucket(id)).publicAccessBlockConfiguration();
      return new PublicAccessBlockSpec(
          id,
          isTrue(c.blockPublicAcls()),
          isTrue(c.blockPublicPolicy()),
          isTrue(c.ignorePublicAcls()),
          isTrue(c.restrictPublicBuckets()));
    } catch (AwsServiceException e) {
      // The bucket without a block (a 404 too, but the bucket is there).
      if ("NoSuchPublicAccessBlockConfiguration".equals(AwsErrors.code(e))) {
        return new PublicAccessBlockSpec(id, false, false, false, false);
      }
      throw e;
    }
  }

  private static boolean isTrue(Boolean b) {
    return Boolean.TRUE.equals(b);
  }

  @Override
  protected void put(PublicAccessBlockSpec s) {
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
    // Gone with its bucket, or never there.
    ignoreNotFound(
        () -> aws.s3().deletePublicAccessBlock(r -> r.bucket(id)),
        "NoSuchPublicAccessBlockConfiguration");
  }
}
