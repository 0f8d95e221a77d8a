package dev.deployer.workspace.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.workspace.Checks;
import dev.deployer.workspace.WorkspaceScoped;

/** A cluster policy: its name and its definition, a JSON object of attribute rules. */
public record ClusterPolicySpec(
    String deploymentName, String workspaceId, String name, JsonNode definition, String description)
    implements WorkspaceScoped {
  public ClusterPolicySpec {
    Checks.required(name, "name");
    if (definition == null || !definition.isObject()) {
      throw new IllegalArgumentException("a cluster policy definition must be a JSON object");
    }
  }
}
