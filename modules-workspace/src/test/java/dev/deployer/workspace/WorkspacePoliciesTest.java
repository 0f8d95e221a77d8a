package dev.deployer.workspace;

import static dev.deployer.cloud.testing.PolicyAssertions.assertSameStatements;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.account.DatabricksClients;
import dev.deployer.account.DatabricksSettings;
import dev.deployer.cloud.AwsPartition;
import dev.deployer.core.json.Json;
import dev.deployer.workspace.policy.ClusterPolicies;
import dev.deployer.workspace.policy.ClusterPolicyHandler;
import dev.deployer.workspace.policy.ClusterPolicySpec;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkspacePoliciesTest {
  static JsonNode json(String s) throws Exception {
    return Json.mapper().readTree(s);
  }

  @Test
  void clusterPolicy_defaults_capDbusFixAutoterminationAndTagTheTeam() throws Exception {
    ObjectNode d = ClusterPolicies.definition("data", Map.of());
    assertThat(d.get("dbus_per_hour")).isEqualTo(json("{\"type\":\"range\",\"maxValue\":10}"));
    assertThat(d.get("autotermination_minutes"))
        .isEqualTo(json("{\"type\":\"fixed\",\"value\":20,\"hidden\":true}"));
    assertThat(d.get("custom_tags.Team"))
        .isEqualTo(json("{\"type\":\"fixed\",\"value\":\"data\"}"));
    assertThat(ClusterPolicies.name("data")).isEqualTo("data cluster policy");
  }

  @Test
  void clusterPolicy_overrides_replaceARuleWholeAndAddNewOnes() throws Exception {
    ObjectNode d =
        ClusterPolicies.definition(
            "data",
            Map.of(
                "dbus_per_hour", json("{\"type\":\"range\",\"maxValue\":5}"),
                "spark_conf.spark.databricks.io.cache.enabled",
                    json("{\"type\":\"fixed\",\"value\":\"true\"}")));
    assertThat(d.get("dbus_per_hour")).isEqualTo(json("{\"type\":\"range\",\"maxValue\":5}"));
    assertThat(d.get("spark_conf.spark.databricks.io.cache.enabled").get("value").asText())
        .isEqualTo("true");
    assertThat(d.size()).isEqualTo(4);
  }

  @Test
  void clusterPolicy_diff_comparesDefinitionsAsJsonNotText() throws Exception {
    ClusterPolicyHandler h =
        new ClusterPolicyHandler(
            new DatabricksClients(
                new DatabricksSettings(
                    "http://127.0.0.1:1",
                    "a",
                    "http://{deployment}.localhost:1",
                    Optional.empty(),
                    true)));
    JsonNode recorded = ClusterPolicies.definition("data", Map.of());
    // What the API might hand back: other key order, other spacing.
    JsonNode reordered =
        json(
            "{ \"custom_tags.Team\": {\"value\": \"data\", \"type\": \"fixed\"},"
                + " \"autotermination_minutes\": {\"hidden\": true, \"value\": 20, \"type\":"
                + " \"fixed\"}, \"dbus_per_hour\": {\"maxValue\": 10, \"type\": \"range\"} }");
    ClusterPolicySpec a = new ClusterPolicySpec("d", "1", "data cluster policy", recorded, null);
    ClusterPolicySpec b = new ClusterPolicySpec("d", "1", "data cluster policy", reordered, null);
    assertThat(h.diff(a, b).isEmpty()).isTrue();

    ClusterPolicySpec edited =
        new ClusterPolicySpec(
            "d",
            "1",
            "data cluster policy",
            ClusterPolicies.definition(
                "data", Map.of("dbus_per_hour", json("{\"type\":\"range\",\"maxValue\":50}"))),
            null);
    assertThat(h.diff(a, edited).changes()).extracting(c -> c.path()).containsExactly("definition");
    assertThat(h.diff(a, edited).forcesReplacement()).isFalse();
  }

  static final String UC_ARN =
      "arn:aws:iam::414351767826:role/unity-catalog-prod-UCMasterRole-14S5ZJVKOTYTL";

  @Test
  void catalogRoleTrust_isTheProvidersUnityCatalogAssumeRolePolicy_statementByStatement()
      throws Exception {
    // aws/data_aws_unity_catalog_assume_role_policy.go, transcribed by hand.
    JsonNode documented =
        json(
            """
            {"Version":"2012-10-17","Statement":[
             {"Effect":"Allow","Action":"sts:AssumeRole",
              "Principal":{"AWS":"UC"},
              "Condition":{"StringEquals":{"sts:ExternalId":"ext-1"}}},
             {"Effect":"Allow","Action":"sts:AssumeRole",
              "Principal":{"AWS":"arn:aws:iam::123456789012:root"},
              "Condition":{
               "ArnLike":{"aws:PrincipalArn":"arn:aws:iam::123456789012:role/acme-unity-catalog-1"},
               "StringEquals":{"sts:ExternalId":"ext-1"}}}]}
            """
                .replace("UC", UC_ARN));
    assertSameStatements(
        WorkspaceModule.catalogRoleTrust(
            AwsPartition.COMMERCIAL, UC_ARN, "ext-1", "123456789012", "acme-unity-catalog-1"),
        documented);
  }

  @Test
  void catalogRoleTrust_principalIsTheCredentialsUnityCatalogIamArn_notAFixedOne() {
    String other = "arn:aws-us-gov:iam::044793339203:role/unity-catalog-prod-UCMasterRole-X";
    JsonNode doc =
        WorkspaceModule.catalogRoleTrust(AwsPartition.GOVCLOUD, other, "e", "123456789012", "r");
    assertThat(doc.at("/Statement/0/Principal/AWS/0").asText()).isEqualTo(other);
    assertThat(doc.at("/Statement/1/Principal/AWS/0").asText())
        .isEqualTo("arn:aws-us-gov:iam::123456789012:root");
  }

  @Test
  void catalogRolePolicy_isTheProvidersUnityCatalogPolicy_statementByStatement() throws Exception {
    // aws/data_aws_unity_catalog_policy.go (no KMS key), transcribed by hand.
    JsonNode documented =
        json(
            """
            {"Version":"2012-10-17","Statement":[
             {"Effect":"Allow","Action":["s3:GetObject","s3:PutObject","s3:DeleteObject",
               "s3:ListBucket","s3:GetBucketLocation","s3:ListBucketMultipartUploads",
               "s3:ListMultipartUploadParts","s3:AbortMultipartUpload"],
              "Resource":["arn:aws:s3:::acme-catalog-1/*","arn:aws:s3:::acme-catalog-1"]},
             {"Effect":"Allow","Action":["sts:AssumeRole"],
              "Resource":["arn:aws:iam::123456789012:role/r"]},
             {"Effect":"Allow","Action":["s3:GetBucketNotification","s3:PutBucketNotification",
               "sns:ListSubscriptionsByTopic","sns:GetTopicAttributes","sns:SetTopicAttributes",
               "sns:CreateTopic","sns:TagResource","sns:Publish","sns:Subscribe",
               "sqs:CreateQueue","sqs:DeleteMessage","sqs:ReceiveMessage","sqs:SendMessage",
               "sqs:GetQueueUrl","sqs:GetQueueAttributes","sqs:SetQueueAttributes",
               "sqs:TagQueue","sqs:ChangeMessageVisibility","sqs:PurgeQueue"],
              "Resource":["arn:aws:s3:::acme-catalog-1",
               "arn:aws:sqs:*:123456789012:csms-*","arn:aws:sns:*:123456789012:csms-*"]},
             {"Effect":"Allow","Action":["sqs:ListQueues","sqs:ListQueueTags","sns:ListTopics"],
              "Resource":["arn:aws:sqs:*:123456789012:csms-*","arn:aws:sns:*:123456789012:csms-*"]},
             {"Effect":"Allow","Action":["sns:Unsubscribe","sns:DeleteTopic","sqs:DeleteQueue"],
              "Resource":["arn:aws:sqs:*:123456789012:csms-*","arn:aws:sns:*:123456789012:csms-*"]}
            ]}
            """);
    assertSameStatements(
        WorkspaceModule.catalogRolePolicy(
            AwsPartition.COMMERCIAL, "acme-catalog-1", "123456789012", "r"),
        documented);
  }
}
