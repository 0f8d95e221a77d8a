package dev.deployer.workspace.catalog;

import dev.deployer.workspace.Checks;
import java.util.regex.Pattern;

/**
 * A Unity Catalog storage credential for an IAM role. The name is fixed for life; the role, comment
 * and read-only flag change in place.
 */
public record StorageCredentialSpec(
    String deploymentName,
    String workspaceId,
    String name,
    String roleArn,
    String comment,
    boolean readOnly)
    implements SecurableHandler.Securable {
  private static final Pattern ROLE_ARN =
      Pattern.compile("arn:aws(-[a-z]+)*:iam::\\d{12}:role/[\\w+=,.@/-]+");

  public StorageCredentialSpec {
    Checks.required(deploymentName, "deployment_name");
    Checks.required(workspaceId, "workspace_id");
    Checks.required(name, "name");
    Checks.matches(roleArn, ROLE_ARN, "role_arn", "expected arn:aws:iam::<12 digits>:role/<name>");
  }
}
