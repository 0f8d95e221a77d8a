package dev.deployer.account.identity;

import com.databricks.sdk.service.iam.PermissionAssignment;
import com.databricks.sdk.service.iam.UpdateWorkspaceAssignments;
import com.databricks.sdk.service.iam.WorkspacePermission;
import dev.deployer.account.DatabricksClients;
import dev.deployer.account.DatabricksErrors;
import dev.deployer.account.DatabricksHandler;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code databricks_mws_permission_assignment}: id {@code workspace_id|principal_id}. */
public final class PermissionAssignmentHandler extends DatabricksHandler<PermissionAssignmentSpec> {
  public static final String TYPE = "databricks_mws_permission_assignment";

  public PermissionAssignmentHandler(DatabricksClients databricks) {
    super(databricks);
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Class<PermissionAssignmentSpec> specClass() {
    return PermissionAssignmentSpec.class;
  }

  @Override
  public Set<String> outputNames() {
    return Set.of("principal_id");
  }

  @Override
  public Set<String> replaceOnChange() {
    return Set.of("workspace_id", "principal_id");
  }

  @Override
  public Optional<Observed<PermissionAssignmentSpec>> read(
      HandlerContext ctx, String id, PermissionAssignmentSpec prior) {
    long workspaceId = Long.parseLong(prior.workspaceId());
    try {
      for (PermissionAssignment a : databricks.account().workspaceAssignment().list(workspaceId)) {
        if (a.getPrincipal() != null
            && prior.principalId().equals(String.valueOf(a.getPrincipal().getPrincipalId()))) {
          PermissionAssignmentSpec seen =
              new PermissionAssignmentSpec(
                  prior.workspaceId(),
                  prior.principalId(),
                  prior.principalName(),
                  prior.kind(),
                  a.getPermissions() == null
                      ? java.util.List.of()
                      : a.getPermissions().stream().map(WorkspacePermission::toString).toList());
          return Optional.of(new Observed<>(seen, Map.of("principal_id", prior.principalId())));
        }
      }
      return Optional.empty();
    } catch (RuntimeException e) {
      if (DatabricksErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private void put(PermissionAssignmentSpec spec) {
    databricks
        .account()
        .workspaceAssignment()
        .update(
            new UpdateWorkspaceAssignments()
                .setWorkspaceId(Long.parseLong(spec.workspaceId()))
                .setPrincipalId(Long.parseLong(spec.principalId()))
                .setPermissions(
                    spec.permissions().stream().map(WorkspacePermission::valueOf).toList()));
  }

  @Override
  public Created create(HandlerContext ctx, PermissionAssignmentSpec spec) {
    put(spec); // PUT is idempotent: nothing to find after a crash
    return new Created(
        spec.workspaceId() + "|" + spec.principalId(), Map.of("principal_id", spec.principalId()));
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx,
      String id,
      PermissionAssignmentSpec prior,
      PermissionAssignmentSpec desired) {
    put(desired);
    return Map.of("principal_id", desired.principalId());
  }

  @Override
  public void delete(HandlerContext ctx, String id, PermissionAssignmentSpec prior) {
    try {
      databricks
          .account()
          .workspaceAssignment()
          .delete(Long.parseLong(prior.workspaceId()), Long.parseLong(prior.principalId()));
    } catch (RuntimeException e) {
      if (!DatabricksErrors.isNotFound(e)) {
        throw e;
      }
    }
  }
}
