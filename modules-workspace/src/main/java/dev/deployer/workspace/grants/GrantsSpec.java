package dev.deployer.workspace.grants;

import dev.deployer.workspace.Checks;
import dev.deployer.workspace.WorkspaceScoped;
import java.util.List;

/** The privileges one principal holds on one securable (a catalog). */
public record GrantsSpec(
    String deploymentName,
    String workspaceId,
    String securableType,
    String fullName,
    String principal,
    List<String> privileges)
    implements WorkspaceScoped {
  public GrantsSpec {
    Checks.required(securableType, "securable_type");
    Checks.required(fullName, "full_name");
    Checks.required(principal, "principal");
    privileges = privileges.stream().sorted().toList();
  }
}
