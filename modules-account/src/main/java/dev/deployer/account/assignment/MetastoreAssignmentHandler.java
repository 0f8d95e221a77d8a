package dev.deployer.account.assignment;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.catalog.AccountsCreateMetastoreAssignment;
import com.databricks.sdk.service.catalog.AccountsUpdateMetastoreAssignment;
import com.databricks.sdk.service.catalog.CreateMetastoreAssignment;
import com.databricks.sdk.service.catalog.MetastoreAssignment;
import com.databricks.sdk.service.catalog.UpdateMetastoreAssignment;
import dev.deployer.account.DatabricksClients;
import dev.deployer.account.DatabricksErrors;
import dev.deployer.account.DatabricksHandler;
import dev.deployer.core.DeployerException;
import dev.deployer.core.diff.Diff;
import dev.deployer.core.retry.Durations;
import dev.deployer.core.retry.Waiter;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.Operation;
import dev.deployer.core.spi.ResourceType;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * {@code databricks_metastore_assignment}. The id is {@code workspace_id|metastore_id}; the default
 * catalog (deprecated, managed only when configured) changes in place, the workspace or metastore
 * by replacement. An assignment that already exists (automatic Unity Catalog enablement) is
 * adopted; {@link #awaitReady} returns once the workspace's Unity Catalog sees the metastore.
 */
public final class MetastoreAssignmentHandler extends DatabricksHandler<MetastoreAssignmentSpec> {
  public static final ResourceType<MetastoreAssignmentSpec> TYPE =
      ResourceType.of("databricks_metastore_assignment", MetastoreAssignmentSpec.class)
          .outputs("metastore_id", "workspace_id")
          .replaceOnChange("workspace_id", "metastore_id")
          .identifiedBy("workspace_id", "metastore_id");

  /** How long Unity Catalog may take to see a new assignment on the workspace. */
  public static final Duration DEFAULT_READINESS_TIMEOUT = Duration.ofMinutes(5);

  public MetastoreAssignmentHandler(DatabricksClients databricks) {
    super(databricks, TYPE);
  }

  private static String id(MetastoreAssignmentSpec s) {
    return s.workspaceId() + "|" + s.metastoreId();
  }

  private static Map<String, Object> outputs(MetastoreAssignmentSpec s) {
    return Map.of("metastore_id", s.metastoreId(), "workspace_id", s.workspaceId());
  }

  @Override
  public Optional<Observed<MetastoreAssignmentSpec>> read(
      HandlerContext ctx, String id, MetastoreAssignmentSpec prior) {
    String workspaceId = id.substring(0, id.indexOf('|'));
    return current(Long.parseLong(workspaceId))
        .map(
            a ->
                new MetastoreAssignmentSpec(
                    workspaceId, a.getMetastoreId(), a.getDefaultCatalogName()))
        .map(seen -> new Observed<>(seen, outputs(seen)));
  }

  @Override
  public Diff diff(MetastoreAssignmentSpec prior, MetastoreAssignmentSpec desired) {
    // default_catalog_name is deprecated (SDK CreateMetastoreAssignment; provider #4147, #4522):
    // unset means "not managed here", so whatever the service reports is not drift.
    MetastoreAssignmentSpec d =
        desired.defaultCatalogName() == null
            ? new MetastoreAssignmentSpec(
                desired.workspaceId(), desired.metastoreId(), prior.defaultCatalogName())
            : desired;
    return Diff.of(prior, d, TYPE.replaceOnChange());
  }

  @Override
  public Created create(HandlerContext ctx, MetastoreAssignmentSpec spec) {
    long workspaceId = Long.parseLong(spec.workspaceId());
    Optional<MetastoreAssignment> current = current(workspaceId);
    if (current.isPresent()) {
      // Automatic Unity Catalog enablement assigns the region's metastore with the workspace:
      // read and adopted, never POSTed again (the service refuses a second assignment).
      String assigned = current.get().getMetastoreId();
      if (!spec.metastoreId().equals(assigned)) {
        throw new DeployerException(
            "Workspace "
                + workspaceId
                + " is already assigned to metastore "
                + assigned
                + ", not "
                + spec.metastoreId()
                + " (automatic Unity Catalog enablement, or an earlier assignment). Databricks"
                + " allows one metastore per region; use that one (set metastore.id in the"
                + " environment's config, or adopt it in the common stack with"
                + " metastore.adopt_existing), or unassign it first.");
      }
      ctx.report("workspace " + workspaceId + " already has metastore " + assigned + "; adopted");
      if (spec.defaultCatalogName() != null
          && !spec.defaultCatalogName().equals(current.get().getDefaultCatalogName())) {
        update(ctx, id(spec), spec, spec);
      }
    } else {
      post(spec);
    }
    return new Created(id(spec), outputs(spec));
  }

  /** After the create, and after the engine adopted the assignment (a retried create). */
  @Override
  public void awaitReady(HandlerContext ctx, String id, MetastoreAssignmentSpec spec) {
    waitUntilVisible(ctx, Long.parseLong(spec.workspaceId()), spec.metastoreId());
  }

  private Optional<MetastoreAssignment> current(long workspaceId) {
    return ifExists(
            () ->
                databricks
                    .account()
                    .metastoreAssignments()
                    .get(workspaceId)
                    .getMetastoreAssignment())
        .filter(a -> a.getMetastoreId() != null);
  }

  /**
   * Unity Catalog on the workspace answers "No metastore assigned" for a while after a successful
   * assignment (provider #1632, #1832, #2061). Waits until the workspace's own
   * current-metastore-assignment names the metastore, so the catalog resources that follow start
   * against a workspace that sees it.
   */
  private void waitUntilVisible(HandlerContext ctx, long workspaceId, String metastoreId) {
    String deployment = databricks.account().workspaces().get(workspaceId).getDeploymentName();
    WorkspaceClient ws = databricks.workspace(deployment, Long.toString(workspaceId));
    Instant start = ctx.clock().instant();
    boolean[] pending = {false};
    String what = "Unity Catalog on workspace " + workspaceId + " to see metastore " + metastoreId;
    ctx.waiter()
        .until(
            what,
            DEFAULT_READINESS_TIMEOUT,
            Duration.ofSeconds(1),
            Duration.ofSeconds(5),
            () -> {
              try {
                MetastoreAssignment a = ws.metastores().current();
                return a == null ? null : a.getMetastoreId();
              } catch (RuntimeException e) {
                if (DatabricksErrors.isNotFound(e)
                    || DatabricksErrors.isRetryable(e, Operation.READ)) {
                  return "(" + e.getMessage() + ")";
                }
                throw e;
              }
            },
            seen -> {
              if (metastoreId.equals(seen)) {
                return Waiter.State.DONE;
              }
              pending[0] = true;
              return Waiter.State.PENDING;
            },
            seen ->
                "waiting for "
                    + what
                    + " (it answers "
                    + (seen == null ? "no assignment" : seen)
                    + ")",
            ctx::report);
    Duration waited = Duration.between(start, ctx.clock().instant());
    if (pending[0]) {
      ctx.report("waited " + Durations.human(waited) + " for " + what);
    }
  }

  private void post(MetastoreAssignmentSpec spec) {
    databricks
        .account()
        .metastoreAssignments()
        .create(
            new AccountsCreateMetastoreAssignment()
                .setWorkspaceId(Long.parseLong(spec.workspaceId()))
                .setMetastoreId(spec.metastoreId())
                .setMetastoreAssignment(
                    new CreateMetastoreAssignment()
                        .setMetastoreId(spec.metastoreId())
                        .setWorkspaceId(Long.parseLong(spec.workspaceId()))
                        .setDefaultCatalogName(spec.defaultCatalogName())));
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx,
      String id,
      MetastoreAssignmentSpec prior,
      MetastoreAssignmentSpec desired) {
    databricks
        .account()
        .metastoreAssignments()
        .update(
            new AccountsUpdateMetastoreAssignment()
                .setWorkspaceId(Long.parseLong(desired.workspaceId()))
                .setMetastoreId(desired.metastoreId())
                .setMetastoreAssignment(
                    new UpdateMetastoreAssignment()
                        .setMetastoreId(desired.metastoreId())
                        .setWorkspaceId(Long.parseLong(desired.workspaceId()))
                        .setDefaultCatalogName(desired.defaultCatalogName())));
    return outputs(desired);
  }

  @Override
  public void delete(HandlerContext ctx, String id, MetastoreAssignmentSpec prior) {
    deleteIfExists(
        () ->
            databricks
                .account()
                .metastoreAssignments()
                .delete(Long.parseLong(prior.workspaceId()), prior.metastoreId()));
  }

  @Override
  public Optional<String> findExisting(HandlerContext ctx, MetastoreAssignmentSpec spec) {
    return read(ctx, id(spec), spec)
        .filter(o -> o.spec().metastoreId().equals(spec.metastoreId()))
        .map(o -> id(spec));
  }
}
