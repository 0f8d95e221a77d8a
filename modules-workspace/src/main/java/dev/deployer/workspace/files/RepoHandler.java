package dev.deployer.workspace.files;

import com.databricks.sdk.service.workspace.CreateRepoRequest;
import com.databricks.sdk.service.workspace.GetRepoResponse;
import com.databricks.sdk.service.workspace.ListReposRequest;
import com.databricks.sdk.service.workspace.RepoInfo;
import com.databricks.sdk.service.workspace.UpdateRepoRequest;
import dev.deployer.account.DatabricksClients;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import dev.deployer.workspace.WorkspaceObjectHandler;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * {@code databricks_repo}, id = repo id. Created, then checked out at the wanted branch or tag (the
 * create call takes neither). The API does not say which tag is checked out: a repo on a tag reads
 * back without a branch, and the recorded tag is kept.
 */
public final class RepoHandler extends WorkspaceObjectHandler<RepoSpec> {
  public static final ResourceType<RepoSpec> TYPE =
      ResourceType.of("databricks_repo", RepoSpec.class)
          .outputs("repo_id", "path", "head_commit_id")
          .replaceOnChange(WorkspaceObjectHandler.SCOPE)
          .replaceOnChange("url", "provider", "path")
          .identifiedBy("path", "url");

  public RepoHandler(DatabricksClients databricks) {
    super(databricks, TYPE);
  }

  private static Map<String, Object> outputs(long id, String path, String head) {
    return head == null
        ? Map.of("repo_id", String.valueOf(id), "path", path)
        : Map.of("repo_id", String.valueOf(id), "path", path, "head_commit_id", head);
  }

  /** The recorded spelling when the service only normalised it (provider case, path prefix). */
  private static String same(String recorded, String read) {
    if (recorded == null || read == null) {
      return read;
    }
    String a = recorded.startsWith("/Workspace/") ? recorded.substring(10) : recorded;
    return a.equalsIgnoreCase(read) ? recorded : read;
  }

  @Override
  public Optional<Observed<RepoSpec>> read(HandlerContext ctx, String id, RepoSpec prior) {
    return ifExists(() -> client(prior).repos().get(Long.parseLong(id)))
        .map(
            (GetRepoResponse r) ->
                new Observed<>(
                    new RepoSpec(
                        prior.deploymentName(),
                        prior.workspaceId(),
                        r.getUrl(),
                        same(prior.provider(), r.getProvider()),
                        same(prior.path(), r.getPath()),
                        r.getBranch(),
                        r.getBranch() == null ? prior.tag() : null),
                    outputs(r.getId(), r.getPath(), r.getHeadCommitId())));
  }

  @Override
  public Created create(HandlerContext ctx, RepoSpec spec) {
    // The service does not create the parent folder (RESOURCE_DOES_NOT_EXIST: Parent directory
    // ... does not exist; provider issue #862); mkdirs is a no-op when it is there.
    String parent = parentOf(spec.path());
    if (parent != null) {
      client(spec).workspace().mkdirs(parent);
    }
    var r =
        client(spec)
            .repos()
            .create(
                new CreateRepoRequest()
                    .setUrl(spec.url())
                    .setProvider(spec.provider())
                    .setPath(spec.path()));
    String head = r.getHeadCommitId();
    if (checkout(spec, r.getId(), r.getBranch())) {
      head = client(spec).repos().get(r.getId()).getHeadCommitId();
    }
    return new Created(String.valueOf(r.getId()), outputs(r.getId(), r.getPath(), head));
  }

  /** The folder a repo path lives in; null for a path directly under the root. */
  static String parentOf(String path) {
    String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    int i = p.lastIndexOf('/');
    return i <= 0 ? null : p.substring(0, i);
  }

  /** Checks out the spec's branch or tag when it is not what the repo has; true if it did. */
  private boolean checkout(RepoSpec spec, long id, String currentBranch) {
    UpdateRepoRequest u = new UpdateRepoRequest().setRepoId(id);
    if (spec.tag() != null) {
      u.setTag(spec.tag());
    } else if (spec.branch() != null && !spec.branch().equals(currentBranch)) {
      u.setBranch(spec.branch());
    } else {
      return false;
    }
    client(spec).repos().update(u);
    return true;
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx, String id, RepoSpec prior, RepoSpec desired) {
    long repoId = Long.parseLong(id);
    checkout(desired, repoId, prior.branch());
    GetRepoResponse r = client(desired).repos().get(repoId);
    return outputs(repoId, r.getPath(), r.getHeadCommitId());
  }

  @Override
  public void delete(HandlerContext ctx, String id, RepoSpec prior) {
    deleteIfExists(() -> client(prior).repos().delete(Long.parseLong(id)));
  }

  @Override
  public Optional<String> findExisting(HandlerContext ctx, RepoSpec spec) {
    // A path holds one repo: one there with our URL is ours.
    return StreamSupport.stream(
            client(spec)
                .repos()
                .list(new ListReposRequest().setPathPrefix(spec.path()))
                .spliterator(),
            false)
        .filter(r -> same(spec.path(), r.getPath()).equals(spec.path()))
        .filter(r -> spec.url().equals(r.getUrl()))
        .map(RepoInfo::getId)
        .map(String::valueOf)
        .findFirst();
  }
}
