package dev.deployer.cloud.iam;

import dev.deployer.cloud.AwsPartition;
import dev.deployer.cloud.ModuleInputs;
import dev.deployer.core.model.Ref;
import dev.deployer.core.model.Resource;
import dev.deployer.core.model.StackBuilder;

/**
 * The Databricks cross-account role and its inline policy (RESOURCES.md 2.2). The policy names the
 * VPC and workspace security group, so it comes after the network.
 */
public final class CrossAccountRoleModule {

  /** What the module gives the account layer (the Databricks credentials configuration). */
  public record Outputs(
      Resource<RoleSpec> role, Resource<RolePolicySpec> policy, Ref roleArn, Ref roleName) {}

  private CrossAccountRoleModule() {}

  /**
   * Declares {@code module.role} and {@code module.role_policy}.
   *
   * @param vpcId the customer-managed VPC (network outputs)
   * @param securityGroupId the workspace security group (network outputs)
   * @throws IllegalArgumentException listing every problem {@link CrossAccountInputs#validate()}
   *     finds
   */
  public static Outputs declare(
      StackBuilder stack,
      String region,
      String module,
      CrossAccountInputs in,
      Ref vpcId,
      Ref securityGroupId) {
    ModuleInputs.requireValid("cross-account role", in.validate());
    Resource<RoleSpec> role =
        stack.add(
            module + ".role",
            RoleHandler.TYPE,
            r ->
                new RoleSpec(
                    in.roleName(),
                    CrossAccountPolicy.trust(
                        AwsPartition.forRegion(region), in.databricksAccountId()),
                    r.tags()));
    Resource<RolePolicySpec> policy =
        stack.add(
            module + ".role_policy",
            RolePolicyHandler.TYPE,
            r ->
                new RolePolicySpec(
                    r.get(role.out("name")),
                    in.policyName(),
                    CrossAccountPolicy.policy(
                        in.policy(),
                        AwsPartition.forRegion(region),
                        region,
                        // The role's own ARN names the account: no STS call to build the stack.
                        r.get(role.out("account_id")),
                        r.get(vpcId),
                        r.get(securityGroupId),
                        in.instanceProfileRoleArn())));
    return new Outputs(role, policy, role.out("arn"), role.out("name"));
  }
}
