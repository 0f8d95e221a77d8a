package dev.deployer.workspace.cluster;

import dev.deployer.workspace.Checks;
import dev.deployer.workspace.WorkspaceScoped;
import java.util.Map;
import java.util.TreeMap;

/**
 * An all-purpose cluster. Either {@code numWorkers} or both autoscale bounds. {@code start} says
 * whether the create leaves it running; afterwards whether it runs is the users' and
 * autotermination's business, not drift.
 */
public record ClusterSpec(
    String deploymentName,
    String workspaceId,
    String clusterName,
    String sparkVersion,
    String nodeTypeId,
    Long numWorkers,
    Long minWorkers,
    Long maxWorkers,
    long autoterminationMinutes,
    String policyId,
    String dataSecurityMode,
    Map<String, String> customTags,
    boolean start)
    implements WorkspaceScoped {
  public ClusterSpec {
    Checks.required(clusterName, "cluster_name");
    Checks.required(sparkVersion, "spark_version");
    Checks.required(nodeTypeId, "node_type_id");
    if ((numWorkers == null) == (minWorkers == null || maxWorkers == null)) {
      throw new IllegalArgumentException(
          "cluster " + clusterName + ": give num_workers or autoscale min and max workers");
    }
    customTags =
        customTags == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new TreeMap<>(customTags));
  }
}
