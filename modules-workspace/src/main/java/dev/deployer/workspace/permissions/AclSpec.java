package dev.deployer.workspace.permissions;

import dev.deployer.workspace.Checks;
import dev.deployer.workspace.WorkspaceScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The entries this stack grants on one workspace object's access control list. Entries others
 * granted are not part of it and are left alone.
 *
 * @param objectType the permissions API's path segment: {@code clusters} or {@code
 *     cluster-policies}
 */
public record AclSpec(
    String deploymentName,
    String workspaceId,
    String objectType,
    String objectId,
    List<Entry> entries)
    implements WorkspaceScoped {
  public static final Set<String> OBJECT_TYPES = Set.of("clusters", "cluster-policies");

  /** One principal's level; {@code kind} is user, group or service_principal. */
  public record Entry(String kind, String principal, String permissionLevel) {
    public Entry {
      Checks.required(principal, "principal");
      Checks.required(permissionLevel, "permission_level");
      if (!Set.of("user", "group", "service_principal").contains(kind)) {
        throw new IllegalArgumentException(
            "kind '" + kind + "' of " + principal + " must be user, group or service_principal");
      }
    }

    String key() {
      return kind + ":" + principal;
    }
  }

  public AclSpec {
    if (!OBJECT_TYPES.contains(objectType)) {
      throw new IllegalArgumentException("object_type must be one of " + OBJECT_TYPES);
    }
    Checks.required(objectId, "object_id");
    entries = entries.stream().sorted(Comparator.comparing(Entry::key)).toList();
  }
}
