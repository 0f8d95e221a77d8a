package dev.deployer.workspace.catalog;

import com.databricks.sdk.service.catalog.GetBindingsRequest;
import com.databricks.sdk.service.catalog.UpdateWorkspaceBindingsParameters;
import com.databricks.sdk.service.catalog.WorkspaceBinding;
import com.databricks.sdk.service.catalog.WorkspaceBindingBindingType;
import dev.deployer.account.DatabricksClients;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import dev.deployer.workspace.WorkspaceObjectHandler;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * {@code databricks_workspace_binding}, id {@code catalog/<name>/<workspace id>}: one workspace's
 * binding to a catalog (PATCH bindings add/remove; read from GET bindings). The binding type
 * changes in place by adding the binding again with the new type.
 */
public final class CatalogBindingHandler extends WorkspaceObjectHandler<CatalogBindingSpec> {
  public static final ResourceType<CatalogBindingSpec> TYPE =
      ResourceType.of("databricks_workspace_binding", CatalogBindingSpec.class)
          .replaceOnChange(WorkspaceObjectHandler.SCOPE)
          .replaceOnChange("catalog_name");

  public CatalogBindingHandler(DatabricksClients databricks) {
    super(databricks, TYPE);
  }

  static String id(CatalogBindingSpec s) {
    return "catalog/" + s.catalogName() + "/" + s.workspaceId();
  }

  private WorkspaceBinding binding(CatalogBindingSpec s) {
    return new WorkspaceBinding()
        .setWorkspaceId(Long.parseLong(s.workspaceId()))
        .setBindingType(WorkspaceBindingBindingType.valueOf(s.bindingType()));
  }

  @Override
  public Optional<Observed<CatalogBindingSpec>> read(
      HandlerContext ctx, String id, CatalogBindingSpec prior) {
    long ws = Long.parseLong(prior.workspaceId());
    return ifExists(
            () ->
                client(prior)
                    .workspaceBindings()
                    .getBindings(
                        new GetBindingsRequest()
                            .setSecurableType("catalog")
                            .setSecurableName(prior.catalogName())))
        .flatMap(
            all ->
                StreamSupport.stream(all.spliterator(), false)
                    .filter(b -> b.getWorkspaceId() != null && b.getWorkspaceId() == ws)
                    .findFirst())
        .map(
            b ->
                new Observed<>(
                    new CatalogBindingSpec(
                        prior.deploymentName(),
                        prior.workspaceId(),
                        prior.catalogName(),
                        b.getBindingType() == null
                            ? CatalogBindingSpec.READ_WRITE
                            : b.getBindingType().name()),
                    Map.of()));
  }

  private void add(CatalogBindingSpec s) {
    client(s)
        .workspaceBindings()
        .updateBindings(
            new UpdateWorkspaceBindingsParameters()
                .setSecurableType("catalog")
                .setSecurableName(s.catalogName())
                .setAdd(List.of(binding(s))));
  }

  @Override
  public Created create(HandlerContext ctx, CatalogBindingSpec spec) {
    add(spec);
    return new Created(id(spec), Map.of());
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx, String id, CatalogBindingSpec prior, CatalogBindingSpec desired) {
    add(desired);
    return Map.of();
  }

  @Override
  public void delete(HandlerContext ctx, String id, CatalogBindingSpec prior) {
    deleteIfExists(
        () ->
            client(prior)
                .workspaceBindings()
                .updateBindings(
                    new UpdateWorkspaceBindingsParameters()
                        .setSecurableType("catalog")
                        .setSecurableName(prior.catalogName())
                        .setRemove(List.of(binding(prior)))));
  }

  @Override
  public Optional<String> findExisting(HandlerContext ctx, CatalogBindingSpec spec) {
    // Adding a binding again is harmless: nothing to adopt.
    return Optional.empty();
  }
}
