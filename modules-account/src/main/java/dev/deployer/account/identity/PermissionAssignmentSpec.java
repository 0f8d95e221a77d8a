package dev.deployer.account.identity;

import java.util.List;
import java.util.Objects;

/** A principal's permissions on a workspace. The name and kind are for people reading the plan. */
public record PermissionAssignmentSpec(
    String workspaceId,
    String principalId,
    String principalName,
    String kind,
    List<String> permissions) {
  public PermissionAssignmentSpec {
    Objects.requireNonNull(workspaceId, "workspaceId");
    Objects.requireNonNull(principalId, "principalId");
    permissions = permissions.stream().sorted().toList();
  }
}
