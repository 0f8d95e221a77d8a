package dev.deployer.workspace.catalog;

import dev.deployer.workspace.Checks;
import dev.deployer.workspace.WorkspaceScoped;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The privileges given to some principals on one securable. Authoritative for the principals it
 * names (their privileges are exactly these), silent about every other principal.
 *
 * @param securableType e.g. {@code catalog}
 * @param privileges principal -> privileges (sorted, upper case)
 */
public record GrantsSpec(
    String deploymentName,
    String workspaceId,
    String securableType,
    String securableName,
    Map<String, List<String>> privileges)
    implements WorkspaceScoped {

  public GrantsSpec {
    Checks.required(deploymentName, "deployment_name");
    Checks.required(workspaceId, "workspace_id");
    securableType = Checks.required(securableType, "securable_type").toLowerCase(Locale.ROOT);
    Checks.required(securableName, "securable_name");
    Map<String, List<String>> sorted = new TreeMap<>();
    if (privileges != null) {
      privileges.forEach(
          (principal, privs) -> {
            Checks.required(principal, "principal");
            TreeSet<String> set = new TreeSet<>();
            privs.forEach(p -> set.add(p.toUpperCase(Locale.ROOT).replace(' ', '_')));
            if (!set.isEmpty()) {
              sorted.put(principal, List.copyOf(set));
            }
          });
    }
    privileges = Map.copyOf(sorted);
  }
}
