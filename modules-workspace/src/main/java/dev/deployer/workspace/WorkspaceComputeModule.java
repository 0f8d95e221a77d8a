package dev.deployer.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.core.model.Ref;
import dev.deployer.core.model.Resource;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.workspace.cluster.ClusterHandler;
import dev.deployer.workspace.cluster.ClusterRuntimeHandler;
import dev.deployer.workspace.cluster.ClusterRuntimeSpec;
import dev.deployer.workspace.cluster.ClusterSpec;
import dev.deployer.workspace.permissions.AclHandler;
import dev.deployer.workspace.permissions.AclSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Who may use the environment's cluster policy, and an optional shared cluster under it with its
 * own access list. Addresses: {@code <module>.cluster_policy_permissions}, {@code
 * <module>.shared_cluster_runtime}, {@code <module>.shared_cluster}, {@code
 * <module>.shared_cluster_permissions}. Grants follow the identity assignments: the workspace knows
 * an account group only once it is assigned.
 */
public final class WorkspaceComputeModule {

  /** A grant as configs write it; {@code kind} is user, group or service_principal. */
  public record Grant(String principal, String kind, String permissionLevel) {
    public Grant {
      Objects.requireNonNull(principal, "principal");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(permissionLevel, "permission_level");
    }

    AclSpec.Entry entry() {
      return new AclSpec.Entry(kind, principal, permissionLevel);
    }
  }

  /** Runtime choice; the latest LTS unless told otherwise. */
  public record Runtime(Boolean longTermSupport, Boolean ml, Boolean photon) {}

  /** Node type choice: the smallest of the family with at least this much. */
  public record NodeType(String family, Integer minMemoryGb, Integer minCores, Boolean localDisk) {}

  /** Autoscaling bounds. */
  public record Autoscale(Long minWorkers, Long maxWorkers) {}

  /** The shared cluster as configured; everything but the choices has a default. */
  public record SharedCluster(
      String name,
      Runtime runtime,
      NodeType nodeType,
      Long numWorkers,
      Autoscale autoscale,
      Long autoterminationMinutes,
      String dataSecurityMode,
      Boolean start,
      List<Grant> permissions) {
    public SharedCluster {
      permissions = WorkspaceObjects.copyOrEmpty(permissions);
    }
  }

  /**
   * @param policyDefinition the policy's rules: its fixed values (autotermination, tags) are the
   *     cluster's, so the cluster never breaks the policy it is created under
   * @param principalsReady the identity assignments grants wait for
   */
  public record Inputs(
      Ref deploymentName,
      Ref workspaceId,
      Ref policyId,
      Map<String, JsonNode> policyDefinition,
      String defaultClusterName,
      List<Resource<?>> principalsReady,
      List<Grant> policyGrants,
      SharedCluster sharedCluster) {
    public Inputs {
      WorkspaceObjects.requireWorkspace(deploymentName, workspaceId);
      principalsReady = WorkspaceObjects.copyOrEmpty(principalsReady);
      policyGrants = WorkspaceObjects.copyOrEmpty(policyGrants);
    }
  }

  private WorkspaceComputeModule() {}

  /** The autotermination the policy fixes, if it fixes one. */
  public static Long fixedAutotermination(Map<String, JsonNode> policy) {
    JsonNode rule = policy.get("autotermination_minutes");
    return rule != null && "fixed".equals(rule.path("type").asText())
        ? rule.path("value").asLong()
        : null;
  }

  /** The tags the policy fixes ({@code custom_tags.X} rules). */
  static Map<String, String> fixedTags(Map<String, JsonNode> policy) {
    Map<String, String> tags = new TreeMap<>();
    policy.forEach(
        (path, rule) -> {
          if (path.startsWith("custom_tags.") && "fixed".equals(rule.path("type").asText())) {
            tags.put(path.substring("custom_tags.".length()), rule.path("value").asText());
          }
        });
    return tags;
  }

  public static void declare(StackBuilder b, String module, Inputs in) {
    if (!in.policyGrants().isEmpty()) {
      grants(
          b,
          module + ".cluster_policy_permissions",
          in,
          "cluster-policies",
          in.policyId(),
          in.policyGrants());
    }
    SharedCluster c = in.sharedCluster();
    if (c == null) {
      return;
    }
    Runtime rt = c.runtime() == null ? new Runtime(null, null, null) : c.runtime();
    NodeType nt = c.nodeType() == null ? new NodeType(null, null, null, null) : c.nodeType();
    Resource<ClusterRuntimeSpec> runtime =
        b.add(
            module + ".shared_cluster_runtime",
            ClusterRuntimeHandler.TYPE,
            r ->
                new ClusterRuntimeSpec(
                    r.get(in.deploymentName()),
                    r.get(in.workspaceId()),
                    !Boolean.FALSE.equals(rt.longTermSupport()),
                    Boolean.TRUE.equals(rt.ml()),
                    Boolean.TRUE.equals(rt.photon()),
                    nt.family() == null ? "m5d" : nt.family(),
                    nt.minMemoryGb(),
                    nt.minCores(),
                    Boolean.TRUE.equals(nt.localDisk())));
    Long fixed = fixedAutotermination(in.policyDefinition());
    long minutes =
        c.autoterminationMinutes() != null
            ? c.autoterminationMinutes()
            : fixed != null ? fixed : 60;
    Resource<ClusterSpec> cluster =
        b.add(
            module + ".shared_cluster",
            ClusterHandler.TYPE,
            r ->
                new ClusterSpec(
                    r.get(in.deploymentName()),
                    r.get(in.workspaceId()),
                    c.name() == null ? in.defaultClusterName() : c.name(),
                    r.get(runtime.out("spark_version")),
                    r.get(runtime.out("node_type_id")),
                    c.autoscale() == null
                        ? (c.numWorkers() == null ? Long.valueOf(1) : c.numWorkers())
                        : null,
                    c.autoscale() == null ? null : c.autoscale().minWorkers(),
                    c.autoscale() == null ? null : c.autoscale().maxWorkers(),
                    minutes,
                    r.get(in.policyId()),
                    c.dataSecurityMode() == null ? "USER_ISOLATION" : c.dataSecurityMode(),
                    fixedTags(in.policyDefinition()),
                    Boolean.TRUE.equals(c.start())));
    if (!c.permissions().isEmpty()) {
      grants(
          b,
          module + ".shared_cluster_permissions",
          in,
          "clusters",
          cluster.out("cluster_id"),
          c.permissions());
    }
  }

  /** An ACL of this stack's grants on one object, after the principals are assigned. */
  private static void grants(
      StackBuilder b, String address, Inputs in, String type, Ref objectId, List<Grant> grants) {
    new WorkspaceObjects(b, in.deploymentName(), in.workspaceId())
        .add(
            address,
            AclHandler.TYPE,
            (r, deployment, workspace) -> {
              in.principalsReady().forEach(r::after);
              return new AclSpec(
                  deployment,
                  workspace,
                  type,
                  r.get(objectId),
                  grants.stream().map(Grant::entry).toList());
            });
  }
}
