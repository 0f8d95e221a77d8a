package dev.deployer.workspace.grants;

import com.databricks.sdk.service.catalog.GetGrantRequest;
import com.databricks.sdk.service.catalog.GetPermissionsResponse;
import com.databricks.sdk.service.catalog.PermissionsChange;
import com.databricks.sdk.service.catalog.Privilege;
import com.databricks.sdk.service.catalog.PrivilegeAssignment;
import com.databricks.sdk.service.catalog.UpdatePermissions;
import dev.deployer.account.DatabricksClients;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import dev.deployer.workspace.AttachmentHandler;
import dev.deployer.workspace.WorkspaceObjectHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code databricks_grants} for one principal on one securable. Changes are sent as the difference
 * (PATCH add/remove), so grants others made to other principals are left alone. A new securable
 * name changes in place: after a catalog's rename the grants are already on the new name (the old
 * one answers 404); a grant pointed at another securable leaves the old one.
 */
public final class GrantsHandler extends AttachmentHandler<GrantsSpec> {
  public static final ResourceType<GrantsSpec> TYPE =
      ResourceType.of("databricks_grants", GrantsSpec.class)
          .replaceOnChange(WorkspaceObjectHandler.SCOPE)
          .replaceOnChange("securable_type", "principal");

  public GrantsHandler(DatabricksClients databricks) {
    super(databricks, TYPE);
  }

  @Override
  protected String id(GrantsSpec s) {
    return s.securableType() + "/" + s.fullName() + "/" + s.principal();
  }

  @Override
  public Optional<Observed<GrantsSpec>> read(HandlerContext ctx, String id, GrantsSpec prior) {
    return principalsGrants(prior)
        .map(
            r -> {
              List<String> held = new ArrayList<>();
              if (r.getPrivilegeAssignments() != null) {
                for (PrivilegeAssignment a : r.getPrivilegeAssignments()) {
                  if (prior.principal().equals(a.getPrincipal()) && a.getPrivileges() != null) {
                    a.getPrivileges().forEach(p -> held.add(p.name()));
                  }
                }
              }
              return new Observed<>(
                  new GrantsSpec(
                      prior.deploymentName(),
                      prior.workspaceId(),
                      prior.securableType(),
                      prior.fullName(),
                      prior.principal(),
                      held),
                  Map.of());
            });
  }

  private void change(GrantsSpec target, List<String> add, List<String> remove) {
    if (add.isEmpty() && remove.isEmpty()) {
      return;
    }
    client(target)
        .grants()
        .update(
            new UpdatePermissions()
                .setSecurableType(target.securableType())
                .setFullName(target.fullName())
                .setChanges(
                    List.of(
                        new PermissionsChange()
                            .setPrincipal(target.principal())
                            .setAdd(add.stream().map(Privilege::valueOf).toList())
                            .setRemove(remove.stream().map(Privilege::valueOf).toList()))));
  }

  @Override
  protected String securable(GrantsSpec s) {
    return s.fullName();
  }

  @Override
  protected void attach(GrantsSpec spec) {
    change(spec, spec.privileges(), List.of());
  }

  @Override
  protected void change(GrantsSpec prior, GrantsSpec desired) {
    Set<String> add = new TreeSet<>(desired.privileges());
    add.removeAll(prior.privileges());
    Set<String> remove = new TreeSet<>(prior.privileges());
    remove.removeAll(desired.privileges());
    change(desired, List.copyOf(add), List.copyOf(remove));
  }

  @Override
  protected boolean stillAttached(HandlerContext ctx, String id, GrantsSpec prior) {
    return principalsGrants(prior).isPresent();
  }

  @Override
  protected void detach(HandlerContext ctx, String id, GrantsSpec prior) {
    change(prior, List.of(), prior.privileges());
  }

  /** The principal's grants on the securable; empty when the securable does not exist. */
  private Optional<GetPermissionsResponse> principalsGrants(GrantsSpec s) {
    GetGrantRequest req =
        new GetGrantRequest()
            .setSecurableType(s.securableType())
            .setFullName(s.fullName())
            .setPrincipal(s.principal());
    return ifExists(() -> client(s).grants().get(req));
  }

  @Override
  public void delete(HandlerContext ctx, String id, GrantsSpec prior) {
    deleteIfExists(() -> change(prior, List.of(), prior.privileges()));
  }
}
