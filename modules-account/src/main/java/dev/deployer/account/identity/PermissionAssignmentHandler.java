package dev.deployer.account.identity;

import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.service.iam.PermissionAssignment;
import com.databricks.sdk.service.iam.UpdateWorkspaceAssignments;
import com.databricks.sdk.service.iam.WorkspacePermission;
import dev.deployer.account.DatabricksClients;
import dev.deployer.account.DatabricksHandler;
import dev.deployer.account.UntilReady;
import dev.deployer.core.DeployerException;
import dev.deployer.core.retry.Durations;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** {@code databricks_mws_permission_assignment}: id {@code workspace_id|principal_id}. */
public final class PermissionAssignmentHandler extends DatabricksHandler<PermissionAssignmentSpec> {
  public static final ResourceType<PermissionAssignmentSpec> TYPE =
      ResourceType.of("databricks_mws_permission_assignment", PermissionAssignmentSpec.class)
          .outputs("principal_id")
          .replaceOnChange("workspace_id", "principal_id");

  /** How long to retry "Permission assignment APIs are not available" by default. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(5);

  private final Duration deadline;

  /**
   * Declares {@code <module>.permission_assignment["<kind>:<name>"]}: the principal's permission on
   * the workspace, after {@code after} (the metastore assignment, which turns identity federation
   * on).
   */
  public static dev.deployer.core.model.Resource<PermissionAssignmentSpec> declare(
      dev.deployer.core.model.StackBuilder b,
      String module,
      String kind,
      String name,
      dev.deployer.core.model.Ref workspaceId,
      java.util.function.Function<dev.deployer.core.model.Resolver, String> principalId,
      String permission,
      dev.deployer.core.model.Resource<?> after) {
    return b.add(
        module + ".permission_assignment[\"" + kind + ":" + name + "\"]",
        TYPE,
        r -> {
          r.after(after);
          return new PermissionAssignmentSpec(
              r.get(workspaceId), principalId.apply(r), name, kind, java.util.List.of(permission));
        });
  }

  public PermissionAssignmentHandler(DatabricksClients databricks) {
    this(databricks, DEFAULT_DEADLINE);
  }

  public PermissionAssignmentHandler(DatabricksClients databricks, Duration deadline) {
    super(databricks, TYPE);
    this.deadline = deadline;
  }

  @Override
  public Optional<Observed<PermissionAssignmentSpec>> read(
      HandlerContext ctx, String id, PermissionAssignmentSpec prior) {
    long workspaceId = Long.parseLong(prior.workspaceId());
    return ifExists(
        () -> {
          for (PermissionAssignment a :
              databricks.account().workspaceAssignment().list(workspaceId)) {
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
                          : a.getPermissions().stream()
                              .map(WorkspacePermission::toString)
                              .toList());
              return new Observed<>(seen, Map.of("principal_id", prior.principalId()));
            }
          }
          return null;
        });
  }

  /**
   * Shortly after a workspace is created (or assigned its metastore) the account answers
   * "Permission assignment APIs are not available for this workspace" (provider #5282).
   */
  static boolean isNotAvailableYet(Throwable e) {
    return e instanceof DatabricksError d
        && String.valueOf(d.getMessage())
            .contains("Permission assignment APIs are not available for this workspace");
  }

  private void put(HandlerContext ctx, PermissionAssignmentSpec spec) {
    UpdateWorkspaceAssignments req =
        new UpdateWorkspaceAssignments()
            .setWorkspaceId(Long.parseLong(spec.workspaceId()))
            .setPrincipalId(Long.parseLong(spec.principalId()))
            .setPermissions(spec.permissions().stream().map(WorkspacePermission::valueOf).toList());
    new UntilReady(
            "permission assignment not available on workspace " + spec.workspaceId() + " yet",
            "permission assignment on workspace " + spec.workspaceId(),
            PermissionAssignmentHandler::isNotAvailableYet,
            Duration.ofSeconds(10),
            deadline)
        .call(
            ctx,
            "assigning " + spec.kind() + " " + spec.principalName(),
            () -> databricks.account().workspaceAssignment().update(req),
            e ->
                new DeployerException(
                    "Databricks still refuses permission assignment on workspace "
                        + spec.workspaceId()
                        + " after "
                        + Durations.human(e.elapsed())
                        + " (deadline "
                        + Durations.human(deadline)
                        + "): "
                        + e.getCause().getMessage()
                        + ". The workspace must be assigned a Unity Catalog metastore (identity"
                        + " federation); apply again once it is.",
                    e));
  }

  @Override
  public Created create(HandlerContext ctx, PermissionAssignmentSpec spec) {
    put(ctx, spec); // PUT is idempotent: nothing to find after a crash
    return new Created(
        spec.workspaceId() + "|" + spec.principalId(), Map.of("principal_id", spec.principalId()));
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx,
      String id,
      PermissionAssignmentSpec prior,
      PermissionAssignmentSpec desired) {
    put(ctx, desired);
    return Map.of("principal_id", desired.principalId());
  }

  @Override
  public void delete(HandlerContext ctx, String id, PermissionAssignmentSpec prior) {
    deleteIfExists(
        () ->
            databricks
                .account()
                .workspaceAssignment()
                .delete(Long.parseLong(prior.workspaceId()), Long.parseLong(prior.principalId())));
  }
}
