package dev.deployer.account;

import dev.deployer.account.assignment.MetastoreAssignmentHandler;
import dev.deployer.account.assignment.MetastoreAssignmentSpec;
import dev.deployer.account.credentials.CredentialsHandler;
import dev.deployer.account.credentials.CredentialsSpec;
import dev.deployer.account.identity.PermissionAssignmentHandler;
import dev.deployer.account.identity.PermissionAssignmentSpec;
import dev.deployer.account.identity.Principal;
import dev.deployer.account.network.NetworkConfigurationHandler;
import dev.deployer.account.network.NetworkConfigurationSpec;
import dev.deployer.account.storage.StorageConfigurationHandler;
import dev.deployer.account.storage.StorageConfigurationSpec;
import dev.deployer.account.workspace.WorkspaceHandler;
import dev.deployer.account.workspace.WorkspaceSpec;
import dev.deployer.core.model.Ref;
import dev.deployer.core.model.Resource;
import dev.deployer.core.model.StackBuilder;
import java.util.List;
import java.util.Map;

/**
 * The Databricks account layer of an environment (RESOURCES.md 3): credentials, storage and network
 * configurations, the workspace, its metastore assignment and identity assignments.
 */
public final class AccountModule {

  /**
   * What the layer needs from the cloud layer and config.
   *
   * @param crossAccountRolePolicy the role's inline policy: the credentials configuration is
   *     created after it, so Databricks never validates a role that has no permissions yet
   * @param rootBucketPolicy the storage configuration is created after it (Databricks checks it)
   * @param identities principals already resolved in SCIM, with their permission
   */
  public record Inputs(
      String prefix,
      String region,
      Ref crossAccountRoleArn,
      Resource<?> crossAccountRolePolicy,
      Ref rootBucketName,
      Resource<?> rootBucketPolicy,
      Ref vpcId,
      List<Ref> privateSubnetIds,
      List<Ref> securityGroupIds,
      List<String> additionalSecurityGroupIds,
      String workspaceName,
      String deploymentName,
      String pricingTier,
      Map<String, String> customTags,
      String metastoreId,
      String defaultCatalogName,
      List<Assignment> identities) {
    public Inputs {
      privateSubnetIds = List.copyOf(privateSubnetIds);
      securityGroupIds = List.copyOf(securityGroupIds);
      additionalSecurityGroupIds =
          additionalSecurityGroupIds == null ? List.of() : List.copyOf(additionalSecurityGroupIds);
      customTags = customTags == null ? Map.of() : Map.copyOf(customTags);
      identities = identities == null ? List.of() : List.copyOf(identities);
    }
  }

  /** A resolved principal and the workspace permission it gets. */
  public record Assignment(Principal principal, String permission) {}

  /** What the workspace layer and the stack outputs need. */
  public record Outputs(
      Resource<WorkspaceSpec> workspace,
      Resource<MetastoreAssignmentSpec> metastoreAssignment,
      Ref workspaceId,
      Ref deploymentName,
      Ref workspaceUrl) {}

  private AccountModule() {}

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new java.util.ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  public static Outputs declare(StackBuilder b, String module, Inputs in) {
    Resource<CredentialsSpec> credentials =
        b.add(
            module + ".credentials",
            CredentialsHandler.TYPE,
            r -> {
              r.after(in.crossAccountRolePolicy());
              return new CredentialsSpec(
                  in.prefix() + "-credentials", r.get(in.crossAccountRoleArn()));
            });
    Resource<StorageConfigurationSpec> storage =
        b.add(
            module + ".storage_configuration",
            StorageConfigurationHandler.TYPE,
            r -> {
              r.after(in.rootBucketPolicy());
              return new StorageConfigurationSpec(
                  in.prefix() + "-storage", r.get(in.rootBucketName()));
            });
    Resource<NetworkConfigurationSpec> network =
        b.add(
            module + ".network_configuration",
            NetworkConfigurationHandler.TYPE,
            r ->
                new NetworkConfigurationSpec(
                    in.prefix() + "-network",
                    r.get(in.vpcId()),
                    r.getAll(in.privateSubnetIds()),
                    concat(r.getAll(in.securityGroupIds()), in.additionalSecurityGroupIds())));
    Resource<WorkspaceSpec> workspace =
        b.add(
            module + ".workspace",
            WorkspaceHandler.TYPE,
            r ->
                new WorkspaceSpec(
                    in.workspaceName(),
                    in.region(),
                    r.get(credentials.out("credentials_id")),
                    r.get(storage.out("storage_configuration_id")),
                    r.get(network.out("network_id")),
                    in.pricingTier() == null ? "ENTERPRISE" : in.pricingTier(),
                    in.deploymentName(),
                    in.customTags()));
    Resource<MetastoreAssignmentSpec> assignment =
        b.add(
            module + ".metastore_assignment",
            MetastoreAssignmentHandler.TYPE,
            r ->
                new MetastoreAssignmentSpec(
                    r.get(workspace.out("workspace_id")),
                    in.metastoreId(),
                    in.defaultCatalogName()));
    for (Assignment a : in.identities()) {
      String key = a.principal().kind().configName() + ":" + a.principal().name();
      b.add(
          module + ".permission_assignment[\"" + key + "\"]",
          PermissionAssignmentHandler.TYPE,
          r -> {
            r.after(assignment);
            return new PermissionAssignmentSpec(
                r.get(workspace.out("workspace_id")),
                a.principal().id(),
                a.principal().name(),
                a.principal().kind().configName(),
                List.of(a.permission()));
          });
    }
    return new Outputs(
        workspace,
        assignment,
        workspace.out("workspace_id"),
        workspace.out("deployment_name"),
        workspace.out("workspace_url"));
  }
}
