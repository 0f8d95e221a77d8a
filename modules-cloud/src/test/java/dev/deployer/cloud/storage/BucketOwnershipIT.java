package dev.deployer.cloud.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.cloud.Tags;
import dev.deployer.cloud.testing.CloudTestSupport;
import dev.deployer.core.apply.ApplyResult;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, finding 1 and 4: a bucket that exists before our create is another stack's, nobody's or
 * ours; only ours (by its deployer:stack and deployer:address tags) is adopted. Against moto, which
 * like S3 in us-east-1 answers 200 to CreateBucket for a bucket the account owns.
 */
class BucketOwnershipIT {
  static final String ACCT = "11111111-2222-3333-4444-555555555555";
  @TempDir Path dir;

  static StackDefinition stack(String name, String bucket) {
    StackBuilder b = new StackBuilder(name, Map.of("Owner", "platform"));
    StorageModule.declare(
        b, "us-east-1", "storage", bucket, ACCT, true, StorageModule.Options.DEFAULT);
    return b.build();
  }

  private static Map<String, String> tagsOf(CloudTestSupport t, String bucket) {
    return Tags.from(t.aws.s3().getBucketTagging(r -> r.bucket(bucket)).tagSet());
  }

  @Test
  void anotherStacksBucket_isRefusedNamingItsOwner_andStaysUntouchedThroughDestroy() {
    CloudTestSupport dev = new CloudTestSupport(dir.resolve("dev"), "dev");
    dev.applyOk(stack("dev", "acme-dev-workspace-root"));
    dev.aws
        .s3()
        .putObject(
            b -> b.bucket("acme-dev-workspace-root").key("ws/notebook"),
            software.amazon.awssdk.core.sync.RequestBody.fromString("data"));
    // A staging config copied from dev that kept dev's bucket name.
    CloudTestSupport staging = new CloudTestSupport(dir.resolve("staging"), "staging", false);

    ApplyResult r = staging.apply(stack("staging", "acme-dev-workspace-root"));

    assertThat(r.succeeded()).isFalse();
    assertThat(r.failures().get(0).error().getMessage())
        .contains("s3://acme-dev-workspace-root already exists")
        .contains("belongs to stack 'dev'")
        .contains("storage.root_bucket")
        .doesNotContain("Delete it");
    assertThat(tagsOf(dev, "acme-dev-workspace-root")).containsEntry("deployer:stack", "dev");
    // Only the intent record of the refused create: no id, so nothing of dev's is on record here.
    assertThat(staging.store.read().orElseThrow().find("storage.root_bucket"))
        .hasValueSatisfying(e -> assertThat(e.id()).isNull());

    staging.destroyOk(stack("staging", "acme-dev-workspace-root"));

    assertThat(dev.aws.s3().listObjectsV2(b -> b.bucket("acme-dev-workspace-root")).contents())
        .hasSize(1);
    assertThat(dev.plan(stack("dev", "acme-dev-workspace-root")).hasChanges()).isFalse();
  }

  @Test
  void untaggedBucket_isRefused_andTheMessageNamesImport() {
    CloudTestSupport t = new CloudTestSupport(dir, "dev");
    t.aws.s3().createBucket(b -> b.bucket("hand-made-bucket"));

    ApplyResult r = t.apply(stack("dev", "hand-made-bucket"));

    assertThat(r.succeeded()).isFalse();
    assertThat(r.failures().get(0).error().getMessage())
        .contains("carries no deployer:stack tag")
        .contains("deployer import --env dev storage.root_bucket hand-made-bucket");
    assertThatThrownBy(() -> t.aws.s3().getBucketTagging(b -> b.bucket("hand-made-bucket")))
        .hasMessageContaining("TagSet does not exist");
  }

  @Test
  void lostState_adoptsTheBucketCarryingThisStacksTags_andConverges() throws Exception {
    CloudTestSupport t = new CloudTestSupport(dir.resolve("a"), "dev");
    t.applyOk(stack("dev", "acme-dev-root"));
    // The state file is lost: a fresh directory, the same stack.
    CloudTestSupport fresh = new CloudTestSupport(dir.resolve("b"), "dev", false);

    fresh.applyOk(stack("dev", "acme-dev-root"));

    assertThat(fresh.progress)
        .anyMatch(
            l ->
                l.contains("storage.root_bucket")
                    && l.contains("carries this stack's deployer:stack and deployer:address tags"));
    assertThat(fresh.plan(stack("dev", "acme-dev-root")).hasChanges()).isFalse();
    assertThat(fresh.aws.s3().listBuckets().buckets()).hasSize(1);
  }
}
