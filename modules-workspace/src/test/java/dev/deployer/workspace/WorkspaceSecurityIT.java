package dev.deployer.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.settings.GetComplianceSecurityProfileSettingRequest;
import com.databricks.sdk.service.settings.GetEnhancedSecurityMonitoringSettingRequest;
import com.databricks.sdk.service.settings.IpAccessListInfo;
import com.databricks.sdk.service.settings.ListType;
import com.databricks.sdk.service.settings.ReplaceIpAccessList;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.plan.Action;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.workspace.settings.SecuritySettingHandler;
import dev.deployer.workspace.settings.SecuritySettingSpec;
import dev.deployer.workspace.testing.EmulatedWorkspace;
import dev.deployer.workspace.testing.WorkspaceTestSupport;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The workspace hardening module against the emulator, through the engine. */
class WorkspaceSecurityIT extends EmulatedWorkspace {
  static final String ALLOW = "workspace_security.ip_access_list[\"office\"]";
  static final String BLOCK = "workspace_security.ip_access_list[\"bad-actors\"]";
  static final String CONF = "workspace_security.conf";
  static final String CSP = "workspace_security.compliance_security_profile";
  static final String ESM = "workspace_security.enhanced_security_monitoring";

  StackDefinition stack(List<String> office, List<String> standards, Boolean esm) {
    WorkspaceTestSupport.Base base = t.stack();
    var b = base.builder();
    WorkspaceSecurityModule.declare(
        b,
        "workspace_security",
        new WorkspaceSecurityModule.Inputs(
            base.workspace().out("deployment_name"),
            base.workspace().out("workspace_id"),
            base.assignment(),
            List.of(
                new WorkspaceSecurityModule.IpList("office", "ALLOW", office, null),
                new WorkspaceSecurityModule.IpList(
                    "bad-actors", "BLOCK", List.of("198.51.100.0/24"), true)),
            true,
            90,
            standards,
            esm));
    return b.build();
  }

  private static List<IpAccessListInfo> lists(WorkspaceClient ws) {
    return StreamSupport.stream(ws.ipAccessLists().list().spliterator(), false).toList();
  }

  private static Map<String, String> conf(WorkspaceClient ws) {
    return WorkspaceTestSupport.workspaceConf(ws, "enableIpAccessLists", "maxTokenLifetimeDays");
  }

  private static boolean esmOn(WorkspaceClient ws) {
    return ws.settings()
        .EnhancedSecurityMonitoring()
        .get(new GetEnhancedSecurityMonitoringSettingRequest())
        .getEnhancedSecurityMonitoringWorkspace()
        .getIsEnabled();
  }

