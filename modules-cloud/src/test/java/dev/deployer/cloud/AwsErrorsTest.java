package dev.deployer.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The one way AWS handlers recognise "that object does not exist". */
class AwsErrorsTest {
  static AwsServiceException s3(int status, String code) {
    return S3Exception.builder()
        .statusCode(status)
        .awsErrorDetails(code == null ? null : AwsErrorDetails.builder().errorCode(code).build())
        .build();
  }

  @Test
  void ec2NotFoundCodes_iamNoSuchEntity_andS3NoSuchBucket_areAbsence() {
    assertThat(
            AwsErrors.isNotFound(
                Ec2Exception.builder()
                    .statusCode(400)
                    .awsErrorDetails(
                        AwsErrorDetails.builder().errorCode("InvalidVpcID.NotFound").build())
                    .build()))
        .isTrue();
    assertThat(
            AwsErrors.isNotFound(
                NoSuchEntityException.builder()
                    .statusCode(404)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("NoSuchEntity").build())
                    .build()))
        .isTrue();
    assertThat(AwsErrors.isNotFound(s3(404, "NoSuchBucket"))).isTrue();
  }

  @Test
  void anS3HeadAnswer_404WithoutACode_isAbsence() {
    assertThat(AwsErrors.isNotFound(s3(404, null))).isTrue();
  }

  @Test
  void aCodeTheCallNames_isAbsenceWhateverTheStatus() {
    assertThat(AwsErrors.isNotFound(s3(409, "NoSuchBucketPolicy"))).isFalse();
    assertThat(AwsErrors.isNotFound(s3(409, "NoSuchBucketPolicy"), "NoSuchBucketPolicy")).isTrue();
  }

  @Test
  void throttlingAccessDeniedAndOtherErrors_areNotAbsence() {
    assertThat(AwsErrors.isNotFound(s3(503, "SlowDown"))).isFalse();
    assertThat(AwsErrors.isNotFound(s3(403, "AccessDenied"))).isFalse();
    assertThat(AwsErrors.isNotFound(new IllegalStateException("boom"))).isFalse();
  }
}
