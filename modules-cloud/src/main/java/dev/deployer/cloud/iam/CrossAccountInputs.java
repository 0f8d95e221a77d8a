package dev.deployer.cloud.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the cross-account role needs besides the network's ids.
 *
 * @param prefix the environment's resource prefix: the role is {@code {prefix}-crossaccount}
 * @param databricksAccountId the external id Databricks presents when assuming the role
 * @param instanceProfileRoleArn a role Databricks may pass to cluster nodes; without it the policy
 *     grants no {@code iam:PassRole}
 * @param policy which of Databricks' customer-managed-VPC policies (restricted when null)
 */
public record CrossAccountInputs(
    String prefix,
    String databricksAccountId,
    Optional<String> instanceProfileRoleArn,
    CrossAccountPolicy.Variant policy) {

  public CrossAccountInputs {
    instanceProfileRoleArn =
        instanceProfileRoleArn == null ? Optional.empty() : instanceProfileRoleArn;
    policy = policy == null ? CrossAccountPolicy.Variant.RESTRICTED : policy;
  }

  /** The restricted policy, scoped to the VPC and region. */
  public CrossAccountInputs(
      String prefix, String databricksAccountId, Optional<String> instanceProfileRoleArn) {
    this(prefix, databricksAccountId, instanceProfileRoleArn, null);
  }

  public String roleName() {
    return prefix + "-crossaccount";
  }

  public String policyName() {
    return prefix + "-crossaccount-policy";
  }

  /** Every problem found, each starting with the field it is about; empty when valid. */
  public List<String> validate() {
    List<String> problems = new ArrayList<>();
    if (prefix == null || !prefix.matches("[A-Za-z0-9+=,.@_-]{1,51}")) {
      problems.add(
          "prefix: '" + prefix + "' cannot make an IAM role name (1 to 51 of A-Z a-z 0-9 +=,.@_-)");
    }
    if (databricksAccountId == null || databricksAccountId.isBlank()) {
      problems.add("databricks_account_id: missing (it is the external id of the trust policy)");
    }
    instanceProfileRoleArn
        .filter(a -> !a.matches("arn:aws[a-z-]*:iam::\\d{12}:role/.+"))
        .ifPresent(
            a -> problems.add("instance_profile_role_arn: '" + a + "' is not an IAM role ARN"));
    return problems;
  }
}
