package dev.deployer.workspace.catalog;

import dev.deployer.workspace.Checks;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A Unity Catalog catalog with its own storage root. The storage root is fixed for life; the name
 * (a rename), comment, properties, owner and isolation mode change in place. A null owner leaves
 * the owner to Databricks (the creator).
 */
public record CatalogSpec(
    String deploymentName,
    String workspaceId,
    String name,
    String storageRoot,
    String isolationMode,
    String comment,
    Map<String, String> properties,
    String owner)
    implements SecurableHandler.Securable {
  private static final Pattern NAME = Pattern.compile("[a-z0-9_][a-z0-9_-]*");
  private static final Set<String> MODES = Set.of("OPEN", "ISOLATED");

  public CatalogSpec {
    Checks.required(deploymentName, "deployment_name");
    Checks.required(workspaceId, "workspace_id");
    Checks.matches(name, NAME, "name", "lower-case letters, digits, _ and -");
    Checks.required(storageRoot, "storage_root");
    isolationMode = isolationMode == null ? "OPEN" : isolationMode;
    if (!MODES.contains(isolationMode)) {
      throw new IllegalArgumentException(
          "isolation_mode '" + isolationMode + "' is invalid: expected one of " + MODES);
    }
    properties = properties == null ? Map.of() : Map.copyOf(new TreeMap<>(properties));
  }
}
