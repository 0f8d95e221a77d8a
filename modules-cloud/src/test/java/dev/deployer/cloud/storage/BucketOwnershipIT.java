package dev.deployer.cloud.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.CloudHandlers;
import dev.deployer.cloud.Tags;
import dev.deployer.cloud.testing.CloudTestSupport;
import dev.deployer.core.apply.ApplyResult;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.plan.Action;
import dev.deployer.core.plan.Plan;
import dev.deployer.core.spi.ResourceHandler;
import dev.deployer.core.testing.EngineTestSupport;
import dev.deployer.sandbox.testing.AwsEmulator;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;

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

  /**
   * A run that stops right after its CreateBucket (kill -9, a second Ctrl-C) must leave a bucket
   * the next run can prove is its own: the tags go with the create, so nothing after it is needed
   * for that. Here every S3 call after the create fails, as in a process that died there. Only on
   * LocalStack, which applies a create's tags as S3 does; raw moto 5.2.5 ignores them (the sandbox
   * puts the AWS fault proxy in front of it for that, which AwsFaultProxyIT tests).
   */
  @Test
  void aRunStoppedRightAfterCreateBucket_leavesATaggedBucket_whichTheNextRunAdopts() {
    CloudTestSupport t = new CloudTestSupport(dir, "dev");
    assumeTrue(t.emulator.isLocalStack(), "needs create-time bucket tags (LocalStack)");
    AtomicBoolean created = new AtomicBoolean();
    S3Client dying =
        S3Client.builder()
            .endpointOverride(URI.create(t.emulator.endpoint()))
            .region(Region.of(AwsEmulator.REGION))
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(AwsEmulator.ACCESS_KEY, AwsEmulator.SECRET_KEY)))
            .overrideConfiguration(
                o ->
                    o.addExecutionInterceptor(
                        new ExecutionInterceptor() {
                          @Override
                          public void beforeExecution(
                              Context.BeforeExecution c, ExecutionAttributes a) {
                            if (created.get()) {
                              throw new IllegalStateException("the process stopped here");
                            }
                          }

                          @Override
                          public void afterExecution(
                              Context.AfterExecution c, ExecutionAttributes a) {
                            if (c.request() instanceof CreateBucketRequest) {
                              created.set(true);
                            }
                          }
                        }))
            .build();
    AwsClients stopping =
        new AwsClients(t.aws.settings(), t.aws.ec2(), t.aws.iam(), dying, t.aws.sts(), t.aws.kms());
    EngineTestSupport first =
        new EngineTestSupport(dir, "dev") {
          @Override
          protected List<ResourceHandler<?>> handlers() {
            return CloudHandlers.all(stopping);
          }
        };

    assertThat(first.apply(stack("dev", "acme-dev-stopped")).succeeded()).isFalse();
    assertThat(created).isTrue();
    assertThat(tagsOf(t, "acme-dev-stopped"))
        .containsEntry("deployer:stack", "dev")
        .containsEntry("deployer:address", "storage.root_bucket");

    Plan next = t.plan(stack("dev", "acme-dev-stopped"));
    assertThat(next.drift())
        .hasEntrySatisfying(
            "storage.root_bucket",
            note -> assertThat(note).contains("created by an interrupted run; adopted"));
    assertThat(next.change("storage.root_bucket").action()).isNotEqualTo(Action.CREATE);

    t.applyOk(stack("dev", "acme-dev-stopped"));

    assertThat(t.plan(stack("dev", "acme-dev-stopped")).hasChanges()).isFalse();
    assertThat(t.aws.s3().listBuckets().buckets()).hasSize(1);
  }
}
