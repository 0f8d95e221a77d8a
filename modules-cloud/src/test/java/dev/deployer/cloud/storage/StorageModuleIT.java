package dev.deployer.cloud.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.cloud.PolicyDocuments;
import dev.deployer.cloud.testing.EmulatedCloudTest;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.plan.Action;
import dev.deployer.core.plan.Plan;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

class StorageModuleIT extends EmulatedCloudTest {
  static final String ACCT = "11111111-2222-3333-4444-555555555555";

  StackDefinition stack(String bucket, Map<String, String> tags) {
    StackBuilder b = new StackBuilder("dev", tags);
    StorageModule.declare(
        b, "us-east-1", "storage", bucket, ACCT, true, StorageModule.Options.DEFAULT);
    return b.build();
  }

  @Test
  void lifecycle_createNoopDriftRepairUpdateReplaceDestroy() {
    StackDefinition def = stack("it-root-1", Map.of("Owner", "platform"));
    t.applyOk(def);

    // Created as specified.
    var s3 = t.aws.s3();
    ServerSideEncryptionRule rule =
        s3.getBucketEncryption(r -> r.bucket("it-root-1"))
            .serverSideEncryptionConfiguration()
            .rules()
            .get(0);
    assertThat(rule.applyServerSideEncryptionByDefault().sseAlgorithmAsString())
        .isEqualTo("AES256");
    assertThat(
            s3.getPublicAccessBlock(r -> r.bucket("it-root-1"))
                .publicAccessBlockConfiguration()
                .blockPublicPolicy())
        .isTrue();
    JsonNode policy =
        PolicyDocuments.parse(s3.getBucketPolicy(r -> r.bucket("it-root-1")).policy());
    JsonNode st = policy.get("Statement").get(0);
    assertThat(st.get("Principal").get("AWS").toString())
        .contains("arn:aws:iam::414351767826:root");
    assertThat(
            st.get("Condition")
                .get("StringEquals")
                .get("aws:PrincipalTag/DatabricksAccountId")
                .toString())
        .contains(ACCT);
    assertThat(st.get("Resource").toString())
        .contains("arn:aws:s3:::it-root-1/*", "arn:aws:s3:::it-root-1\"");
    assertThat(s3.getBucketTagging(r -> r.bucket("it-root-1")).tagSet())
        .anyMatch(
            tag ->
                tag.key().equals("deployer:address") && tag.value().equals("storage.root_bucket"));

    // No changes.
    assertThat(t.plan(def).hasChanges()).isFalse();

    // Out-of-band: policy replaced, public access block off.
    s3.putBucketPolicy(
        r ->
            r.bucket("it-root-1")
                .policy(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::it-root-1/*\"}]}"));
    s3.deletePublicAccessBlock(r -> r.bucket("it-root-1"));
    Plan drift = t.plan(def);
    assertThat(drift.change("storage.root_bucket_policy").action()).isEqualTo(Action.UPDATE);
    assertThat(drift.change("storage.root_bucket_public_access_block").action())
        .isEqualTo(Action.UPDATE);
    assertThat(drift.drift()).containsKeys("storage.root_bucket_policy");
    t.applyOk(def);
    assertThat(t.plan(def).hasChanges()).isFalse();

    // In place: tags.
    StackDefinition retagged = stack("it-root-1", Map.of("Owner", "data"));
    Plan p = t.plan(retagged);
    assertThat(p.change("storage.root_bucket").action()).isEqualTo(Action.UPDATE);
    t.applyOk(retagged);
    assertThat(t.plan(retagged).hasChanges()).isFalse();

    // Replace: another name.
    StackDefinition renamed = stack("it-root-2", Map.of("Owner", "data"));
    Plan r = t.plan(renamed);
    assertThat(r.change("storage.root_bucket").action()).isEqualTo(Action.DELETE_THEN_CREATE);
    assertThat(r.change("storage.root_bucket").replaceFields()).containsExactly("bucket");
    s3.putObject(
        b -> b.bucket("it-root-1").key("x"),
        software.amazon.awssdk.core.sync.RequestBody.fromString("x"));
    assertThat(t.plan(renamed).change("storage.root_bucket").destroysData())
        .isEqualTo("s3://it-root-1 holds objects");
    assertThatThrownBy(() -> t.apply(renamed))
        .hasMessageContaining("--allow-destroy storage.root_bucket");
    t.applyAllowingDestroy(renamed, "storage.root_bucket");
    assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).containsExactly("it-root-2");

    t.destroyOk(renamed);
    assertThat(s3.listBuckets().buckets()).isEmpty();
    assertThat(t.store.read().orElseThrow().resources()).isEmpty();
  }
}
