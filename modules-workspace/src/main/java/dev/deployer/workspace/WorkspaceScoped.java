package dev.deployer.workspace;

/**
 * A spec of an object that lives in (or is reached through) one workspace. Both values come from
 * the workspace resource's outputs by reference, so every workspace-level resource depends on the
 * workspace and is addressed to its host.
 */
public interface WorkspaceScoped {
  String deploymentName();

  String workspaceId();
}
