package dev.deployer.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.account.logdelivery.LogDeliverySpec;
import dev.deployer.account.metastore.MetastoreSpec;
import dev.deployer.cloud.iam.RoleSpec;
import dev.deployer.cloud.storage.BucketSpec;
import dev.deployer.cloud.storage.PublicAccessBlockSpec;
import dev.deployer.core.graph.Graph;
import dev.deployer.core.model.Ref;
import dev.deployer.core.model.StackDefinition;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The common stack's policies, statement by statement (RESOURCES.md 1.1), and its order (5.1). */
class CommonStackTest {
  /** The outputs the common stack gives the environments' stacks. */
  static final String[] OUTPUTS = {
    "metastore_id",
    "log_bucket",
    "log_role_arn",
    "billable_usage_log_delivery_id",
    "audit_log_delivery_id"
  };

  static final String ACCT = "0d7e4a3c-1b2f-4c5d-8e9f-a1b2c3d4e5f6";

  /** The common config of prefix acme in {@code region}, with the given optional sections. */
  private static CommonConfig acme(
      String region, CommonConfig.Logging logging, CommonConfig.Metastore metastore) {
    return new CommonConfig(
        "common",
        "acme",
        new CommonConfig.Aws(region, null, null),
        new CommonConfig.Databricks(ACCT, null, null, null),
        Map.of("Owner", "o", "Resource", "r"),
        logging,
        metastore,
        null,
        null);
  }

  @Test
  void logRoleTrust_isTheDeliveryRoleWithTheAccountIdAsExternalId() {
    JsonNode st = CommonStack.logRoleTrust(ACCT).get("Statement").get(0);
    assertThat(CommonStack.logRoleTrust(ACCT).get("Statement")).hasSize(1);
    assertThat(st.get("Effect").asText()).isEqualTo("Allow");
    assertThat(st.get("Principal").get("AWS").toString()).contains(CommonStack.LOG_DELIVERY_ROLE);
    assertThat(st.get("Action").toString()).isEqualTo("[\"sts:AssumeRole\"]");
    assertThat(st.get("Condition").get("StringEquals").get("sts:ExternalId").toString())
        .contains(ACCT);
  }

  @Test
  void logBucketPolicy_grantsExactlyTheListedActions() {
    JsonNode statements =
        CommonStack.logBucketPolicy("b", "arn:aws:iam::1:role/r").get("Statement");
    assertThat(statements).hasSize(2);
    JsonNode bucket = statements.get(0);
    assertThat(bucket.get("Action").toString())
        .isEqualTo("[\"s3:GetBucketLocation\",\"s3:ListBucket\"]");
    assertThat(bucket.get("Resource").toString()).isEqualTo("[\"arn:aws:s3:::b\"]");
    JsonNode objects = statements.get(1);
    assertThat(objects.get("Action").toString())
        .isEqualTo(
            "[\"s3:PutObject\",\"s3:GetObject\",\"s3:DeleteObject\","
                + "\"s3:PutObjectAcl\",\"s3:AbortMultipartUpload\",\"s3:ListMultipartUploadParts\"]");
    assertThat(objects.get("Resource").toString())
        .isEqualTo("[\"arn:aws:s3:::b\",\"arn:aws:s3:::b/*\"]");
    for (JsonNode s : statements) {
      assertThat(s.get("Principal").get("AWS").toString()).contains("arn:aws:iam::1:role/r");
    }
  }

  @Test
  void order_policyAfterBlock_configurationsAfterPolicy_deliveriesAfterConfigurations() {
    StackDefinition def = CommonStack.define(acme("us-east-1", null, null), ACCT);
    Graph g = def.graph();
    assertThat(g.dependenciesOf("logging.bucket_policy"))
        .contains("logging.bucket_public_access_block", "logging.role");
    assertThat(g.dependenciesOf("logging.credentials"))
        .contains("logging.bucket_policy", "logging.role");
    assertThat(g.dependenciesOf("logging.storage_configuration")).contains("logging.bucket_policy");
    for (String d : new String[] {"logging.billable_usage", "logging.audit_logs"}) {
      assertThat(g.dependenciesOf(d))
          .contains("logging.credentials", "logging.storage_configuration");
    }
    assertThat(g.dependenciesOf("unity_catalog.metastore")).isEmpty();
    assertThat(def.outputs()).containsKeys(OUTPUTS);
  }

  @Test
  void specs_followTheConfigAndItsDefaults() {
    StackDefinition def =
        CommonStack.define(
            acme(
                "eu-west-1",
                new CommonConfig.Logging(null, null, null, true),
                new CommonConfig.Metastore(null, null, "uc-admins")),
            ACCT);
    assertThat(def.addresses())
        .containsExactlyInAnyOrder(
            "logging.bucket",
            "logging.bucket_public_access_block",
            "logging.role",
            "logging.bucket_policy",
            "logging.credentials",
            "logging.storage_configuration",
            "logging.billable_usage",
            "logging.audit_logs",
            "unity_catalog.metastore");
    Function<Ref, String> ids = ref -> "<" + ref.address() + "." + ref.key() + ">";

    BucketSpec bucket = (BucketSpec) def.evaluate(def.resources().get("logging.bucket"), ids, null);
    assertThat(bucket.bucket()).isEqualTo("acme-log-delivery");
    assertThat(bucket.versioning()).isFalse();
    assertThat(bucket.forceDestroy()).isTrue();
    PublicAccessBlockSpec pab =
        (PublicAccessBlockSpec)
            def.evaluate(def.resources().get("logging.bucket_public_access_block"), ids, null);
    assertThat(pab).isEqualTo(PublicAccessBlockSpec.allOn("acme-log-delivery"));
    RoleSpec role = (RoleSpec) def.evaluate(def.resources().get("logging.role"), ids, null);
    assertThat(role.name()).isEqualTo("acme-log-delivery");
    assertThat(role.assumeRolePolicy()).isEqualTo(CommonStack.logRoleTrust(ACCT));

    LogDeliverySpec billable =
        (LogDeliverySpec) def.evaluate(def.resources().get("logging.billable_usage"), ids, null);
    assertThat(billable.logType()).isEqualTo("BILLABLE_USAGE");
    assertThat(billable.outputFormat()).isEqualTo("CSV");
    assertThat(billable.deliveryPathPrefix()).isEqualTo("billable-usage-logs");
    assertThat(billable.credentialsId()).isEqualTo("<logging.credentials.credentials_id>");
    assertThat(billable.storageConfigurationId())
        .isEqualTo("<logging.storage_configuration.storage_configuration_id>");
    assertThat(billable.status()).isEqualTo("ENABLED");
    LogDeliverySpec audit =
        (LogDeliverySpec) def.evaluate(def.resources().get("logging.audit_logs"), ids, null);
    assertThat(audit.logType()).isEqualTo("AUDIT_LOGS");
    assertThat(audit.outputFormat()).isEqualTo("JSON");
    assertThat(audit.deliveryPathPrefix()).isEqualTo("audit-logs");

    MetastoreSpec metastore =
        (MetastoreSpec) def.evaluate(def.resources().get("unity_catalog.metastore"), ids, null);
    assertThat(metastore)
        .isEqualTo(new MetastoreSpec("unity-catalog-acme", "eu-west-1", null, "uc-admins"));
  }
}
