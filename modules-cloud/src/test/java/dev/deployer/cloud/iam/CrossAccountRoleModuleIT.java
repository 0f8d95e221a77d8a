package dev.deployer.cloud.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.cloud.PolicyDocuments;
import dev.deployer.cloud.network.SecurityGroupHandler;
import dev.deployer.cloud.network.SecurityGroupSpec;
import dev.deployer.cloud.network.VpcHandler;
import dev.deployer.cloud.network.VpcSpec;
import dev.deployer.cloud.testing.EmulatedCloudTest;
import dev.deployer.cloud.testing.PolicyAssertions;
import dev.deployer.core.model.Resource;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.plan.Action;
import dev.deployer.core.plan.Plan;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;

class CrossAccountRoleModuleIT extends EmulatedCloudTest {
  static final String ACCT = "11111111-2222-3333-4444-555555555555";
  IamClient iam;

  @BeforeEach
  void setUp() {
    iam = t.aws.iam();
  }

  StackDefinition stack(String prefix, Map<String, String> tags, Optional<String> passRole) {
    StackBuilder b = new StackBuilder("dev", tags);
    Resource<VpcSpec> vpc =
        b.add(
            "network.vpc", VpcHandler.TYPE, r -> new VpcSpec("10.9.0.0/16", true, true, r.tags()));
    Resource<SecurityGroupSpec> sg =
        b.add(
            "network.security_group",
            SecurityGroupHandler.TYPE,
            r ->
                new SecurityGroupSpec(
                    r.get(vpc.id()), "it-sg", "workspace", List.of(), List.of(), r.tags()));
    CrossAccountRoleModule.declare(
        b,
        t.aws.region(),
        "credential",
        new CrossAccountInputs(prefix, ACCT, passRole),
        vpc.id(),
        sg.id());
    return b.build();
  }

  String id(String address) {
    return t.store.read().orElseThrow().find(address).orElseThrow().id();
  }

  JsonNode livePolicy(String role, String name) {
    return PolicyDocuments.parse(
        iam.getRolePolicy(r -> r.roleName(role).policyName(name)).policyDocument());
  }

  JsonNode liveTrust(String role) {
    return PolicyDocuments.parse(
        iam.getRole(r -> r.roleName(role)).role().assumeRolePolicyDocument());
  }

  @Test
  void lifecycle_createNoopDriftRepairUpdateReplaceDestroy() {
    StackDefinition def = stack("it", Map.of("Owner", "platform"), Optional.empty());
    t.applyOk(def);

    // The deployed documents are Databricks' restricted policy, statement by statement.
    String account = t.aws.accountId();
    JsonNode expected =
        DocumentedCrossAccountPolicy.restricted(
            "us-east-1", account, id("network.vpc"), id("network.security_group"));
    List<JsonNode> live =
        PolicyAssertions.statements(livePolicy("it-crossaccount", "it-crossaccount-policy"));
    List<JsonNode> spec = PolicyAssertions.statements(expected);
    assertThat(live).hasSameSizeAs(spec);
    for (int i = 0; i < spec.size(); i++) {
      assertThat(live.get(i)).as("statement %d", i).isEqualTo(spec.get(i));
    }
    assertThat(live.toString()).doesNotContain("iam:PassRole");
    assertThat(
            PolicyDocuments.equivalent(
                liveTrust("it-crossaccount"), DocumentedCrossAccountPolicy.trust(ACCT)))
        .isTrue();
    var role = iam.getRole(r -> r.roleName("it-crossaccount")).role();
    assertThat(t.store.read().orElseThrow().find("credential.role").orElseThrow().outputs())
        .containsEntry("arn", role.arn());
    assertThat(iam.listRoleTags(r -> r.roleName("it-crossaccount")).tags())
        .anySatisfy(tag -> assertThat(tag.value()).isEqualTo("credential.role"));

    t.assertNoChanges(def);

    // Out of band: the trust policy edited and a statement dropped from the inline policy.
    iam.updateAssumeRolePolicy(
        r ->
            r.roleName("it-crossaccount")
                .policyDocument(
                    PolicyDocuments.toJson(DocumentedCrossAccountPolicy.trust("someone-else"))));
    iam.putRolePolicy(
        r ->
            r.roleName("it-crossaccount")
                .policyName("it-crossaccount-policy")
                .policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Action\":\"ec2:*\",\"Resource\":\"*\"}]}"));
    Plan drift = t.plan(def);
    assertThat(drift.change("credential.role").action()).isEqualTo(Action.UPDATE);
    assertThat(drift.change("credential.role_policy").action()).isEqualTo(Action.UPDATE);
    assertThat(drift.drift()).containsKeys("credential.role", "credential.role_policy");
    t.applyOk(def);
    assertThat(
            PolicyDocuments.equivalent(
                liveTrust("it-crossaccount"), DocumentedCrossAccountPolicy.trust(ACCT)))
        .isTrue();
    assertThat(PolicyAssertions.statements(livePolicy("it-crossaccount", "it-crossaccount-policy")))
        .isEqualTo(spec);
    t.assertNoChanges(def);

    // In place: other tags, and an instance profile role Databricks may pass.
    String passRole = "arn:aws:iam::" + account + ":role/cluster-nodes";
    StackDefinition changed = stack("it", Map.of("Owner", "data"), Optional.of(passRole));
    Plan p = t.plan(changed);
    assertThat(p.change("credential.role").action()).isEqualTo(Action.UPDATE);
    assertThat(p.change("credential.role_policy").action()).isEqualTo(Action.UPDATE);
    assertThat(p.toAdd()).isZero();
    t.applyOk(changed);
    assertThat(livePolicy("it-crossaccount", "it-crossaccount-policy").toString())
        .contains("iam:PassRole", passRole);
    assertThat(iam.listRoleTags(r -> r.roleName("it-crossaccount")).tags())
        .anySatisfy(tag -> assertThat(tag.value()).isEqualTo("data"))
        .noneSatisfy(tag -> assertThat(tag.value()).isEqualTo("platform"));
    t.assertNoChanges(changed);

    // Replace: another prefix renames the role.
    StackDefinition renamed = stack("it2", Map.of("Owner", "data"), Optional.of(passRole));
    Plan r = t.plan(renamed);
    assertThat(r.change("credential.role").action()).isEqualTo(Action.CREATE_THEN_DELETE);
    assertThat(r.change("credential.role").replaceFields()).containsExactly("name");
    assertThat(r.change("credential.role_policy").action().isReplace()).isTrue();
    t.applyOk(renamed);
    assertThat(iam.listRoles().roles())
        .extracting(x -> x.roleName())
        .containsExactly("it2-crossaccount");
    assertThat(iam.listRolePolicies(x -> x.roleName("it2-crossaccount")).policyNames())
        .containsExactly("it2-crossaccount-policy");
    t.assertNoChanges(renamed);

    t.destroyOk(renamed);
    assertThat(iam.listRoles().roles()).isEmpty();
    assertThat(t.store.read().orElseThrow().resources()).isEmpty();
  }
}
