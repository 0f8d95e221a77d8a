package dev.deployer.emulator;

import static dev.deployer.emulator.TestEmulator.all;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.core.error.platform.InvalidState;
import com.databricks.sdk.core.error.platform.ResourceConflict;
import com.databricks.sdk.service.provisioning.Workspace;
import com.databricks.sdk.service.settings.ComplianceSecurityProfile;
import com.databricks.sdk.service.settings.ComplianceSecurityProfileSetting;
import com.databricks.sdk.service.settings.ComplianceStandard;
import com.databricks.sdk.service.settings.CreateIpAccessList;
import com.databricks.sdk.service.settings.EnhancedSecurityMonitoring;
import com.databricks.sdk.service.settings.EnhancedSecurityMonitoringSetting;
import com.databricks.sdk.service.settings.GetComplianceSecurityProfileSettingRequest;
import com.databricks.sdk.service.settings.GetEnhancedSecurityMonitoringSettingRequest;
import com.databricks.sdk.service.settings.IpAccessListInfo;
import com.databricks.sdk.service.settings.ListType;
import com.databricks.sdk.service.settings.ReplaceIpAccessList;
import com.databricks.sdk.service.settings.UpdateComplianceSecurityProfileSettingRequest;
import com.databricks.sdk.service.settings.UpdateEnhancedSecurityMonitoringSettingRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** IP access lists, the security settings and token lifetime, through the Java SDK. */
class SecurityApiIT extends AccountApiIT {
  private static final String CALLER = "127.0.0.1";

  private static WorkspaceClient newWorkspace() {
    Workspace ws = TestEmulator.runningWorkspace(a);
    return emu.workspace(ws.getWorkspaceId());
  }

  private static CreateIpAccessList list(String label, ListType type, List<String> ips) {
    return new CreateIpAccessList().setLabel(label).setListType(type).setIpAddresses(ips);
  }

  @Test
  void ipAccessLists_createReadReplaceDelete_asTheSdkCallsThem() {
    WorkspaceClient w = newWorkspace();
    String id =
        w.ipAccessLists()
            .create(list("office", ListType.ALLOW, List.of(CALLER, "203.0.113.0/24")))
            .getIpAccessList()
            .getListId();
    IpAccessListInfo got = w.ipAccessLists().get(id).getIpAccessList();
    assertThat(got.getLabel()).isEqualTo("office");
    assertThat(got.getEnabled()).isTrue();
    assertThat(got.getAddressCount()).isEqualTo(2L);
    w.ipAccessLists()
        .replace(
            new ReplaceIpAccessList()
                .setIpAccessListId(id)
                .setLabel("office")
                .setListType(ListType.ALLOW)
                .setIpAddresses(List.of("127.0.0.0/8"))
                .setEnabled(false));
    assertThat(w.ipAccessLists().get(id).getIpAccessList().getIpAddresses())
        .containsExactly("127.0.0.0/8");
    assertThat(all(w.ipAccessLists().list())).extracting(IpAccessListInfo::getListId).contains(id);
    w.ipAccessLists().delete(id);
    assertThat(all(w.ipAccessLists().list())).isEmpty();
  }

  @Test
  void ipAccessLists_refuseAnAllowListWithoutTheCaller_andABlockListWithIt() {
    WorkspaceClient w = newWorkspace();
    assertThatThrownBy(
            () -> w.ipAccessLists().create(list("corp", ListType.ALLOW, List.of("203.0.113.0/24"))))
        .isInstanceOf(InvalidState.class)
        .hasMessageContaining("Your current IP " + CALLER + " will not be allowed");
    assertThatThrownBy(
            () -> w.ipAccessLists().create(list("bad", ListType.BLOCK, List.of("127.0.0.0/24"))))
        .isInstanceOf(InvalidState.class);
    // Disabled lists block nobody.
    String id =
        w.ipAccessLists()
            .create(list("corp", ListType.ALLOW, List.of(CALLER)))
            .getIpAccessList()
            .getListId();
    assertThatThrownBy(
            () ->
                w.ipAccessLists()
                    .replace(
                        new ReplaceIpAccessList()
                            .setIpAccessListId(id)
                            .setLabel("corp")
                            .setListType(ListType.ALLOW)
                            .setIpAddresses(List.of("198.51.100.7"))
                            .setEnabled(true)))
        .isInstanceOf(InvalidState.class);
    assertThat(w.ipAccessLists().get(id).getIpAccessList().getIpAddresses())
        .containsExactly(CALLER);
  }

