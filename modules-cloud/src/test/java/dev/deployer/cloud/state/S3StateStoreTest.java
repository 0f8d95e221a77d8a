package dev.deployer.cloud.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.core.retry.Retrier;
import dev.deployer.core.retry.RetryPolicy;
import dev.deployer.core.state.StackState;
import dev.deployer.core.state.StateException;
import dev.deployer.core.state.StateLock;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What no emulator produces: 409 ConditionalRequestConflict, which AWS documents for a conditional
 * write racing another conditional operation on the key and says to retry.
 */
class S3StateStoreTest {
  static S3Exception error(int status, String code) {
    return (S3Exception)
        S3Exception.builder()
            .statusCode(status)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
            .message(code)
            .build();
  }

  /** Answers the first {@code conflicts} PUTs with 409, then accepts them. */
  static class ConflictingS3 implements S3Client {
    final List<PutObjectRequest> puts = new ArrayList<>();
    int conflicts;

    /**
     * After this many PUTs, every further one fails its condition (412), as after another write.
     */
    int preconditionFailsAfter = Integer.MAX_VALUE;

    /** The ETag a GET of the lock object answers with; null while there is none. */
    String lockEtag;

    ConflictingS3(int conflicts) {
      this.conflicts = conflicts;
    }

    @Override
    public PutObjectResponse putObject(PutObjectRequest r, RequestBody body) {
      puts.add(r);
      if (conflicts > 0) {
        conflicts--;
        throw error(409, "ConditionalRequestConflict");
      }
      if (puts.size() > preconditionFailsAfter) {
        throw error(412, "PreconditionFailed");
      }
      return PutObjectResponse.builder().eTag("\"e" + puts.size() + "\"").build();
    }

    @Override
    public GetBucketVersioningResponse getBucketVersioning(GetBucketVersioningRequest r) {
      return GetBucketVersioningResponse.builder().status("Enabled").build();
    }

    @Override
    public DeleteObjectResponse deleteObject(DeleteObjectRequest r) {
      return DeleteObjectResponse.builder().build();
    }

    /** No state exists, and no lock until {@link #lockEtag} is set. */
    @Override
    public <T> T getObject(
        software.amazon.awssdk.services.s3.model.GetObjectRequest r,
        software.amazon.awssdk.core.sync.ResponseTransformer<
                software.amazon.awssdk.services.s3.model.GetObjectResponse, T>
            t) {
      if (lockEtag != null && r.key().endsWith(".lock")) {
        try {
          return t.transform(
              software.amazon.awssdk.services.s3.model.GetObjectResponse.builder()
                  .eTag(lockEtag)
                  .build(),
              software.amazon.awssdk.http.AbortableInputStream.create(
                  new java.io.ByteArrayInputStream(new byte[0])));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      throw software.amazon.awssdk.services.s3.model.NoSuchKeyException.builder()
          .statusCode(404)
          .awsErrorDetails(AwsErrorDetails.builder().errorCode("NoSuchKey").build())
          .build();
    }

    @Override
    public String serviceName() {
      return "s3";
    }

    @Override
    public void close() {}
  }

  static S3StateStore store(S3Client s3, List<Duration> slept) {
    return new S3StateStore(
        s3,
        new S3Location("b", "p", "us-east-1", Optional.empty()),
        "dev",
        new LockOwner("me", "host-a", 1),
        new Retrier(RetryPolicy.standard(), Clock.systemUTC(), slept::add, new Random(1)),
        Duration.ofHours(1));
  }

  @Test
  void aLockCreateAnswered409IsRetriedWithBackoffAndStillCreatedOnlyIfAbsent() {
    ConflictingS3 s3 = new ConflictingS3(2);
    List<Duration> slept = new ArrayList<>();
    try (StateLock l = store(s3, slept).lock("apply", w -> {})) {
      assertThat(l.info().host()).isEqualTo("host-a");
    }
    assertThat(s3.puts).hasSize(3).allMatch(p -> "*".equals(p.ifNoneMatch()));
    assertThat(slept).hasSize(2);
  }

  @Test
  void aStateWriteAnswered409IsRetriedWithTheSameIfMatch() {
    ConflictingS3 s3 = new ConflictingS3(0);
    S3StateStore store = store(s3, new ArrayList<>());
    StackState first = StackState.empty("dev").withSerial(1);
    // First write of a new state: created only if absent.
    store.write(first);
    s3.conflicts = 1;
    store.write(first.withSerial(2));
    assertThat(s3.puts.get(0).ifNoneMatch()).isEqualTo("*");
    assertThat(s3.puts.subList(1, 3))
        .allMatch(p -> "\"e1\"".equals(p.ifMatch()) && p.ifNoneMatch() == null);
  }

  @Test
  void a412OnAStateWriteIsNotRetriedAndSaysNothingWasOverwritten() {
    ConflictingS3 s3 = new ConflictingS3(0);
    s3.preconditionFailsAfter = 1;
    S3StateStore store = store(s3, new ArrayList<>());
    StackState first = StackState.empty("dev").withSerial(1);
    store.write(first);
    assertThatThrownBy(() -> store.write(first.withSerial(2)))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("If-Match: \"e1\" failed")
        .hasMessageContaining("Nothing was overwritten");
    assertThat(s3.puts).hasSize(2);
  }

  @Test
  void whereConditionalDeletesAreNotImplementedTheLockIsStillReleasedIfItIsStillOurs() {
    List<DeleteObjectRequest> deletes = new ArrayList<>();
    ConflictingS3 s3 =
        new ConflictingS3(0) {
          @Override
          public DeleteObjectResponse deleteObject(DeleteObjectRequest r) {
            deletes.add(r);
            if (r.ifMatch() != null) {
              throw error(501, "NotImplemented");
            }
            return DeleteObjectResponse.builder().build();
          }
        };
    s3.lockEtag = "\"e1\"";
    List<String> warnings = new ArrayList<>();
    store(s3, new ArrayList<>()).lock("apply", warnings::add).close();
    assertThat(deletes).hasSize(2);
    assertThat(deletes.get(0).ifMatch()).isEqualTo("\"e1\"");
    assertThat(deletes.get(1).ifMatch()).isNull();
    assertThat(warnings).isEmpty();
  }
}
