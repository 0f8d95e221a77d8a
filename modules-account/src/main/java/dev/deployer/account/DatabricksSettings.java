package dev.deployer.account;

import java.util.Objects;
import java.util.Optional;

/**
 * Where and as whom to call Databricks. Real runs use the SDK's unified auth (OAuth M2M, PAT,
 * {@code ~/.databrickscfg} profiles, {@code DATABRICKS_*} variables); the sandbox uses a fixed fake
 * token and resolves {@code *.localhost} workspace hosts to loopback.
 */
public record DatabricksSettings(
    String accountHost,
    String accountId,
    String workspaceHostTemplate,
    Optional<String> profile,
    boolean sandbox) {

  public static final String SANDBOX_TOKEN = "dapi-sandbox-not-a-secret";

  public DatabricksSettings {
    Objects.requireNonNull(accountHost, "accountHost");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(workspaceHostTemplate, "workspaceHostTemplate");
    profile = profile == null ? Optional.empty() : profile;
  }

  /** The workspace host for a deployment name, from the template. */
  public String workspaceHost(String deploymentName) {
    return workspaceHostTemplate.replace("{deployment}", deploymentName);
  }
}
