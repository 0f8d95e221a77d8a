package dev.deployer.account.assignment;

import com.databricks.sdk.service.catalog.AccountsCreateMetastoreAssignment;
import com.databricks.sdk.service.catalog.AccountsUpdateMetastoreAssignment;
import com.databricks.sdk.service.catalog.CreateMetastoreAssignment;
import com.databricks.sdk.service.catalog.MetastoreAssignment;
import com.databricks.sdk.service.catalog.UpdateMetastoreAssignment;
import dev.deployer.account.DatabricksClients;
import dev.deployer.account.DatabricksErrors;
import dev.deployer.account.DatabricksHandler;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code databricks_metastore_assignment}. The id is {@code workspace_id|metastore_id}; the default
 * catalog changes in place, the workspace or metastore by replacement.
 */
public final class MetastoreAssignmentHandler extends DatabricksHandler<MetastoreAssignmentSpec> {
  public static final String TYPE = "databricks_metastore_assignment";

  public MetastoreAssignmentHandler(DatabricksClients databricks) {
    super(databricks);
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Class<MetastoreAssignmentSpec> specClass() {
    return MetastoreAssignmentSpec.class;
  }

  @Override
  public Set<String> outputNames() {
    return Set.of("metastore_id", "workspace_id");
  }

  @Override
  public Set<String> replaceOnChange() {
    return Set.of("workspace_id", "metastore_id");
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
    try {
      MetastoreAssignment a =
          databricks
              .account()
              .metastoreAssignments()
              .get(Long.parseLong(workspaceId))
              .getMetastoreAssignment();
      if (a == null || a.getMetastoreId() == null) {
        return Optional.empty();
      }
      MetastoreAssignmentSpec seen =
          new MetastoreAssignmentSpec(workspaceId, a.getMetastoreId(), a.getDefaultCatalogName());
      return Optional.of(new Observed<>(seen, outputs(seen)));
    } catch (RuntimeException e) {
      if (DatabricksErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public Created create(HandlerContext ctx, MetastoreAssignmentSpec spec) {
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
    return new Created(id(spec), outputs(spec));
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
    try {
      databricks
          .account()
          .metastoreAssignments()
          .delete(Long.parseLong(prior.workspaceId()), prior.metastoreId());
    } catch (RuntimeException e) {
      if (!DatabricksErrors.isNotFound(e)) {
        throw e;
      }
    }
  }

  @Override
  public Optional<String> findExisting(HandlerContext ctx, MetastoreAssignmentSpec spec) {
    return read(ctx, id(spec), spec)
        .filter(o -> o.spec().metastoreId().equals(spec.metastoreId()))
        .map(o -> id(spec));
  }
}
