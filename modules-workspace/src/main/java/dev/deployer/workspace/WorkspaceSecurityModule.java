package dev.deployer.workspace;

import dev.deployer.core.model.Ref;
import dev.deployer.core.model.Resource;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.workspace.conf.WorkspaceConfHandler;
import dev.deployer.workspace.conf.WorkspaceConfSpec;
import dev.deployer.workspace.ipaccess.IpAccessListHandler;
import dev.deployer.workspace.ipaccess.IpAccessListSpec;
import dev.deployer.workspace.settings.SecuritySettingHandler;
import dev.deployer.workspace.settings.SecuritySettingSpec;
import dev.deployer.workspace.settings.SecuritySettingSpec.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Workspace hardening from the security reference architecture: IP access lists and the switch that
 * enforces them, the token lifetime limit, the compliance security profile and enhanced security
 * monitoring. Everything is optional and off unless configured. Addresses: {@code
 * <module>.ip_access_list["<label>"]}, {@code <module>.conf} (enableIpAccessLists,
 * maxTokenLifetimeDays), {@code <module>.compliance_security_profile}, {@code
 * <module>.enhanced_security_monitoring}.
 */
public final class WorkspaceSecurityModule {

  /** One IP access list; {@code enabled} defaults to true. */
  public record IpList(String label, String listType, List<String> ipAddresses, Boolean enabled) {
    public IpList {
      Objects.requireNonNull(label, "label");
      ipAddresses = WorkspaceObjects.copyOrEmpty(ipAddresses);
    }
  }

  /**
   * What to harden.
   *
   * @param enforceIpAccessLists workspace-conf enableIpAccessLists; null leaves it alone
   * @param complianceStandards the compliance security profile is turned on with these when not
   *     null (an empty list turns it on with none)
   * @param enhancedSecurityMonitoring null leaves the setting alone
   */
  public record Inputs(
      Ref deploymentName,
      Ref workspaceId,
      Resource<?> metastoreAssignment,
      List<IpList> ipAccessLists,
      Boolean enforceIpAccessLists,
      Integer maxTokenLifetimeDays,
      List<String> complianceStandards,
      Boolean enhancedSecurityMonitoring) {
    public Inputs {
      WorkspaceObjects.requireWorkspace(deploymentName, workspaceId);
      ipAccessLists = WorkspaceObjects.copyOrEmpty(ipAccessLists);
      complianceStandards = complianceStandards == null ? null : List.copyOf(complianceStandards);
    }
  }

  private WorkspaceSecurityModule() {}

  public static void declare(StackBuilder b, String module, Inputs in) {
    WorkspaceObjects objects = new WorkspaceObjects(b, in.deploymentName(), in.workspaceId());
    List<Resource<IpAccessListSpec>> lists = new ArrayList<>();
    for (IpList l : in.ipAccessLists()) {
      // One after another, in the config's order: the service judges each change on its own, so
      // a list must never land before the list that keeps the caller allowed.
      List<Resource<IpAccessListSpec>> before = List.copyOf(lists);
      lists.add(
          b.add(
              module + ".ip_access_list[\"" + l.label() + "\"]",
              IpAccessListHandler.TYPE,
              r -> {
                if (in.metastoreAssignment() != null) {
                  r.after(in.metastoreAssignment());
                }
                before.forEach(r::after);
                return new IpAccessListSpec(
                    r.get(in.deploymentName()),
                    r.get(in.workspaceId()),
                    l.label(),
                    l.listType(),
                    l.ipAddresses(),
                    !Boolean.FALSE.equals(l.enabled()));
              }));
    }
    Map<String, String> conf = new TreeMap<>();
    if (in.enforceIpAccessLists() != null) {
      conf.put("enableIpAccessLists", in.enforceIpAccessLists().toString());
    }
    if (in.maxTokenLifetimeDays() != null) {
      conf.put("maxTokenLifetimeDays", in.maxTokenLifetimeDays().toString());
    }
    if (!conf.isEmpty()) {
      // Enforcement is switched on only once every list is in place, and off (destroy runs the
      // graph backwards) before any list goes: no moment leaves the lists half-applied.
      objects.add(
          module + ".conf",
          WorkspaceConfHandler.TYPE,
          (r, deployment, workspace) -> {
            lists.forEach(r::after);
            return new WorkspaceConfSpec(deployment, workspace, conf);
          });
    }
    Resource<SecuritySettingSpec> profile = null;
    if (in.complianceStandards() != null) {
      profile =
          objects.add(
              module + ".compliance_security_profile",
              SecuritySettingHandler.TYPE,
              (r, deployment, workspace) ->
                  new SecuritySettingSpec(
                      deployment,
                      workspace,
                      Setting.COMPLIANCE_SECURITY_PROFILE,
                      true,
                      in.complianceStandards()));
    }
    if (in.enhancedSecurityMonitoring() != null) {
      Resource<SecuritySettingSpec> after = profile;
      objects.add(
          module + ".enhanced_security_monitoring",
          SecuritySettingHandler.TYPE,
          (r, deployment, workspace) -> {
            if (after != null) {
              r.after(after);
            }
            return new SecuritySettingSpec(
                deployment,
                workspace,
                Setting.ENHANCED_SECURITY_MONITORING,
                in.enhancedSecurityMonitoring(),
                List.of());
          });
    }
  }
}
