package dev.deployer.workspace.files;

import dev.deployer.workspace.Checks;
import dev.deployer.workspace.WorkspaceScoped;
import java.util.regex.Pattern;

/**
 * A Git folder. URL, provider and path are fixed for life; the branch or tag (at most one) is
 * checked out in place.
 */
public record RepoSpec(
    String deploymentName,
    String workspaceId,
    String url,
    String provider,
    String path,
    String branch,
    String tag)
    implements WorkspaceScoped {
  private static final Pattern URL = Pattern.compile("(https?|ssh|git)://.+|git@.+");
  private static final Pattern PATH = Pattern.compile("/(Workspace/)?(Repos|Users|Shared)/.+");

  public RepoSpec {
    Checks.required(deploymentName, "deployment_name");
    Checks.required(workspaceId, "workspace_id");
    Checks.matches(url, URL, "url", "expected an http(s), ssh or git URL");
    Checks.required(provider, "provider");
    Checks.matches(path, PATH, "path", "expected an absolute path under /Repos, /Users or /Shared");
    if (branch != null && tag != null) {
      throw new IllegalArgumentException("repo " + path + ": give a branch or a tag, not both");
    }
  }
}
