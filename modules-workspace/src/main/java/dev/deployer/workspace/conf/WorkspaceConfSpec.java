package dev.deployer.workspace.conf;

import dev.deployer.workspace.WorkspaceScoped;
import java.util.Map;
import java.util.TreeMap;

/**
 * Workspace settings (a flat map of strings) that this stack manages; other keys are left alone.
 */
public record WorkspaceConfSpec(
    String deploymentName, String workspaceId, Map<String, String> settings)
    implements WorkspaceScoped {
  public WorkspaceConfSpec {
    settings = java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
  }

  /** RESOURCES.md 4.3: the hardening defaults, before overrides. */
  public static Map<String, String> defaults() {
    Map<String, String> m = new TreeMap<>();
    for (String k :
        new String[] {
          "enableResultsDownloading",
          "enableNotebookTableClipboard",
          "enableWebTerminal",
          "enableDbfsFileBrowser"
        }) {
      m.put(k, "false");
    }
    for (String k :
        new String[] {
          "enableVerboseAuditLogs",
          "enable-X-Frame-Options",
          "enable-X-Content-Type-Options",
          "enable-X-XSS-Protection",
          "enforceUserIsolation",
          "enableNotebookGitVersioning"
        }) {
      m.put(k, "true");
    }
    return m;
  }
}
