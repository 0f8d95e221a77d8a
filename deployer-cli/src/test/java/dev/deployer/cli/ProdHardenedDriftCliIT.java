package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.ListClustersRequest;
import com.databricks.sdk.service.iam.Group;
import com.databricks.sdk.service.iam.ListAccountGroupsRequest;
import com.databricks.sdk.service.iam.PermissionLevel;
import com.databricks.sdk.service.iam.User;
import com.databricks.sdk.service.settings.EnhancedSecurityMonitoring;
import com.databricks.sdk.service.settings.EnhancedSecurityMonitoringSetting;
import com.databricks.sdk.service.settings.GetEnhancedSecurityMonitoringSettingRequest;
import com.databricks.sdk.service.settings.IpAccessListInfo;
import com.databricks.sdk.service.settings.ListType;
import com.databricks.sdk.service.settings.ReplaceIpAccessList;
import com.databricks.sdk.service.settings.UpdateEnhancedSecurityMonitoringSettingRequest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.account.DatabricksClients;
import dev.deployer.account.DatabricksSettings;
import dev.deployer.account.testing.OutOfBand;
import dev.deployer.cli.sandbox.Sandbox;
import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsSettings;
import dev.deployer.core.json.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The hardened prod environment through the built CLI (issue 15's "Done when"): it applies in the
 * sandbox and converges; then someone changes, by hand, one object of each kind the hardening
 * added, in the workspace, the account and AWS, and a single plan shows every change, the apply
 * puts each back, the plan is clean again; destroy leaves nothing of the stacks in AWS and no
 * workspace in the account.
 */
class ProdHardenedDriftCliIT {
  @RegisterExtension static final SandboxCli sandbox = SandboxCli.withRaceWindow("2s");

  static final String ROOT_BUCKET = "acme-prod-workspace-root";

  private static DatabricksClients databricks() {
    return new DatabricksClients(
        new DatabricksSettings(
            sandbox.databricksUrl(""),
            Sandbox.ACCOUNT_ID,
            "http://{deployment}.localhost:" + sandbox.databricksPort,
            Optional.empty(),
            true));
  }

  private static <T> List<T> all(Iterable<T> items) {
    return StreamSupport.stream(items.spliterator(), false).toList();
  }

  private static Group group(DatabricksClients db, String name) {
    return all(db.account()
            .groups()
            .list(new ListAccountGroupsRequest().setFilter("displayName eq \"" + name + "\"")))
        .get(0);
  }

  @Test
  void prodApplies_thenDriftInEachHardenedKind_isShownInOnePlan_repaired_andDestroyLeavesNothing()
      throws Exception {
    CliProcess.Result apply = sandbox.ok("apply", "--env", "prod", "--sandbox", "--auto-approve");
    assertThat(apply.out()).contains("Apply complete! Resources: ");
    sandbox.assertNoChanges("prod");

    JsonNode out =
        Json.mapper().readTree(sandbox.ok("output", "--env", "prod", "--sandbox", "--json").out());
    DatabricksClients db = databricks();
    WorkspaceClient ws =
        db.workspace(out.get("deployment_name").asText(), out.get("workspace_id").asText());
    String policyId = out.get("cluster_policy_id").asText();

    // The workspace: an allow list widened, a longer token lifetime, the
    // shared cluster resized, a grant taken off the cluster and one off the policy.
    IpAccessListInfo corporate =
        all(ws.ipAccessLists().list()).stream()
            .filter(l -> l.getLabel().equals("corporate-egress [deployer:prod]"))
            .findFirst()
            .orElseThrow();
    ws.ipAccessLists()
        .replace(
            new ReplaceIpAccessList()
                .setIpAccessListId(corporate.getListId())
                .setLabel(corporate.getLabel())
                .setListType(ListType.ALLOW)
                .setIpAddresses(List.of("0.0.0.0/0"))
                .setEnabled(true));
    // Enhanced security monitoring cannot be switched off by hand here: the compliance security
    // profile holds it on (the service refuses), which the setting's own IT covers.
    assertThatThrownBy(
            () ->
                ws.settings()
                    .EnhancedSecurityMonitoring()
                    .update(
                        new UpdateEnhancedSecurityMonitoringSettingRequest()
                            .setAllowMissing(true)
                            .setFieldMask("enhanced_security_monitoring_workspace.is_enabled")
                            .setSetting(
                                new EnhancedSecurityMonitoringSetting()
                                    .setEtag(
                                        ws.settings()
                                            .EnhancedSecurityMonitoring()
                                            .get(new GetEnhancedSecurityMonitoringSettingRequest())
                                            .getEtag())
                                    .setEnhancedSecurityMonitoringWorkspace(
                                        new EnhancedSecurityMonitoring().setIsEnabled(false)))))
        .hasMessageContaining("compliance security profile is enabled");
    ws.workspaceConf().setStatus(Map.of("maxTokenLifetimeDays", "365"));
    ClusterDetails cluster = all(ws.clusters().list(new ListClustersRequest())).get(0);
    OutOfBand.resizeCluster(ws, cluster, cluster.getPolicyId(), 3L);
    OutOfBand.replaceGrants(
        ws, "clusters", cluster.getClusterId(), "data-platform-admins", PermissionLevel.CAN_MANAGE);
    OutOfBand.replaceGrants(ws, "cluster-policies", policyId, "analysts", PermissionLevel.CAN_USE);

    // The account: a user added by hand to the stack's group.
    User stranger = db.account().users().create(new User().setUserName("stranger@example.com"));
    Group support = group(db, "acme-prod-support");
    OutOfBand.addGroupMember(db.account(), support.getId(), stranger.getId());

    // AWS: the restrictive root bucket policy loosened.
    try (AwsClients aws = new AwsClients(AwsSettings.emulator("us-east-1", sandbox.awsUrl("")))) {
      aws.s3()
          .putBucketPolicy(
              r ->
                  r.bucket(ROOT_BUCKET)
                      .policy(
                          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Loose\",\"Effect\":\"Allow\","
                              + "\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::"
                              + ROOT_BUCKET
                              + "/*\"}]}"));
    }

    String drift = sandbox.planWithChanges("prod");
    assertThat(drift)
        .contains(
            "workspace_security.ip_access_list[\"corporate-egress\"] will be updated in-place",
            "\"0.0.0.0/0\"",
            "workspace_security.conf will be updated in-place",
            "workspace_compute.shared_cluster will be updated in-place",
            "workspace_compute.shared_cluster_permissions will be updated in-place",
            "workspace_compute.cluster_policy_permissions will be updated in-place",
            "account.group[\"acme-prod-support\"] will be updated in-place",
            "storage.root_bucket_restrictive_policy will be updated in-place",
            "\"Loose\"");
    assertThat(drift).containsPattern("Plan: 0 to add, \\d+ to change, 0 to destroy\\.");

    assertThat(sandbox.ok("apply", "--env", "prod", "--sandbox", "--auto-approve").out())
        .containsPattern("Apply complete! Resources: 0 added, \\d+ changed, 0 destroyed");
    sandbox.assertNoChanges("prod");
    assertThat(ws.ipAccessLists().get(corporate.getListId()).getIpAccessList().getIpAddresses())
        .containsExactlyInAnyOrder("198.51.100.16/28", "203.0.113.0/24");
    assertThat(
            ws.settings()
                .EnhancedSecurityMonitoring()
                .get(new GetEnhancedSecurityMonitoringSettingRequest())
                .getEnhancedSecurityMonitoringWorkspace()
                .getIsEnabled())
        .isTrue();
    assertThat(ws.clusters().get(cluster.getClusterId()).getNumWorkers()).isEqualTo(2L);
    assertThat(db.account().groups().get(support.getId()).getMembers())
        .noneMatch(m -> stranger.getId().equals(m.getValue()));

    for (String env : new String[] {"prod", "common"}) {
      CliProcess.Result r = sandbox.ok("destroy", "--env", env, "--sandbox", "--auto-approve");
      assertThat(r.out()).containsPattern("Destroy complete! Resources: \\d+ destroyed.");
    }
    sandbox.assertAwsHoldsNothingOfTheStacks();
    assertThat(all(db.account().workspaces().list())).isEmpty();
    assertThat(all(db.account().vpcEndpoints().list())).isEmpty();
    assertThat(all(db.account().privateAccess().list())).isEmpty();
    assertThat(all(db.account().encryptionKeys().list())).isEmpty();
  }
}
