package dev.deployer.workspace;

import dev.deployer.core.model.Ref;
import dev.deployer.core.model.Resolver;
import dev.deployer.core.model.Resource;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.spi.ResourceType;
import java.util.List;
import java.util.Objects;

/**
 * Declares the objects of one workspace: every workspace object's spec starts with the workspace's
 * deployment name and id ({@link WorkspaceScoped}), known only once the workspace exists; they are
 * resolved here once instead of in each spec function.
 */
public final class WorkspaceObjects {
  /** A workspace object's spec, given the resolver and the workspace it belongs to. */
  @FunctionalInterface
  public interface Spec<S> {
    S of(Resolver r, String deploymentName, String workspaceId);
  }

  private final StackBuilder b;
  private final Ref deploymentName;
  private final Ref workspaceId;

  public WorkspaceObjects(StackBuilder b, Ref deploymentName, Ref workspaceId) {
    this.b = Objects.requireNonNull(b, "b");
    this.deploymentName = Objects.requireNonNull(deploymentName, "deploymentName");
    this.workspaceId = Objects.requireNonNull(workspaceId, "workspaceId");
  }

  /** What every module's inputs require: the refs naming the workspace its objects belong to. */
  public static void requireWorkspace(Ref deploymentName, Ref workspaceId) {
    Objects.requireNonNull(deploymentName, "deploymentName");
    Objects.requireNonNull(workspaceId, "workspaceId");
  }

  /** A configured list as module inputs keep it: a copy, empty when none is configured. */
  public static <T> List<T> copyOrEmpty(List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }

  /** {@link StackBuilder#add}, with the spec built for this workspace. */
  public <S> Resource<S> add(String address, ResourceType<S> type, Spec<S> spec) {
    return b.add(address, type, r -> spec.of(r, r.get(deploymentName), r.get(workspaceId)));
  }
}
