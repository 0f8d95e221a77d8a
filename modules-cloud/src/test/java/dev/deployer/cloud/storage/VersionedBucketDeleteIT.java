package dev.deployer.cloud.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.cloud.testing.CloudTestSupport;
import dev.deployer.core.DeployerException;
import dev.deployer.core.EngineListener;
import dev.deployer.core.EngineRuntime;
import dev.deployer.core.spi.HandlerContext;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * A versioned bucket holding noncurrent versions and delete markers, through the SDK against the
 * AWS emulator: S3 refuses to delete it until both are gone.
 */
class VersionedBucketDeleteIT {
  @TempDir Path dir;

  @Test
  void versionedBucket_withVersionsAndDeleteMarkers_isDeletedOnlyWithForceDestroy() {
    CloudTestSupport t = new CloudTestSupport(dir, "dev");
    S3Client s3 = t.aws.s3();
    EngineRuntime rt = EngineRuntime.system(1, EngineListener.QUIET);
    HandlerContext ctx =
        new HandlerContext(
            "dev", "storage.root_bucket", rt.retrier(), rt.waiter(), rt.clock(), m -> {});
    BucketHandler h = new BucketHandler(t.aws);
    BucketSpec spec =
        new BucketSpec("it-versioned-1", "AES256", "BucketOwnerEnforced", true, false, Map.of());
    h.create(ctx, spec);
    assertThat(s3.getBucketVersioning(r -> r.bucket("it-versioned-1")).status())
        .isEqualTo(BucketVersioningStatus.ENABLED);
    s3.putObject(r -> r.bucket("it-versioned-1").key("a"), RequestBody.fromString("1"));
    s3.putObject(r -> r.bucket("it-versioned-1").key("a"), RequestBody.fromString("2"));
    s3.deleteObject(r -> r.bucket("it-versioned-1").key("a")); // a delete marker
    assertThat(s3.listObjectsV2(r -> r.bucket("it-versioned-1")).keyCount()).isZero();

    assertThatThrownBy(() -> h.delete(ctx, "it-versioned-1", spec))
        .isInstanceOf(DeployerException.class)
        .hasMessageContaining("force_destroy");

    BucketSpec force =
        new BucketSpec("it-versioned-1", "AES256", "BucketOwnerEnforced", true, true, Map.of());
    h.delete(ctx, "it-versioned-1", force);
    assertThat(s3.listBuckets().buckets()).noneMatch(b -> b.name().equals("it-versioned-1"));
  }
}
