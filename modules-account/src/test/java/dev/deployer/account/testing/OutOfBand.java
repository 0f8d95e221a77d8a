package dev.deployer.account.testing;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.EditCluster;
import com.databricks.sdk.service.iam.AccessControlRequest;
import com.databricks.sdk.service.iam.ComplexValue;
import com.databricks.sdk.service.iam.PartialUpdate;
import com.databricks.sdk.service.iam.Patch;
import com.databricks.sdk.service.iam.PatchOp;
import com.databricks.sdk.service.iam.PatchSchema;
import com.databricks.sdk.service.iam.PermissionLevel;
import com.databricks.sdk.service.iam.SetObjectPermissions;
import java.util.List;

/**
 * Changes that someone makes by hand, outside deployer, through the same SDK calls a person's
 * script or the UI would make: what the drift tests of several modules and the CLI start from.
 */
public final class OutOfBand {
  private OutOfBand() {}

  /** Adds a member to an account group with one SCIM PATCH, as the account console does. */
  public static void addGroupMember(AccountClient account, String groupId, String memberId) {
    account
        .groups()
        .patch(
            new PartialUpdate()
                .setId(groupId)
                .setSchemas(List.of(PatchSchema.URN_IETF_PARAMS_SCIM_API_MESSAGES_2_0_PATCH_OP))
                .setOperations(
                    List.of(
                        new Patch()
                            .setOp(PatchOp.ADD)
                            .setPath("members")
                            .setValue(List.of(new ComplexValue().setValue(memberId))))));
  }

  /**
   * Resizes a cluster to a fixed number of workers, keeping everything else of it as read (an edit
   * sends the whole cluster), under the policy {@code policyId}.
   */
  public static void resizeCluster(
      WorkspaceClient ws, ClusterDetails c, String policyId, long workers) {
    ws.clusters()
        .edit(
            new EditCluster()
                .setClusterId(c.getClusterId())
                .setClusterName(c.getClusterName())
                .setSparkVersion(c.getSparkVersion())
                .setNodeTypeId(c.getNodeTypeId())
                .setNumWorkers(workers)
                .setAutoterminationMinutes(c.getAutoterminationMinutes())
                .setPolicyId(policyId)
                .setCustomTags(c.getCustomTags())
                .setDataSecurityMode(c.getDataSecurityMode()));
  }

  /** Replaces the object's direct grants by one group's, as "set permissions" does. */
  public static void replaceGrants(
      WorkspaceClient ws, String type, String id, String group, PermissionLevel level) {
    ws.permissions()
        .set(
            new SetObjectPermissions()
                .setRequestObjectType(type)
                .setRequestObjectId(id)
                .setAccessControlList(
                    List.of(
                        new AccessControlRequest().setGroupName(group).setPermissionLevel(level))));
  }
}
