package dev.deployer.workspace.catalog;

import com.databricks.sdk.service.catalog.GetGrantRequest;
import com.databricks.sdk.service.catalog.PermissionsChange;
import com.databricks.sdk.service.catalog.Privilege;
import com.databricks.sdk.service.catalog.PrivilegeAssignment;
import com.databricks.sdk.service.catalog.UpdatePermissions;
import dev.deployer.account.DatabricksClients;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.workspace.WorkspaceObjectHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code databricks_grants}, id {@code <type>/<name>}. Changes are PATCHes of add/remove lists
 * computed from the difference between what is recorded (or read) and what is wanted, so grants
 * other tools made to other principals are left alone; destroy removes what this resource gave.
 */
public final class GrantsHandler extends WorkspaceObjectHandler<GrantsSpec> {
  public static final String TYPE = "databricks_grants";

  public GrantsHandler(DatabricksClients databricks) {
    super(databricks);
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Class<GrantsSpec> specClass() {
    return GrantsSpec.class;
  }

  @Override
  public Set<String> outputNames() {
    return Set.of();
  }

  @Override
  protected Set<String> immutableFields() {
    return Set.of("securable_type", "securable_name");
  }

  @Override
  public Optional<Observed<GrantsSpec>> read(HandlerContext ctx, String id, GrantsSpec prior) {
    return ifExists(
            () ->
                client(prior)
                    .grants()
                    .get(
                        new GetGrantRequest()
                            .setSecurableType(prior.securableType())
                            .setFullName(prior.securableName())))
        .map(
            resp -> {
              Map<String, List<String>> seen = new TreeMap<>();
              if (resp.getPrivilegeAssignments() != null) {
                for (PrivilegeAssignment a : resp.getPrivilegeAssignments()) {
                  // Only the principals this resource manages; others belong to someone else.
                  if (prior.privileges().containsKey(a.getPrincipal())
                      && a.getPrivileges() != null) {
                    seen.put(a.getPrincipal(), a.getPrivileges().stream().map(Enum::name).toList());
                  }
                }
              }
              return new Observed<>(
                  new GrantsSpec(
                      prior.deploymentName(),
                      prior.workspaceId(),
                      prior.securableType(),
                      prior.securableName(),
                      seen),
                  Map.of());
            });
  }

  /** The PATCH changes that turn {@code from} into {@code to}; pure, for tests. */
  static List<PermissionsChange> changes(
      Map<String, List<String>> from, Map<String, List<String>> to) {
    Set<String> principals = new TreeSet<>(from.keySet());
    principals.addAll(to.keySet());
    List<PermissionsChange> out = new ArrayList<>();
    for (String p : principals) {
      Set<String> before = new TreeSet<>(from.getOrDefault(p, List.of()));
      Set<String> after = new TreeSet<>(to.getOrDefault(p, List.of()));
      List<Privilege> add =
          after.stream().filter(x -> !before.contains(x)).map(Privilege::valueOf).toList();
      List<Privilege> remove =
          before.stream().filter(x -> !after.contains(x)).map(Privilege::valueOf).toList();
      if (!add.isEmpty() || !remove.isEmpty()) {
        PermissionsChange c = new PermissionsChange().setPrincipal(p);
        if (!add.isEmpty()) {
          c.setAdd(add);
        }
        if (!remove.isEmpty()) {
          c.setRemove(remove);
        }
        out.add(c);
      }
    }
    return out;
  }

  private void patch(GrantsSpec target, List<PermissionsChange> changes) {
    if (changes.isEmpty()) {
      return;
    }
    client(target)
        .grants()
        .update(
            new UpdatePermissions()
                .setSecurableType(target.securableType())
                .setFullName(target.securableName())
                .setChanges(changes));
  }

  static String id(GrantsSpec s) {
    return s.securableType() + "/" + s.securableName();
  }

  @Override
  public Created create(HandlerContext ctx, GrantsSpec spec) {
    patch(spec, changes(Map.of(), spec.privileges()));
    return new Created(id(spec), Map.of());
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx, String id, GrantsSpec prior, GrantsSpec desired) {
    patch(desired, changes(prior.privileges(), desired.privileges()));
    return Map.of();
  }

  @Override
  public void delete(HandlerContext ctx, String id, GrantsSpec prior) {
    deleteIfExists(() -> patch(prior, changes(prior.privileges(), Map.of())));
  }
}
