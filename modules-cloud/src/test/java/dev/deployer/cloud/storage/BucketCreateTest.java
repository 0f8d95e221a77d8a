package dev.deployer.cloud.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsSettings;
import dev.deployer.core.DeployerException;
import dev.deployer.core.fixture.FakeHandlerContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The create request S3 gets, and what a refusal of it tells the user. The tags travel with the
 * create, so a policy that grants CreateBucket without TagResource is refused at the create.
 */
class BucketCreateTest {
  final FakeHandlerContext fake = FakeHandlerContext.waiting("storage.root_bucket");

  /** No bucket exists; every create is refused as IAM refuses it, and recorded. */
  static final class DenyingS3 extends BucketDeleteTest.VersionedS3 {
    final List<CreateBucketRequest> creates = new ArrayList<>();

    @Override
    public HeadBucketResponse headBucket(HeadBucketRequest r) {
      throw NoSuchBucketException.builder().statusCode(404).build();
    }

    @Override
    public CreateBucketResponse createBucket(CreateBucketRequest r) {
      creates.add(r);
      AwsErrorDetails denied =
          AwsErrorDetails.builder().errorCode("AccessDenied").errorMessage("Access Denied").build();
      throw (S3Exception) S3Exception.builder().statusCode(403).awsErrorDetails(denied).build();
    }
  }

  static BucketSpec spec(Map<String, String> tags) {
    return new BucketSpec(
        "acme-dev-root", "AES256", "BucketOwnerEnforced", false, false, tags, null);
  }

  static BucketHandler handler(S3Client s3, String region) {
    return new BucketHandler(
        new AwsClients(
            AwsSettings.emulator(region, "http://127.0.0.1:9"), null, null, s3, null, null));
  }

  @Test
  void aCreateWithTagsDenied_namesTheMissingTagResourceAction() {
    DenyingS3 s3 = new DenyingS3();
    assertThatThrownBy(
            () -> handler(s3, "us-east-1").create(fake.ctx, spec(Map.of("deployer:stack", "dev"))))
        .isInstanceOf(DeployerException.class)
        .hasMessageContaining("s3://acme-dev-root")
        .hasMessageContaining("AccessDenied")
        .hasMessageContaining("s3:TagResource besides s3:CreateBucket");
    CreateBucketRequest sent = s3.creates.get(0);
    assertThat(sent.createBucketConfiguration().tags())
        .extracting(t -> t.key() + "=" + t.value())
        .containsExactly("deployer:stack=dev");
    // us-east-1 takes no location constraint (S3 refuses "us-east-1" as one).
    assertThat(sent.createBucketConfiguration().locationConstraint()).isNull();
  }

  @Test
  void outsideUsEast1_theCreateCarriesItsRegionAndTags() {
    DenyingS3 s3 = new DenyingS3();
    assertThatThrownBy(
            () -> handler(s3, "eu-west-1").create(fake.ctx, spec(Map.of("Owner", "platform"))))
        .isInstanceOf(DeployerException.class);
    CreateBucketRequest sent = s3.creates.get(0);
    assertThat(sent.createBucketConfiguration().locationConstraintAsString())
        .isEqualTo("eu-west-1");
    assertThat(sent.createBucketConfiguration().tags()).hasSize(1);
  }

  @Test
  void aCreateWithoutTagsDenied_isS3sOwnError() {
    DenyingS3 s3 = new DenyingS3();
    assertThatThrownBy(() -> handler(s3, "us-east-1").create(fake.ctx, spec(Map.of())))
        .isInstanceOf(S3Exception.class)
        .isNotInstanceOf(DeployerException.class);
    assertThat(s3.creates.get(0).createBucketConfiguration()).isNull();
  }
}
