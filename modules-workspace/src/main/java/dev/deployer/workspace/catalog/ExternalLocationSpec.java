package dev.deployer.workspace.catalog;

import dev.deployer.workspace.Checks;
import java.util.regex.Pattern;

/** A Unity Catalog external location: an S3 prefix reached through a storage credential. */
public record ExternalLocationSpec(
    String deploymentName,
    String workspaceId,
    String name,
    String url,
    String credentialName,
    String comment,
    boolean readOnly)
    implements SecurableHandler.Securable {
  private static final Pattern URL = Pattern.compile("s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?");

  public ExternalLocationSpec {
    Checks.required(deploymentName, "deployment_name");
    Checks.required(workspaceId, "workspace_id");
    Checks.required(name, "name");
    Checks.matches(url, URL, "url", "expected s3://<bucket>/<path>");
    Checks.required(credentialName, "credential_name");
  }
}
