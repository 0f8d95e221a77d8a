package dev.deployer.workspace.catalog;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.service.catalog.CatalogInfo;
import com.databricks.sdk.service.catalog.CatalogIsolationMode;
import com.databricks.sdk.service.catalog.CreateCatalog;
import com.databricks.sdk.service.catalog.DeleteCatalogRequest;
import com.databricks.sdk.service.catalog.UpdateCatalog;
import com.databricks.sdk.service.catalog.WorkspaceBinding;
import com.databricks.sdk.service.catalog.WorkspaceBindingBindingType;
import dev.deployer.account.DatabricksClients;
import dev.deployer.core.diff.Diff;
import dev.deployer.core.model.Ref;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import dev.deployer.workspace.WorkspaceObjectHandler;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code databricks_catalog}, id = name. Created, then isolated (Databricks takes the isolation
 * mode only on update) and bound to its workspace, which isolating alone would lock out. A new name
 * is a rename in place ({@code new_name}): schemas, grants and bindings stay with the catalog, and
 * what refers to the name is updated after it. Destroy forces the delete: a catalog always holds at
 * least the schema {@code default}, plus whatever users made in it.
 */
public final class CatalogHandler extends SecurableHandler<CatalogSpec, CatalogInfo> {
  public static final ResourceType<CatalogSpec> TYPE =
      ResourceType.of("databricks_catalog", CatalogSpec.class)
          .outputs("name", "storage_root")
          .replaceOnChange(WorkspaceObjectHandler.SCOPE)
          .replaceOnChange("storage_root")
          .identifiedBy("name");

  public CatalogHandler(DatabricksClients databricks) {
    super(databricks, TYPE);
  }

  private static Map<String, Object> outputs(String name, String storageRoot) {
    return Map.of("name", name, "storage_root", storageRoot);
  }

  /** An ISOLATED catalog unbound from this workspace answers 403 here although it exists. */
  private static boolean notVisibleHere(RuntimeException e) {
    return e instanceof DatabricksError d
        && d.getStatusCode() == 403
        && String.valueOf(d.getMessage()).contains("not accessible in current workspace");
  }

  @Override
  protected Api<CatalogInfo> api(WorkspaceClient ws) {
    var service = ws.catalogs();
    return new Api<>(
        service::get,
        name -> service.delete(new DeleteCatalogRequest().setName(name).setForce(true)),
        CatalogInfo::getName);
  }

  @Override
  public Optional<Observed<CatalogSpec>> read(HandlerContext ctx, String id, CatalogSpec prior) {
    Optional<CatalogInfo> found;
    try {
      found = find(prior, id);
      if (found.isEmpty() && !id.equals(prior.name())) {
        // The recorded spec names the catalog a rename was sent for (the intent written before
        // it); the run stopped before recording the answer. Renamed, it answers to that name.
        found = find(prior, prior.name());
        if (found.isPresent()
            && !StoragePaths.same(found.get().getStorageRoot(), prior.storageRoot())) {
          found = Optional.empty(); // another catalog of that name, not the one renamed
        }
      }
    } catch (RuntimeException e) {
      if (!notVisibleHere(e)) {
        throw e;
      }
      // The binding resource shows (and repairs) the missing binding; the catalog is unchanged.
      return Optional.of(new Observed<>(prior, outputs(id, prior.storageRoot())));
    }
    return found.map(c -> observed(id, prior, c));
  }

  @Override
  protected Observed<CatalogSpec> observed(String id, CatalogSpec prior, CatalogInfo c) {
    String storageRoot = StoragePaths.asRecorded(c.getStorageRoot(), prior.storageRoot());
    return new Observed<>(
        new CatalogSpec(
            prior.deploymentName(),
            prior.workspaceId(),
            c.getName(),
            storageRoot,
            c.getIsolationMode() == null ? "OPEN" : c.getIsolationMode().name(),
            emptyToNull(c.getComment()),
            c.getProperties(),
            prior.owner() == null ? null : c.getOwner()),
        movedTo(id, c.getName(), outputs(c.getName(), storageRoot)));
  }

  /** The outputs, with the new id when the catalog now answers to another name than {@code id}. */
  private static Map<String, Object> movedTo(String id, String name, Map<String, Object> outputs) {
    if (id.equals(name)) {
      return outputs;
    }
    Map<String, Object> moved = new java.util.LinkedHashMap<>(outputs);
    moved.put(Ref.ID, name);
    return moved;
  }

  @Override
  public Set<String> changedByUpdate(CatalogSpec prior, CatalogSpec desired) {
    return prior.name().equals(desired.name()) ? Set.of() : Set.of(Ref.ID, "name");
  }

  @Override
  public Diff diff(CatalogSpec prior, CatalogSpec desired) {
    Diff d = super.diff(prior, desired);
    // storage_root forces replacement: a moved slash must never plan a force-delete.
    return StoragePaths.same(prior.storageRoot(), desired.storageRoot())
        ? d.without("storage_root")
        : d;
  }

