package dev.deployer.workspace.ipaccess;

import dev.deployer.workspace.Checks;
import dev.deployer.workspace.WorkspaceScoped;
import java.util.List;
import java.util.Set;

/**
 * One IP access list of a workspace: an ALLOW or BLOCK list of IPv4 addresses and CIDRs under a
 * label. Addresses are kept sorted so that their order never shows as drift.
 */
public record IpAccessListSpec(
    String deploymentName,
    String workspaceId,
    String label,
    String listType,
    List<String> ipAddresses,
    boolean enabled)
    implements WorkspaceScoped {
  public static final Set<String> LIST_TYPES = Set.of("ALLOW", "BLOCK");

  public IpAccessListSpec {
    Checks.required(label, "label");
    if (!LIST_TYPES.contains(listType)) {
      throw new IllegalArgumentException(
          "list_type '" + listType + "' of IP access list " + label + " must be ALLOW or BLOCK");
    }
    ipAddresses = ipAddresses.stream().map(String::trim).distinct().sorted().toList();
  }
}
