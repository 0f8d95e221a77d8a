package dev.deployer.workspace.files;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.deployer.workspace.Checks;
import dev.deployer.workspace.WorkspaceScoped;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A notebook imported from a local file. The spec holds the content's fingerprint, not the content:
 * a changed file is an update, and the file is read again when the update runs.
 *
 * @param source the local file relative to {@code sourceDir}, '/' separated: what state records, so
 *     a checkout moved elsewhere plans no change (older states hold an absolute path)
 * @param contentSha256 {@link NotebookContent#sha256} of the file when the plan was made
 * @param sourceDir the config directory of this run; not stored (null in a spec read from state)
 */
public record NotebookSpec(
    String deploymentName,
    String workspaceId,
    String path,
    String language,
    String format,
    String source,
    String contentSha256,
    @JsonIgnore Path sourceDir)
    implements WorkspaceScoped {
  private static final Pattern PATH = Pattern.compile("/(Workspace/)?(Users|Shared|Repos)/.+");
  private static final Set<String> LANGUAGES = Set.of("PYTHON", "SQL", "SCALA", "R");
  private static final Set<String> FORMATS = Set.of("SOURCE", "JUPYTER");

  public NotebookSpec {
    Checks.required(deploymentName, "deployment_name");
    Checks.required(workspaceId, "workspace_id");
    Checks.matches(path, PATH, "path", "expected an absolute path under /Users, /Shared or /Repos");
    format = format == null ? "SOURCE" : format;
    if (!LANGUAGES.contains(language)) {
      throw new IllegalArgumentException(
          "notebook " + path + ": language '" + language + "' is not one of " + LANGUAGES);
    }
    if (!FORMATS.contains(format)) {
      throw new IllegalArgumentException(
          "notebook " + path + ": format '" + format + "' is not one of " + FORMATS);
    }
    Checks.required(source, "source");
    Checks.required(contentSha256, "content_sha256");
  }

  /** The file to read: {@code source} under the run's config directory. */
  public Path sourceFile() {
    Path p = Path.of(source);
    return sourceDir == null || p.isAbsolute() ? p : sourceDir.resolve(p);
  }
}
