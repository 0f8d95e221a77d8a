package dev.deployer.account;

import java.util.Objects;
import java.util.Optional;

/**
 * Where and as whom to call Databricks. Real runs use the SDK's unified auth (OAuth M2M, PAT,
 * {@code ~/.databrickscfg} profiles, {@code DATABRICKS_*} variables); the sandbox uses OAuth M2M
 * with a fixed client of the emulator and resolves {@code *.localhost} workspace hosts to loopback.
 */
public record DatabricksSettings(
    String accountHost,
    String accountId,
    String workspaceHostTemplate,
    Optional<String> profile,
    boolean sandbox) {

  /** The sandbox's OAuth client: the emulator's seeded "ci-deployer" service principal. */
  public static final String SANDBOX_CLIENT_ID = "6f1e2d3c-4b5a-4968-8776-655443322110";

  /** Known to the emulator; not a secret. */
  public static final String SANDBOX_CLIENT_SECRET = "sandbox-oauth-not-a-secret";

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
