package dev.deployer.workspace.catalog;

import dev.deployer.workspace.Checks;
import dev.deployer.workspace.WorkspaceScoped;
import java.util.Set;

/** The binding of an ISOLATED catalog to the workspace the spec addresses. */
public record CatalogBindingSpec(
    String deploymentName, String workspaceId, String catalogName, String bindingType)
    implements WorkspaceScoped {
  public static final String READ_WRITE = "BINDING_TYPE_READ_WRITE";
  private static final Set<String> TYPES = Set.of(READ_WRITE, "BINDING_TYPE_READ_ONLY");

  public CatalogBindingSpec {
    Checks.required(deploymentName, "deployment_name");
    Checks.required(workspaceId, "workspace_id");
    Checks.required(catalogName, "catalog_name");
    bindingType = bindingType == null ? READ_WRITE : bindingType;
    if (!TYPES.contains(bindingType)) {
      throw new IllegalArgumentException(
          "binding_type '" + bindingType + "' is invalid: expected one of " + TYPES);
    }
  }
}