  @Test
  void ipAccessLists_refuseInvalidAddresses_andMoreThanAThousandValues() {
    WorkspaceClient w = newWorkspace();
    for (String bad : List.of("10.0.0.0/33", "300.1.1.1", "example.com", "10.0.0.0/")) {
      assertThatThrownBy(
              () -> w.ipAccessLists().create(list("x", ListType.ALLOW, List.of(CALLER, bad))))
          .as(bad)
          .isInstanceOf(InvalidParameterValue.class)
          .hasMessageContaining(bad);
    }
    List<String> many = new ArrayList<>(List.of(CALLER));
    IntStream.range(0, 1000).forEach(i -> many.add("10.1." + (i / 250) + "." + (i % 250)));
    assertThatThrownBy(() -> w.ipAccessLists().create(list("big", ListType.ALLOW, many)))
        .isInstanceOf(DatabricksError.class)
        .satisfies(
            e -> assertThat(((DatabricksError) e).getErrorCode()).isEqualTo("QUOTA_EXCEEDED"));
    assertThat(all(w.ipAccessLists().list())).isEmpty();
  }

  private static ComplianceSecurityProfileSetting csp(WorkspaceClient w) {
    return w.settings()
        .ComplianceSecurityProfile()
        .get(new GetComplianceSecurityProfileSettingRequest());
  }

  private static EnhancedSecurityMonitoringSetting esm(WorkspaceClient w) {
    return w.settings()
        .EnhancedSecurityMonitoring()
        .get(new GetEnhancedSecurityMonitoringSettingRequest());
  }

  private static void setCsp(WorkspaceClient w, String etag, boolean on) {
    var value =
        new ComplianceSecurityProfile()
            .setComplianceStandards(List.of(ComplianceStandard.HIPAA))
            .setIsEnabled(on);
    var setting =
        new ComplianceSecurityProfileSetting()
            .setSettingName("default")
            .setComplianceSecurityProfileWorkspace(value)
            .setEtag(etag);
    var request =
        new UpdateComplianceSecurityProfileSettingRequest()
            .setSetting(setting)
            .setFieldMask("compliance_security_profile_workspace.is_enabled");
    w.settings().ComplianceSecurityProfile().update(request.setAllowMissing(true));
  }

  private static void setEsm(WorkspaceClient w, String etag, boolean on) {
    var setting =
        new EnhancedSecurityMonitoringSetting()
            .setSettingName("default")
            .setEnhancedSecurityMonitoringWorkspace(
                new EnhancedSecurityMonitoring().setIsEnabled(on))
            .setEtag(etag);
    var request =
        new UpdateEnhancedSecurityMonitoringSettingRequest()
            .setSetting(setting)
            .setFieldMask("enhanced_security_monitoring_workspace.is_enabled");
    w.settings().EnhancedSecurityMonitoring().update(request.setAllowMissing(true));
  }

  @Test
  void securitySettings_writeNeedsTheEtagRead_aStaleOneIsRefusedWithTheCurrentEtag() {
    WorkspaceClient w = newWorkspace();
    EnhancedSecurityMonitoringSetting first = esm(w);
    assertThat(first.getEnhancedSecurityMonitoringWorkspace().getIsEnabled()).isFalse();
    assertThatThrownBy(() -> setEsm(w, null, true))
        .isInstanceOf(ResourceConflict.class)
        .satisfies(
            e ->
                assertThat(
                        ((DatabricksError) e)
                            .getErrorDetails()
                            .errorInfo()
                            .orElseThrow()
                            .metadata())
                    .containsEntry("etag", first.getEtag()));
    setEsm(w, first.getEtag(), true);
    assertThat(esm(w).getEnhancedSecurityMonitoringWorkspace().getIsEnabled()).isTrue();
    assertThatThrownBy(() -> setEsm(w, first.getEtag(), false))
        .isInstanceOf(ResourceConflict.class);
    setEsm(w, esm(w).getEtag(), false);
    assertThat(esm(w).getEnhancedSecurityMonitoringWorkspace().getIsEnabled()).isFalse();
  }

  @Test
  void complianceProfile_staysOnOnceEnabled_andKeepsMonitoringOn() {
    WorkspaceClient w = newWorkspace();
    setCsp(w, csp(w).getEtag(), true);
    ComplianceSecurityProfileSetting on = csp(w);
    assertThat(on.getComplianceSecurityProfileWorkspace().getIsEnabled()).isTrue();
    assertThat(on.getComplianceSecurityProfileWorkspace().getComplianceStandards())
        .containsExactly(ComplianceStandard.HIPAA);
    assertThat(esm(w).getEnhancedSecurityMonitoringWorkspace().getIsEnabled()).isTrue();
    assertThatThrownBy(() -> setCsp(w, on.getEtag(), false))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("cannot be disabled");
    assertThatThrownBy(() -> setEsm(w, esm(w).getEtag(), false))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("compliance security profile");
  }

  @Test
  void workspaceConf_maxTokenLifetimeDays_takesDaysOrEmpty() {
    WorkspaceClient w = newWorkspace();
    w.workspaceConf().setStatus(Map.of("maxTokenLifetimeDays", "90"));
    w.workspaceConf().setStatus(Map.of("maxTokenLifetimeDays", ""));
    assertThatThrownBy(() -> w.workspaceConf().setStatus(Map.of("maxTokenLifetimeDays", "90d")))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("maxTokenLifetimeDays");
  }
}
