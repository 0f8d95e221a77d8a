package dev.deployer.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.account.DatabricksClients;
import dev.deployer.account.DatabricksSettings;
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

  @Test
  void catalogRoleTrust_statementByStatement() {
    String own = "arn:aws:iam::123456789012:role/acme-unity-catalog-1";
    JsonNode doc = WorkspaceModule.catalogRoleTrust("acct-1", "123456789012", own);
    assertThat(doc.get("Version").asText()).isEqualTo("2012-10-17");
    JsonNode st = doc.get("Statement");
    assertThat(st.size()).isEqualTo(2);

    JsonNode uc = st.get(0);
    assertThat(uc.get("Effect").asText()).isEqualTo("Allow");
    assertThat(uc.at("/Principal/AWS/0").asText()).isEqualTo(WorkspaceModule.UC_MASTER_ROLE);
    assertThat(uc.at("/Action/0").asText()).isEqualTo("sts:AssumeRole");
    assertThat(uc.at("/Condition/StringEquals/sts:ExternalId/0").asText()).isEqualTo("acct-1");

    JsonNode self = st.get(1);
    assertThat(self.at("/Principal/AWS/0").asText()).isEqualTo("arn:aws:iam::123456789012:root");
    assertThat(self.at("/Action/0").asText()).isEqualTo("sts:AssumeRole");
    assertThat(self.at("/Condition/ArnLike/aws:PrincipalArn/0").asText()).isEqualTo(own);
  }

  @Test
  void catalogRolePolicy_givesBucketAccessAndSelfAssumption() {
    String own = "arn:aws:iam::123456789012:role/r";
    JsonNode st = WorkspaceModule.catalogRolePolicy("acme-catalog-1", own).get("Statement");
    assertThat(st.get(0).get("Action").toString())
        .contains(
            "s3:GetObject",
            "s3:GetObjectVersion",
            "s3:PutObject",
            "s3:PutObjectAcl",
            "s3:DeleteObject",
            "s3:ListBucket",
            "s3:GetBucketLocation");
    assertThat(st.get(0).get("Resource").toString())
        .contains("\"arn:aws:s3:::acme-catalog-1\"", "\"arn:aws:s3:::acme-catalog-1/*\"");
    assertThat(st.get(1).at("/Action/0").asText()).isEqualTo("sts:AssumeRole");
    assertThat(st.get(1).at("/Resource/0").asText()).isEqualTo(own);
  }
}
