package dev.deployer.workspace.cluster;

import com.databricks.sdk.mixin.ClustersExt;
import com.databricks.sdk.mixin.NodeTypeSelector;
import com.databricks.sdk.mixin.SparkVersionSelector;
import dev.deployer.account.DatabricksClients;
import dev.deployer.core.DeployerException;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import dev.deployer.workspace.WorkspaceObjectHandler;
import java.util.Map;
import java.util.Optional;

/**
 * The runtime version and node type a cluster gets, chosen from the workspace's {@code
 * clusters/spark-versions} and {@code clusters/list-node-types} with the SDK's own selectors
 * (ClustersExt, a port of the Go SDK's and the provider's {@code databricks_spark_version} and
 * {@code databricks_node_type}). Nothing is created: destroy forgets the choice.
 */
public final class ClusterRuntimeHandler extends WorkspaceObjectHandler<ClusterRuntimeSpec> {
  public static final ResourceType<ClusterRuntimeSpec> TYPE =
      ResourceType.of("databricks_cluster_runtime", ClusterRuntimeSpec.class)
          .outputs("spark_version", "node_type_id")
          .replaceOnChange(WorkspaceObjectHandler.SCOPE);

  public ClusterRuntimeHandler(DatabricksClients databricks) {
    super(databricks, TYPE);
  }

  private Map<String, Object> choose(ClusterRuntimeSpec spec) {
    ClustersExt clusters = client(spec).clusters();
    SparkVersionSelector version = new SparkVersionSelector().withLatest();
    if (spec.longTermSupport()) {
      version = version.withLongTermSupport();
    }
    if (spec.ml()) {
      version = version.withML();
    }
    if (spec.photon()) {
      version = version.withPhoton();
    }
    NodeTypeSelector node = new NodeTypeSelector().withFleet(spec.nodeFamily());
    if (spec.minMemoryGb() != null) {
      node = node.withMinMemoryGb(spec.minMemoryGb());
    }
    if (spec.minCores() != null) {
      node = node.withMinCores(spec.minCores());
    }
    if (spec.localDisk()) {
      node = node.withLocalDisk();
    }
    try {
      return Map.of(
          "spark_version", clusters.selectSparkVersion(version),
          "node_type_id", clusters.selectNodeType(node));
    } catch (IllegalArgumentException e) {
      throw new DeployerException(
          "workspace "
              + spec.workspaceId()
              + " lists no runtime or node type for shared_cluster ("
              + e.getMessage()
              + "; node family '"
              + spec.nodeFamily()
              + "'): change shared_cluster.runtime or shared_cluster.node_type");
    }
  }

  @Override
  public Optional<Observed<ClusterRuntimeSpec>> read(
      HandlerContext ctx, String id, ClusterRuntimeSpec prior) {
    return ifExists(() -> new Observed<>(prior, choose(prior)));
  }

  @Override
  public void delete(HandlerContext ctx, String id, ClusterRuntimeSpec prior) {
    // A choice, not an object: nothing to remove in the workspace.
  }

  @Override
  public Created create(HandlerContext ctx, ClusterRuntimeSpec spec) {
    return new Created(spec.workspaceId() + "|runtime", choose(spec));
  }

  /** A changed selector chooses again; the cluster follows through its references. */
  @Override
  public Map<String, Object> update(
      HandlerContext ctx, String id, ClusterRuntimeSpec prior, ClusterRuntimeSpec desired) {
    return choose(desired);
  }
}
