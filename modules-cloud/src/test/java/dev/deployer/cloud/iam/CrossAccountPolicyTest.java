package dev.deployer.cloud.iam;

import static dev.deployer.cloud.testing.PolicyAssertions.assertSameStatements;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.cloud.AwsPartition;
import dev.deployer.cloud.PolicyDocuments;
import dev.deployer.cloud.iam.CrossAccountPolicy.Variant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CrossAccountPolicyTest {
  static final String R = "eu-west-1";
  static final String A = "123456789012";
  static final String V = "vpc-0abc";
  static final String G = "sg-0def";
  static final AwsPartition AWS = AwsPartition.COMMERCIAL;

  static ObjectNode policy(Variant v, Optional<String> passRole) {
    return CrossAccountPolicy.policy(v, AWS, R, A, V, G, passRole);
  }

  @Test
  void restrictedPolicy_isDatabricksDocumentedOne_statementByStatement() {
    assertSameStatements(
        policy(Variant.RESTRICTED, Optional.empty()),
        DocumentedCrossAccountPolicy.restricted(R, A, V, G));
  }

  @Test
  void customerPolicy_isDatabricksDocumentedOne_statementByStatement() {
    assertSameStatements(
        policy(Variant.CUSTOMER, Optional.empty()), DocumentedCrossAccountPolicy.customer());
  }

  @Test
  void bothPolicies_grantFleetLaunchTemplateAndSpotPlacementActions_soClustersCanStart() {
    for (Variant v : Variant.values()) {
      JsonNode first = policy(v, Optional.empty()).get("Statement").get(0);
      assertThat(first.get("Resource").toString()).isEqualTo("[\"*\"]");
      List<String> actions = new ArrayList<>();
      first.get("Action").forEach(a -> actions.add(a.asText()));
      assertThat(actions)
          .as(v.configName())
          .contains(
              "ec2:CreateFleet",
              "ec2:DeleteFleets",
              "ec2:DescribeFleets",
              "ec2:DescribeFleetInstances",
              "ec2:DescribeFleetHistory",
              "ec2:ModifyFleet",
              "ec2:CreateLaunchTemplate",
              "ec2:CreateLaunchTemplateVersion",
              "ec2:DeleteLaunchTemplate",
              "ec2:DeleteLaunchTemplateVersions",
              "ec2:DescribeLaunchTemplates",
              "ec2:DescribeLaunchTemplateVersions",
              "ec2:ModifyLaunchTemplate",
              "ec2:GetLaunchTemplateData",
              "ec2:AssignPrivateIpAddresses",
              "ec2:GetSpotPlacementScores")
          .doesNotHaveDuplicates();
    }
  }

  @Test
  void policy_withoutInstanceProfile_grantsNoPassRole() {
    for (Variant v : Variant.values()) {
      assertThat(policy(v, Optional.empty()).toString()).doesNotContain("iam:PassRole");
    }
  }

  @Test
  void policy_withInstanceProfile_passesOnlyThatRole() {
    String arn = "arn:aws:iam::123456789012:role/cluster-nodes";
    JsonNode doc = policy(Variant.RESTRICTED, Optional.of(arn));
    JsonNode pass = doc.get("Statement").get(2);
    assertThat(pass.get("Action").toString()).isEqualTo("[\"iam:PassRole\"]");
    assertThat(pass.get("Resource").toString()).isEqualTo("[\"" + arn + "\"]");
    assertThat(doc.get("Statement")).hasSize(13);
    assertThat(policy(Variant.CUSTOMER, Optional.of(arn)).get("Statement")).hasSize(3);
  }

  @Test
  void restrictedPolicy_scopesRunInstancesAndRuleChangesToTheVpc_customerDoesNot() {
    String vpcArn = "arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-0abc";
    long scoped = 0;
    for (JsonNode s : policy(Variant.RESTRICTED, Optional.empty()).get("Statement")) {
      if (s.has("Condition") && s.get("Condition").toString().contains("ec2:vpc")) {
        assertThat(s.get("Condition").get("StringEquals").get("ec2:vpc").asText())
            .isEqualTo(vpcArn);
        scoped++;
      }
    }
    assertThat(scoped).isEqualTo(2);
    assertThat(policy(Variant.CUSTOMER, Optional.empty()).toString()).doesNotContain("vpc-0abc");
  }

  @Test
  void govCloudPolicyAndTrust_useItsPartitionAndDatabricksGovAccount() {
    JsonNode doc =
        CrossAccountPolicy.policy(
            Variant.RESTRICTED,
            AwsPartition.forRegion("us-gov-west-1"),
            "us-gov-west-1",
            A,
            V,
            G,
            Optional.empty());
    assertThat(doc.toString()).doesNotContain("arn:aws:").contains("arn:aws-us-gov:ec2:");
    JsonNode trust = CrossAccountPolicy.trust(AwsPartition.GOVCLOUD, "acct-1");
    assertThat(trust.at("/Statement/0/Principal/AWS/0").asText())
        .isEqualTo("arn:aws-us-gov:iam::044793339203:root");
  }

  @Test
  void trust_isDatabricksDocumentedOne() {
    assertThat(
            PolicyDocuments.equivalent(
                CrossAccountPolicy.trust(AWS, "acct-1"),
                DocumentedCrossAccountPolicy.trust("acct-1")))
        .isTrue();
    assertThat(
            PolicyDocuments.equivalent(
                CrossAccountPolicy.trust(AWS, "acct-1"),
                DocumentedCrossAccountPolicy.trust("acct-2")))
        .isFalse();
  }

  @Test
  void inputs_validate_namesFields() {
    assertThat(new CrossAccountInputs("dev", "acct", Optional.empty()).validate()).isEmpty();
    assertThat(new CrossAccountInputs("dev", "acct", Optional.empty()).policy())
        .isEqualTo(Variant.RESTRICTED);
    assertThat(new CrossAccountInputs("bad name", "", Optional.of("nope")).validate())
        .hasSize(3)
        .anySatisfy(p -> assertThat(p).startsWith("prefix:"))
        .anySatisfy(p -> assertThat(p).startsWith("databricks_account_id:"))
        .anySatisfy(p -> assertThat(p).startsWith("instance_profile_role_arn:"));
  }
}
