package dev.deployer.cloud.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.cloud.PolicyDocuments;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CrossAccountPolicyTest {
  static final String R = "eu-west-1";
  static final String A = "123456789012";
  static final String V = "vpc-0abc";
  static final String G = "sg-0def";

  /** The statements without their Sids (RESOURCES.md names none), in normal form. */
  static List<JsonNode> statements(JsonNode doc) {
    List<JsonNode> out = new ArrayList<>();
    doc.get("Statement")
        .forEach(
            s -> {
              ObjectNode copy = s.deepCopy();
              copy.remove("Sid");
              out.add(PolicyDocuments.normalize(copy));
            });
    return out;
  }

  @Test
  void policy_matchesResources22_statementByStatement() {
    List<JsonNode> built = statements(CrossAccountPolicy.policy(R, A, V, G, Optional.empty()));
    List<JsonNode> spec = statements(Resources22.policy(R, A, V, G));
    assertThat(built).hasSameSizeAs(spec);
    for (int i = 0; i < spec.size(); i++) {
      assertThat(built.get(i)).as("statement %d", i).isEqualTo(spec.get(i));
    }
  }

  @Test
  void policy_withoutInstanceProfile_grantsNoPassRole() {
    String text = CrossAccountPolicy.policy(R, A, V, G, Optional.empty()).toString();
    assertThat(text).doesNotContain("iam:PassRole");
  }

  @Test
  void policy_withInstanceProfile_passesOnlyThatRole() {
    String arn = "arn:aws:iam::123456789012:role/cluster-nodes";
    JsonNode doc = CrossAccountPolicy.policy(R, A, V, G, Optional.of(arn));
    JsonNode last = doc.get("Statement").get(doc.get("Statement").size() - 1);
    assertThat(last.get("Action").toString()).isEqualTo("[\"iam:PassRole\"]");
    assertThat(last.get("Resource").toString()).isEqualTo("[\"" + arn + "\"]");
    assertThat(doc.get("Statement")).hasSize(13);
  }

  @Test
  void policy_scopesRunInstancesAndRuleChangesToTheVpc() {
    JsonNode doc = CrossAccountPolicy.policy(R, A, V, G, Optional.empty());
    String vpcArn = "arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-0abc";
    long scoped = 0;
    for (JsonNode s : doc.get("Statement")) {
      if (s.has("Condition") && s.get("Condition").toString().contains("ec2:vpc")) {
        assertThat(s.get("Condition").get("StringEquals").get("ec2:vpc").asText())
            .isEqualTo(vpcArn);
        scoped++;
      }
    }
    assertThat(scoped).isEqualTo(2);
  }

  @Test
  void trust_matchesResources22() {
    assertThat(
            PolicyDocuments.equivalent(
                CrossAccountPolicy.trust("acct-1"), Resources22.trust("acct-1")))
        .isTrue();
    assertThat(
            PolicyDocuments.equivalent(
                CrossAccountPolicy.trust("acct-1"), Resources22.trust("acct-2")))
        .isFalse();
  }

  @Test
  void inputs_validate_namesFields() {
    assertThat(new CrossAccountInputs("dev", "acct", Optional.empty()).validate()).isEmpty();
    assertThat(new CrossAccountInputs("bad name", "", Optional.of("nope")).validate())
        .hasSize(3)
        .anySatisfy(p -> assertThat(p).startsWith("prefix:"))
        .anySatisfy(p -> assertThat(p).startsWith("databricks_account_id:"))
        .anySatisfy(p -> assertThat(p).startsWith("instance_profile_role_arn:"));
  }
}
