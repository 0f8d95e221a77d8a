package dev.deployer.account.assignment;

import java.util.Objects;

/** The Unity Catalog metastore assigned to a workspace, and the workspace's default catalog. */
public record MetastoreAssignmentSpec(
    String workspaceId, String metastoreId, String defaultCatalogName) {
  public MetastoreAssignmentSpec {
    Objects.requireNonNull(workspaceId, "workspaceId");
    Objects.requireNonNull(metastoreId, "metastoreId");
  }
}
