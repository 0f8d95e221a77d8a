package dev.deployer.workspace.catalog;

import com.databricks.sdk.service.catalog.GetBindingsRequest;
import com.databricks.sdk.service.catalog.UpdateWorkspaceBindingsParameters;
import com.databricks.sdk.service.catalog.WorkspaceBinding;
import com.databricks.sdk.service.catalog.WorkspaceBindingBindingType;
import dev.deployer.account.DatabricksClients;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import dev.deployer.workspace.AttachmentHandler;
import dev.deployer.workspace.WorkspaceObjectHandler;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * {@code databricks_workspace_binding}, id {@code catalog/<name>/<workspace id>}: one workspace's
 * binding to a catalog (PATCH bindings add/remove; read from GET bindings). The binding type
 * changes in place by adding the binding again with the new type. A new catalog name changes in
 * place too: a catalog renamed in place keeps its bindings (the old name answers 404); a binding
 * pointed at another catalog leaves the old one.
 */
public final class CatalogBindingHandler extends AttachmentHandler<CatalogBindingSpec> {
  public static final ResourceType<CatalogBindingSpec> TYPE =
      ResourceType.of("databricks_workspace_binding", CatalogBindingSpec.class)
          .replaceOnChange(WorkspaceObjectHandler.SCOPE);

  public CatalogBindingHandler(DatabricksClients databricks) {
    super(databricks, TYPE);
  }

  @Override
  protected String id(CatalogBindingSpec s) {
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

  @Override
  protected String securable(CatalogBindingSpec s) {
    return s.catalogName();
  }

  @Override
  protected void attach(CatalogBindingSpec s) {
    bind(client(s), s.catalogName(), binding(s));
  }

  /** Adds {@code binding} to the catalog (again, harmlessly, if it is there). */
  static void bind(
      com.databricks.sdk.WorkspaceClient ws, String catalog, WorkspaceBinding binding) {
    ws.workspaceBindings()
        .updateBindings(
            new UpdateWorkspaceBindingsParameters()
                .setSecurableType("catalog")
                .setSecurableName(catalog)
                .setAdd(List.of(binding)));
  }

  /** Adding the binding again with the new type changes it in place. */
  @Override
  protected void change(CatalogBindingSpec prior, CatalogBindingSpec desired) {
    attach(desired);
  }

  @Override
  protected boolean stillAttached(HandlerContext ctx, String id, CatalogBindingSpec prior) {
    return read(ctx, id, prior).isPresent();
  }

  @Override
  protected void detach(HandlerContext ctx, String id, CatalogBindingSpec prior) {
    delete(ctx, id, prior);
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
