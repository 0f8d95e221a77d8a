package dev.deployer.cloud.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.core.DeployerException;
import dev.deployer.core.fixture.FakeHandlerContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteBucketRequest;
import software.amazon.awssdk.services.s3.model.DeleteBucketResponse;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Deleting a force-destroyed versioned bucket as S3 behaves: noncurrent versions and delete markers
 * keep a bucket "not empty", a writer that has not stopped adds objects between the emptying and
 * the delete, and DeleteObjects reports per-key failures in a 200 answer.
 */
class BucketDeleteTest {
  final FakeHandlerContext fake = FakeHandlerContext.waiting("storage.root_bucket");

  /** A versioned bucket: objects are versions and delete markers; deletes remove exact ones. */
  static class VersionedS3 implements S3Client {
    final List<ObjectVersion> versions = new ArrayList<>();
    final List<DeleteMarkerEntry> markers = new ArrayList<>();
    final List<String> deleted = new ArrayList<>();
    Runnable writerBeforeDelete = () -> {};
    String failKey;
    boolean bucketGone;

    void put(String key, String version) {
      versions.add(ObjectVersion.builder().key(key).versionId(version).build());
    }

    void mark(String key, String version) {
      markers.add(DeleteMarkerEntry.builder().key(key).versionId(version).build());
    }

    @Override
    public ListObjectVersionsResponse listObjectVersions(ListObjectVersionsRequest r) {
      return ListObjectVersionsResponse.builder()
          .versions(List.copyOf(versions))
          .deleteMarkers(List.copyOf(markers))
          .isTruncated(false)
          .build();
    }

    @Override
    public DeleteObjectsResponse deleteObjects(DeleteObjectsRequest r) {
      List<S3Error> errors = new ArrayList<>();
      r.delete()
          .objects()
          .forEach(
              o -> {
                if (o.key().equals(failKey)) {
                  errors.add(
                      S3Error.builder()
                          .key(o.key())
                          .versionId(o.versionId())
                          .code("AccessDenied")
                          .message("Access Denied")
                          .build());
                  return;
                }
                deleted.add(o.key() + "@" + o.versionId());
                versions.removeIf(
                    v -> v.key().equals(o.key()) && v.versionId().equals(o.versionId()));
                markers.removeIf(
                    v -> v.key().equals(o.key()) && v.versionId().equals(o.versionId()));
              });
      return DeleteObjectsResponse.builder().errors(errors).build();
    }

    @Override
    public DeleteBucketResponse deleteBucket(DeleteBucketRequest r) {
      writerBeforeDelete.run();
      writerBeforeDelete = () -> {};
      if (!versions.isEmpty() || !markers.isEmpty()) {
        throw (S3Exception)
            S3Exception.builder()
                .statusCode(409)
                .awsErrorDetails(
                    AwsErrorDetails.builder()
                        .errorCode("BucketNotEmpty")
                        .errorMessage("The bucket you tried to delete is not empty")
                        .build())
                .build();
      }
      bucketGone = true;
      return DeleteBucketResponse.builder().build();
    }

    @Override
    public String serviceName() {
      return "s3";
    }

    @Override
    public void close() {}
  }

  @Test
  void forceDestroy_removesEveryVersionAndDeleteMarker_thenTheBucket() {
    VersionedS3 s3 = new VersionedS3();
    s3.put("a", "v1");
    s3.put("a", "v2");
    s3.mark("b", "m1");
    BucketHandler.deleteBucket(fake.ctx, s3, "b1", true, Duration.ofMinutes(10));
    assertThat(s3.deleted).containsExactlyInAnyOrder("a@v1", "a@v2", "b@m1");
    assertThat(s3.bucketGone).isTrue();
  }

  @Test
  void forceDestroy_objectsWrittenWhileEmptying_areEmptiedAgain_withAProgressLine() {
    VersionedS3 s3 = new VersionedS3();
    s3.put("logs/1", "v1");
    s3.writerBeforeDelete = () -> s3.put("logs/2", "v7");
    BucketHandler.deleteBucket(fake.ctx, s3, "b1", true, Duration.ofMinutes(10));
    assertThat(s3.deleted).containsExactly("logs/1@v1", "logs/2@v7");
    assertThat(s3.bucketGone).isTrue();
    assertThat(fake.progress).anySatisfy(p -> assertThat(p).contains("emptying again"));
    assertThat(fake.sleeper.sleeps()).hasSize(1);
  }

  @Test
  void forceDestroy_aVersionS3RefusesToDelete_isAnErrorNamingIt() {
    VersionedS3 s3 = new VersionedS3();
    s3.put("locked", "v1");
    s3.failKey = "locked";
    assertThatThrownBy(
            () -> BucketHandler.deleteBucket(fake.ctx, s3, "b1", true, Duration.ofMinutes(1)))
        .isInstanceOf(DeployerException.class)
        .hasMessageContaining("locked (v1): AccessDenied");
    assertThat(s3.bucketGone).isFalse();
  }

  @Test
  void withoutForceDestroy_aBucketWithVersions_isRefusedWithTheWayOut() {
    VersionedS3 s3 = new VersionedS3();
    s3.mark("b", "m1");
    assertThatThrownBy(
            () -> BucketHandler.deleteBucket(fake.ctx, s3, "b1", false, Duration.ofMinutes(1)))
        .isInstanceOf(DeployerException.class)
        .hasMessageContaining("force_destroy");
    assertThat(s3.deleted).isEmpty();
  }
}
