package dev.deployer.workspace.settings;

import dev.deployer.workspace.WorkspaceScoped;
import java.util.List;

/**
 * A security setting of the workspace settings API: the compliance security profile (with its
 * compliance standards) or enhanced security monitoring.
 */
public record SecuritySettingSpec(
    String deploymentName,
    String workspaceId,
    Setting setting,
    boolean enabled,
    List<String> complianceStandards)
    implements WorkspaceScoped {

  /** The settings this type manages. */
  public enum Setting {
    COMPLIANCE_SECURITY_PROFILE,
    ENHANCED_SECURITY_MONITORING
  }

  public SecuritySettingSpec {
    java.util.Objects.requireNonNull(setting, "setting");
    complianceStandards =
        complianceStandards == null || setting != Setting.COMPLIANCE_SECURITY_PROFILE
            ? List.of()
            : complianceStandards.stream().distinct().sorted().toList();
  }
}