  @Test
  void ipListsAndMonitoring_createNoOpDriftRepairUpdateDestroy() {
    WorkspaceClient ws = t.client();
    StackDefinition def = stack(List.of("203.0.113.0/24", "127.0.0.1"), null, true);
    t.applyOk(def);
    assertThat(t.plan(def).hasChanges()).isFalse();
    assertThat(lists(ws))
        .extracting(IpAccessListInfo::getLabel)
        // The service holds the labels with the stack's ownership mark.
        .containsExactlyInAnyOrder("office [deployer:dev]", "bad-actors [deployer:dev]");
    assertThat(conf(ws))
        .containsEntry("enableIpAccessLists", "true")
        .containsEntry("maxTokenLifetimeDays", "90");
    assertThat(esmOn(ws)).isTrue();

    // Out of band: the allow list widened and disabled, enforcement and monitoring switched off.
    IpAccessListInfo office =
        lists(ws).stream()
            .filter(l -> l.getLabel().equals("office [deployer:dev]"))
            .findFirst()
            .orElseThrow();
    // The label loses its mark too; the repair puts it back.
    ws.ipAccessLists()
        .replace(
            new ReplaceIpAccessList()
                .setIpAccessListId(office.getListId())
                .setLabel("office")
                .setListType(ListType.ALLOW)
                .setIpAddresses(List.of("0.0.0.0/0"))
                .setEnabled(false));
    ws.workspaceConf().setStatus(Map.of("enableIpAccessLists", "false"));
    new SecuritySettingHandler(t.databricks)
        .update(
            new HandlerContext("dev", ESM, null, null, Clock.systemUTC(), m -> {}),
            "",
            null,
            new SecuritySettingSpec(
                WorkspaceTestSupport.DEPLOYMENT,
                t.workspaceId,
                SecuritySettingSpec.Setting.ENHANCED_SECURITY_MONITORING,
                false,
                List.of()));
    assertThat(esmOn(ws)).isFalse();
    t.repairsDrift(
        def,
        Map.of(ALLOW, Action.UPDATE, CONF, Action.UPDATE, ESM, Action.UPDATE, BLOCK, Action.NO_OP));
    office = ws.ipAccessLists().get(office.getListId()).getIpAccessList();
    assertThat(office.getIpAddresses()).containsExactlyInAnyOrder("127.0.0.1", "203.0.113.0/24");
    assertThat(office.getEnabled()).isTrue();
    assertThat(office.getLabel()).isEqualTo("office [deployer:dev]");
    assertThat(conf(ws)).containsEntry("enableIpAccessLists", "true");
    assertThat(esmOn(ws)).isTrue();

    // In place: the allow list changes under the same list id.
    StackDefinition narrower = stack(List.of("127.0.0.1"), null, true);
    assertThat(t.plan(narrower).change(ALLOW).action()).isEqualTo(Action.UPDATE);
    t.applyOk(narrower);
    assertThat(ws.ipAccessLists().get(office.getListId()).getIpAccessList().getIpAddresses())
        .containsExactly("127.0.0.1");

    assertThat(t.destroy(narrower).succeeded()).isTrue();
    assertThat(lists(ws)).isEmpty();
    assertThat(conf(ws))
        .containsEntry("enableIpAccessLists", "false")
        .containsEntry("maxTokenLifetimeDays", "");
    assertThat(esmOn(ws)).isFalse();
  }

  @Test
  void anAllowListWithoutTheCaller_failsTheApply_andNothingIsEnforced() {
    WorkspaceClient ws = t.client();
    StackDefinition def = stack(List.of("203.0.113.0/24"), null, null);
    var result = t.apply(def);
    assertThat(result.succeeded()).isFalse();
    assertThat(result.failures())
        .extracting(f -> f.address() + ": " + f.describe())
        .anyMatch(m -> m.startsWith(ALLOW) && m.contains("will not be allowed to access"));
    assertThat(lists(ws))
        .extracting(IpAccessListInfo::getLabel)
        .doesNotContain("office [deployer:dev]");
    // Enforcement waits for every list, so the failed list leaves it off.
    assertThat(conf(ws).get("enableIpAccessLists")).isNotEqualTo("true");
  }

  @Test
  void complianceProfile_isTurnedOn_andDestroyLeavesItOnAndSaysSo() {
    WorkspaceClient ws = t.client();
    StackDefinition def = stack(List.of("127.0.0.1"), List.of("HIPAA", "PCI_DSS"), true);
    t.applyOk(def);
    assertThat(t.plan(def).hasChanges()).isFalse();
    var profile =
        ws.settings()
            .ComplianceSecurityProfile()
            .get(new GetComplianceSecurityProfileSettingRequest())
            .getComplianceSecurityProfileWorkspace();
    assertThat(profile.getIsEnabled()).isTrue();
    assertThat(profile.getComplianceStandards()).hasSize(2);

    assertThat(t.destroy(def).succeeded()).isTrue();
    assertThat(
            ws.settings()
                .ComplianceSecurityProfile()
                .get(new GetComplianceSecurityProfileSettingRequest())
                .getComplianceSecurityProfileWorkspace()
                .getIsEnabled())
        .isTrue();
    assertThat(esmOn(ws)).isTrue();
    assertThat(t.progress).anyMatch(l -> l.contains("compliance security profile stays on"));
  }
}