  @Override
  public Created create(HandlerContext ctx, CatalogSpec spec) {
    WorkspaceClient ws = client(spec);
    CatalogInfo c =
        ws.catalogs()
            .create(
                new CreateCatalog()
                    .setName(spec.name())
                    .setStorageRoot(spec.storageRoot())
                    .setComment(spec.comment())
                    .setProperties(spec.properties().isEmpty() ? null : spec.properties()));
    if (!"OPEN".equals(spec.isolationMode()) || spec.owner() != null) {
      UpdateCatalog u = new UpdateCatalog().setName(c.getName()).setOwner(spec.owner());
      u.setIsolationMode(CatalogIsolationMode.valueOf(spec.isolationMode()));
      ws.catalogs().update(u);
      bindHereIfIsolated(ctx, spec, c.getName());
    }
    return new Created(c.getName(), outputs(c.getName(), spec.storageRoot()));
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx, String id, CatalogSpec prior, CatalogSpec desired) {
    UpdateCatalog u =
        new UpdateCatalog()
            .setName(id)
            .setComment(updatedComment(desired.comment()))
            .setProperties(desired.properties());
    if (!Objects.equals(prior.isolationMode(), desired.isolationMode())) {
      u.setIsolationMode(CatalogIsolationMode.valueOf(desired.isolationMode()));
    }
    if (desired.owner() != null) {
      u.setOwner(desired.owner());
    }
    if (!id.equals(desired.name())) {
      u.setNewName(desired.name());
    }
    CatalogInfo c = client(desired).catalogs().update(u);
    String name = c.getName() == null ? desired.name() : c.getName();
    if (!Objects.equals(prior.isolationMode(), desired.isolationMode())) {
      bindHereIfIsolated(ctx, desired, name);
    }
    return movedTo(id, name, outputs(name, desired.storageRoot()));
  }

  /**
   * Isolating a catalog binds no workspace, not even the one that asked: from the moment of the
   * PATCH this workspace is refused the catalog (its schemas, grants, a read back) until a binding
   * names it (provider issue #2446). So it is bound here at once, as the provider does after every
   * create and update (catalog/bindings {@code AddCurrentWorkspaceBindings}); the binding resource
   * then finds it in place, and shows and repairs an unbinding done later. Adding a binding that
   * exists is harmless.
   */
  private void bindHereIfIsolated(HandlerContext ctx, CatalogSpec spec, String name) {
    if (!"ISOLATED".equals(spec.isolationMode())) {
      return;
    }
    ctx.report("catalog " + name + " isolated; binding it to workspace " + spec.workspaceId());
    bind(spec, name);
  }

  private void bind(CatalogSpec spec, String name) {
    CatalogBindingHandler.bind(
        client(spec),
        name,
        new WorkspaceBinding()
            .setWorkspaceId(Long.parseLong(spec.workspaceId()))
            .setBindingType(WorkspaceBindingBindingType.BINDING_TYPE_READ_WRITE));
  }

  @Override
  public Optional<String> dataHeld(HandlerContext ctx, String id, CatalogSpec prior) {
    List<String> schemas = new java.util.ArrayList<>();
    try {
      for (var schema :
          client(prior)
              .schemas()
              .list(
                  new com.databricks.sdk.service.catalog.ListSchemasRequest().setCatalogName(id))) {
        // information_schema is the system's; default is created with every catalog.
        if (!"information_schema".equals(schema.getName()) && !"default".equals(schema.getName())) {
          schemas.add(schema.getName());
        }
      }
    } catch (RuntimeException e) {
      if (notVisibleHere(e) || dev.deployer.account.DatabricksErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
    if (schemas.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "catalog "
            + id
            + " holds "
            + schemas.size()
            + (schemas.size() == 1 ? " schema" : " schemas")
            + " ("
            + String.join(", ", schemas.subList(0, Math.min(5, schemas.size())))
            + (schemas.size() > 5 ? ", ..." : "")
            + ")");
  }

  @Override
  public void delete(HandlerContext ctx, String id, CatalogSpec prior) {
    try {
      super.delete(ctx, id, prior);
    } catch (RuntimeException e) {
      if (!notVisibleHere(e)) {
        throw e;
      }
      // Unbound from this workspace (its binding goes first on destroy): bind it back so this
      // workspace can reach it, then delete.
      ctx.report("catalog " + id + " is not bound to this workspace; binding it to delete it");
      bind(prior, id);
      super.delete(ctx, id, prior);
    }
  }

  @Override
  public Optional<String> findExisting(HandlerContext ctx, CatalogSpec spec) {
    try {
      return super.findExisting(ctx, spec);
    } catch (RuntimeException e) {
      if (notVisibleHere(e)) {
        return Optional.of(spec.name());
      }
      throw e;
    }
  }
}
