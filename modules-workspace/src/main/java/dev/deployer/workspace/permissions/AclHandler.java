package dev.deployer.workspace.permissions;

import com.databricks.sdk.service.iam.AccessControlRequest;
import com.databricks.sdk.service.iam.AccessControlResponse;
import com.databricks.sdk.service.iam.ObjectPermissions;
import com.databricks.sdk.service.iam.Permission;
import com.databricks.sdk.service.iam.PermissionLevel;
import com.databricks.sdk.service.iam.SetObjectPermissions;
import dev.deployer.account.DatabricksClients;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import dev.deployer.workspace.WorkspaceObjectHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code databricks_permissions} for the entries this stack grants. The permissions API's PUT
 * replaces an object's whole direct ACL and its PATCH cannot remove an entry (provider
 * permissions/resource_permissions.go), so every change is read-modify-write: read the ACL, keep
 * the direct entries of principals this stack does not manage, put this stack's entries beside
 * them, PUT the result. Destroy PUTs the others' entries alone. Inherited entries (the {@code
 * admins} group's CAN_MANAGE) are never sent: the service keeps them.
 */
public final class AclHandler extends WorkspaceObjectHandler<AclSpec> {
  public static final ResourceType<AclSpec> TYPE =
      ResourceType.of("databricks_permissions", AclSpec.class)
          .replaceOnChange(WorkspaceObjectHandler.SCOPE)
          .replaceOnChange("object_type", "object_id");

  public AclHandler(DatabricksClients databricks) {
    super(databricks, TYPE);
  }

  private static String key(AccessControlResponse r) {
    if (r.getUserName() != null) {
      return "user:" + r.getUserName();
    }
    if (r.getGroupName() != null) {
      return "group:" + r.getGroupName();
    }
    return "service_principal:" + r.getServicePrincipalName();
  }

  /** Direct (not inherited) levels by principal key. */
  private Map<String, String> direct(AclSpec spec) {
    ObjectPermissions p = client(spec).permissions().get(spec.objectType(), spec.objectId());
    Map<String, String> out = new LinkedHashMap<>();
    if (p.getAccessControlList() != null) {
      for (AccessControlResponse r : p.getAccessControlList()) {
        if (r.getAllPermissions() == null) {
          continue;
        }
        for (Permission perm : r.getAllPermissions()) {
          if (!Boolean.TRUE.equals(perm.getInherited()) && perm.getPermissionLevel() != null) {
            out.put(key(r), perm.getPermissionLevel().name());
          }
        }
      }
    }
    return out;
  }

  @Override
  public Optional<Observed<AclSpec>> read(HandlerContext ctx, String id, AclSpec prior) {
    return ifExists(() -> direct(prior))
        .map(
            now -> {
              List<AclSpec.Entry> held = new ArrayList<>();
              for (AclSpec.Entry e : prior.entries()) {
                String level = now.get(e.key());
                if (level != null) {
                  held.add(new AclSpec.Entry(e.kind(), e.principal(), level));
                }
              }
              return new Observed<>(
                  new AclSpec(
                      prior.deploymentName(),
                      prior.workspaceId(),
                      prior.objectType(),
                      prior.objectId(),
                      held),
                  Map.of());
            });
  }

  private static AccessControlRequest request(String key, String level) {
    String[] kv = key.split(":", 2);
    AccessControlRequest r =
        new AccessControlRequest().setPermissionLevel(PermissionLevel.valueOf(level));
    return switch (kv[0]) {
      case "user" -> r.setUserName(kv[1]);
      case "group" -> r.setGroupName(kv[1]);
      default -> r.setServicePrincipalName(kv[1]);
    };
  }

  /** PUTs the others' entries with {@code ours}, dropping what {@code managed} named before. */
  private void put(AclSpec target, Set<String> managed, List<AclSpec.Entry> ours) {
    Map<String, String> acl = direct(target);
    acl.keySet().removeAll(managed);
    ours.forEach(e -> acl.put(e.key(), e.permissionLevel()));
    List<AccessControlRequest> list = new ArrayList<>();
    acl.forEach((k, level) -> list.add(request(k, level)));
    client(target)
        .permissions()
        .set(
            new SetObjectPermissions()
                .setRequestObjectType(target.objectType())
                .setRequestObjectId(target.objectId())
                .setAccessControlList(list));
  }

  private static Set<String> keys(AclSpec s) {
    return s.entries().stream().map(AclSpec.Entry::key).collect(Collectors.toSet());
  }

  @Override
  public Created create(HandlerContext ctx, AclSpec spec) {
    put(spec, keys(spec), spec.entries());
    return new Created(spec.objectType() + "/" + spec.objectId(), Map.of());
  }

  @Override
  public Map<String, Object> update(HandlerContext ctx, String id, AclSpec prior, AclSpec desired) {
    Set<String> managed = keys(prior);
    managed.addAll(keys(desired));
    put(desired, managed, desired.entries());
    return Map.of();
  }

  @Override
  public void delete(HandlerContext ctx, String id, AclSpec prior) {
    ifExists(
        () -> {
          put(prior, keys(prior), List.of());
          return Boolean.TRUE;
        });
  }
}
