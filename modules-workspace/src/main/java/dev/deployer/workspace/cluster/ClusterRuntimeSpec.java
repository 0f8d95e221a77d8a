package dev.deployer.workspace.cluster;

import dev.deployer.workspace.Checks;
import dev.deployer.workspace.WorkspaceScoped;

/**
 * How to choose a cluster's runtime and node type from what the workspace lists: the latest runtime
 * (LTS only, ML, Photon as asked) and the smallest node of a family with at least the memory and
 * cores asked for. The choice is an output, made again on every refresh, so a new LTS release shows
 * in the plan as an update of the cluster.
 */
public record ClusterRuntimeSpec(
    String deploymentName,
    String workspaceId,
    boolean longTermSupport,
    boolean ml,
    boolean photon,
    String nodeFamily,
    Integer minMemoryGb,
    Integer minCores,
    boolean localDisk)
    implements WorkspaceScoped {
  public ClusterRuntimeSpec {
    Checks.required(nodeFamily, "node_family");
  }
}
