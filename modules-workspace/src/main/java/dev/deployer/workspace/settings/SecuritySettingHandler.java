package dev.deployer.workspace.settings;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.ResourceConflict;
import com.databricks.sdk.service.settings.ComplianceSecurityProfile;
import com.databricks.sdk.service.settings.ComplianceSecurityProfileSetting;
import com.databricks.sdk.service.settings.ComplianceStandard;
import com.databricks.sdk.service.settings.EnhancedSecurityMonitoring;
import com.databricks.sdk.service.settings.EnhancedSecurityMonitoringSetting;
import com.databricks.sdk.service.settings.GetComplianceSecurityProfileSettingRequest;
import com.databricks.sdk.service.settings.GetEnhancedSecurityMonitoringSettingRequest;
import com.databricks.sdk.service.settings.UpdateComplianceSecurityProfileSettingRequest;
import com.databricks.sdk.service.settings.UpdateEnhancedSecurityMonitoringSettingRequest;
import dev.deployer.account.DatabricksClients;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import dev.deployer.workspace.WorkspaceObjectHandler;
import dev.deployer.workspace.settings.SecuritySettingSpec.Setting;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code databricks_compliance_security_profile_workspace_setting} and {@code
 * databricks_enhanced_security_monitoring_workspace_setting}. Every write is read-modify-write:
 * read the setting for its etag, PATCH with it; a 409 (someone wrote in between) reads again and
 * writes once more, as the provider's settings/generic_setting.go does. Destroy turns monitoring
 * off; the compliance security profile cannot be turned off, so destroy reports that it stays.
 */
public final class SecuritySettingHandler extends WorkspaceObjectHandler<SecuritySettingSpec> {
  public static final ResourceType<SecuritySettingSpec> TYPE =
      ResourceType.of("databricks_workspace_security_setting", SecuritySettingSpec.class)
          .replaceOnChange(WorkspaceObjectHandler.SCOPE)
          .replaceOnChange("setting");

  private static final String CSP_MASK =
      "compliance_security_profile_workspace.is_enabled,"
          + "compliance_security_profile_workspace.compliance_standards";
  private static final String ESM_MASK = "enhanced_security_monitoring_workspace.is_enabled";

  public SecuritySettingHandler(DatabricksClients databricks) {
    super(databricks, TYPE);
  }

  /** The value now and the etag a write must send. */
  private record Current(SecuritySettingSpec spec, String etag) {}

  private Current current(SecuritySettingSpec prior) {
    WorkspaceClient w = client(prior);
    boolean on;
    List<String> standards = List.of();
    String etag;
    if (prior.setting() == Setting.COMPLIANCE_SECURITY_PROFILE) {
      ComplianceSecurityProfileSetting s =
          w.settings()
              .ComplianceSecurityProfile()
              .get(new GetComplianceSecurityProfileSettingRequest());
      ComplianceSecurityProfile v = s.getComplianceSecurityProfileWorkspace();
      on = v != null && Boolean.TRUE.equals(v.getIsEnabled());
      if (v != null && v.getComplianceStandards() != null) {
        standards = v.getComplianceStandards().stream().map(Enum::name).toList();
      }
      etag = s.getEtag();
    } else {
      EnhancedSecurityMonitoringSetting s =
          w.settings()
              .EnhancedSecurityMonitoring()
              .get(new GetEnhancedSecurityMonitoringSettingRequest());
      EnhancedSecurityMonitoring v = s.getEnhancedSecurityMonitoringWorkspace();
      on = v != null && Boolean.TRUE.equals(v.getIsEnabled());
      etag = s.getEtag();
    }
    return new Current(
        new SecuritySettingSpec(
            prior.deploymentName(), prior.workspaceId(), prior.setting(), on, standards),
        etag);
  }

  private void patch(SecuritySettingSpec want, String etag) {
    WorkspaceClient w = client(want);
    if (want.setting() == Setting.COMPLIANCE_SECURITY_PROFILE) {
      w.settings()
          .ComplianceSecurityProfile()
          .update(
              new UpdateComplianceSecurityProfileSettingRequest()
                  .setAllowMissing(true)
                  .setFieldMask(CSP_MASK)
                  .setSetting(
                      new ComplianceSecurityProfileSetting()
                          .setEtag(etag)
                          .setSettingName("default")
                          .setComplianceSecurityProfileWorkspace(
                              new ComplianceSecurityProfile()
                                  .setIsEnabled(want.enabled())
                                  .setComplianceStandards(
                                      want.complianceStandards().stream()
                                          .map(ComplianceStandard::valueOf)
                                          .toList()))));
    } else {
      w.settings()
          .EnhancedSecurityMonitoring()
          .update(
              new UpdateEnhancedSecurityMonitoringSettingRequest()
                  .setAllowMissing(true)
                  .setFieldMask(ESM_MASK)
                  .setSetting(
                      new EnhancedSecurityMonitoringSetting()
                          .setEtag(etag)
                          .setSettingName("default")
                          .setEnhancedSecurityMonitoringWorkspace(
                              new EnhancedSecurityMonitoring().setIsEnabled(want.enabled()))));
    }
  }

  /** Read for the etag, write; once more after a conflict. */
  private void write(HandlerContext ctx, SecuritySettingSpec want) {
    try {
      patch(want, current(want).etag());
    } catch (ResourceConflict e) {
      ctx.report(
          "the "
              + label(want)
              + " setting changed while it was written; reading it again for its etag");
      patch(want, current(want).etag());
    }
  }

  private static String label(SecuritySettingSpec s) {
    return s.setting().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }

  @Override
  public Optional<Observed<SecuritySettingSpec>> read(
      HandlerContext ctx, String id, SecuritySettingSpec prior) {
    return ifExists(() -> current(prior)).map(c -> new Observed<>(c.spec(), Map.of()));
  }

  @Override
  public Created create(HandlerContext ctx, SecuritySettingSpec spec) {
    write(ctx, spec);
    return new Created(
        spec.workspaceId() + "|" + spec.setting().name().toLowerCase(java.util.Locale.ROOT),
        Map.of());
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx, String id, SecuritySettingSpec prior, SecuritySettingSpec desired) {
    write(ctx, desired);
    return Map.of();
  }

  @Override
  public void delete(HandlerContext ctx, String id, SecuritySettingSpec prior) {
    if (prior.setting() == Setting.COMPLIANCE_SECURITY_PROFILE) {
      if (prior.enabled()) {
        ctx.report(
            "the compliance security profile stays on: Databricks cannot turn it off once it is"
                + " enabled");
      }
      return;
    }
    ifExists(
        () -> {
          Current now = current(prior);
          SecuritySettingSpec profile =
              new SecuritySettingSpec(
                  prior.deploymentName(),
                  prior.workspaceId(),
                  Setting.COMPLIANCE_SECURITY_PROFILE,
                  false,
                  List.of());
          if (now.spec().enabled() && current(profile).spec().enabled()) {
            ctx.report(
                "enhanced security monitoring stays on: the compliance security profile keeps it"
                    + " on");
          } else if (now.spec().enabled()) {
            write(
                ctx,
                new SecuritySettingSpec(
                    prior.deploymentName(),
                    prior.workspaceId(),
                    prior.setting(),
                    false,
                    List.of()));
          }
          return Boolean.TRUE;
        });
  }
}
