package dev.deployer.workspace;

import dev.deployer.core.model.Ref;
import dev.deployer.core.model.Resource;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.workspace.files.NotebookContent;
import dev.deployer.workspace.files.NotebookHandler;
import dev.deployer.workspace.files.NotebookSpec;
import dev.deployer.workspace.files.RepoHandler;
import dev.deployer.workspace.files.RepoSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Environment extras inside the workspace (RESOURCES.md 4.4): Git folders and notebooks imported
 * from files beside the environment config. Each starts after the metastore assignment. Addresses:
 * {@code <module>.repo["<path>"]} and {@code <module>.notebook["<path>"]}.
 */
public final class WorkspaceFilesModule {
  /** One Git folder; give a branch or a tag (or neither, for the default branch). */
  public record Repo(String url, String provider, String path, String branch, String tag) {
    public Repo {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(path, "path");
    }
  }

  /**
   * One notebook.
   *
   * @param file relative to {@link Inputs#notebookBaseDir()}, inside it (the config's validation
   *     refuses an absolute path or one leading out of it)
   * @param language PYTHON, SQL, SCALA or R
   * @param format SOURCE (default) or JUPYTER
   */
  public record Notebook(String path, String file, String language, String format) {
    public Notebook {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(language, "language");
    }
  }

  public record Inputs(
      Ref deploymentName,
      Ref workspaceId,
      Resource<?> metastoreAssignment,
      List<Repo> repos,
      List<Notebook> notebooks,
      Path notebookBaseDir) {
    public Inputs {
      WorkspaceObjects.requireWorkspace(deploymentName, workspaceId);
      Objects.requireNonNull(metastoreAssignment, "metastoreAssignment");
      repos = WorkspaceObjects.copyOrEmpty(repos);
      notebooks = WorkspaceObjects.copyOrEmpty(notebooks);
      notebookBaseDir = notebookBaseDir == null ? Path.of(".") : notebookBaseDir;
    }
  }

  /** The declared resources, by workspace path. */
  public record Outputs(
      Map<String, Resource<RepoSpec>> repos, Map<String, Resource<NotebookSpec>> notebooks) {}

  private WorkspaceFilesModule() {}

  public static Outputs declare(StackBuilder b, String module, Inputs in) {
    WorkspaceObjects objects = new WorkspaceObjects(b, in.deploymentName(), in.workspaceId());
    Map<String, Resource<RepoSpec>> repos = new LinkedHashMap<>();
    for (Repo repo : in.repos()) {
      repos.put(
          repo.path(),
          objects.add(
              module + ".repo[\"" + repo.path() + "\"]",
              RepoHandler.TYPE,
              (r, deployment, workspace) -> {
                r.after(in.metastoreAssignment());
                return new RepoSpec(
                    deployment,
                    workspace,
                    repo.url(),
                    repo.provider(),
                    repo.path(),
                    repo.branch(),
                    repo.tag());
              }));
    }
    Map<String, Resource<NotebookSpec>> notebooks = new LinkedHashMap<>();
    for (Notebook nb : in.notebooks()) {
      Path base = in.notebookBaseDir().toAbsolutePath().normalize();
      Path file = base.resolve(nb.file()).normalize();
      // State records the path relative to the config directory, so a moved checkout plans no
      // change (the config's validation keeps the file inside that directory).
      String relative =
          file.startsWith(base)
              ? base.relativize(file).toString().replace(java.io.File.separatorChar, '/')
              : file.toString();
      // Hashed once, when the stack is declared: the plan compares it with the workspace copy.
      String sha = NotebookContent.sha256(file);
      notebooks.put(
          nb.path(),
          objects.add(
              module + ".notebook[\"" + nb.path() + "\"]",
              NotebookHandler.TYPE,
              (r, deployment, workspace) -> {
                r.after(in.metastoreAssignment());
                return new NotebookSpec(
                    deployment,
                    workspace,
                    nb.path(),
                    nb.language().toUpperCase(Locale.ROOT),
                    nb.format() == null ? "SOURCE" : nb.format().toUpperCase(Locale.ROOT),
                    relative,
                    sha,
                    base);
              }));
    }
    return new Outputs(Map.copyOf(repos), Map.copyOf(notebooks));
  }
}
