package dev.deployer.workspace.files;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.workspace.ExportFormat;
import com.databricks.sdk.service.workspace.ExportRequest;
import com.databricks.sdk.service.workspace.Import;
import com.databricks.sdk.service.workspace.ImportFormat;
import com.databricks.sdk.service.workspace.Language;
import com.databricks.sdk.service.workspace.ObjectInfo;
import com.databricks.sdk.service.workspace.ObjectType;
import dev.deployer.account.DatabricksClients;
import dev.deployer.core.DeployerException;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import dev.deployer.workspace.WorkspaceObjectHandler;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * {@code databricks_notebook}, id = workspace path. Import (base64, overwrite) after creating the
 * parent folders; read is get-status plus an export whose fingerprint is compared with the recorded
 * one, so an edit made in the workspace shows as drift.
 */
public final class NotebookHandler extends WorkspaceObjectHandler<NotebookSpec> {
  public static final ResourceType<NotebookSpec> TYPE =
      ResourceType.of("databricks_notebook", NotebookSpec.class)
          .outputs("path", "object_id")
          .replaceOnChange(WorkspaceObjectHandler.SCOPE)
          .replaceOnChange("path")
          .identifiedBy("path");

  public NotebookHandler(DatabricksClients databricks) {
    super(databricks, TYPE);
  }

  private static Map<String, Object> outputs(ObjectInfo o) {
    return Map.of("path", o.getPath(), "object_id", String.valueOf(o.getObjectId()));
  }

  @Override
  public Optional<Observed<NotebookSpec>> read(HandlerContext ctx, String id, NotebookSpec prior) {
    WorkspaceClient ws = client(prior);
    Optional<ObjectInfo> status = ifExists(() -> ws.workspace().getStatus(id));
    if (status.isEmpty() || status.get().getObjectType() != ObjectType.NOTEBOOK) {
      return Optional.empty();
    }
    ObjectInfo o = status.get();
    String content =
        ws.workspace()
            .export(new ExportRequest().setPath(id).setFormat(ExportFormat.valueOf(prior.format())))
            .getContent();
    String hash =
        NotebookContent.sha256(Base64.getDecoder().decode(content == null ? "" : content));
    return Optional.of(
        new Observed<>(
            new NotebookSpec(
                prior.deploymentName(),
                prior.workspaceId(),
                prior.path(),
                o.getLanguage() == null ? prior.language() : o.getLanguage().name(),
                prior.format(),
                prior.source(),
                hash,
                null), // what the workspace holds: no config directory
            outputs(o)));
  }

  private ObjectInfo upload(NotebookSpec spec) {
    byte[] content = NotebookContent.read(spec.sourceFile());
    String now = NotebookContent.sha256(content);
    if (!now.equals(spec.contentSha256())) {
      throw new DeployerException(
          "notebook source "
              + spec.sourceFile()
              + " changed since the plan was made; plan again to import the current content.");
    }
    WorkspaceClient ws = client(spec);
    int cut = spec.path().lastIndexOf('/');
    if (cut > 0) {
      ws.workspace().mkdirs(spec.path().substring(0, cut));
    }
    ws.workspace()
        .importContent(
            new Import()
                .setPath(spec.path())
                .setFormat(ImportFormat.valueOf(spec.format()))
                .setLanguage(Language.valueOf(spec.language()))
                .setContent(Base64.getEncoder().encodeToString(content))
                .setOverwrite(true));
    return ws.workspace().getStatus(spec.path());
  }

  @Override
  public Created create(HandlerContext ctx, NotebookSpec spec) {
    return new Created(spec.path(), outputs(upload(spec)));
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx, String id, NotebookSpec prior, NotebookSpec desired) {
    return outputs(upload(desired));
  }

  @Override
  public void delete(HandlerContext ctx, String id, NotebookSpec prior) {
    deleteIfExists(
        () ->
            client(prior)
                .workspace()
                .delete(
                    new com.databricks.sdk.service.workspace.Delete()
                        .setPath(id)
                        .setRecursive(false)));
  }

  @Override
  public Optional<String> findExisting(HandlerContext ctx, NotebookSpec spec) {
    // Importing again with overwrite is harmless, and the path is ours by config.
    return ifExists(() -> client(spec).workspace().getStatus(spec.path()))
        .filter(o -> o.getObjectType() == ObjectType.NOTEBOOK)
        .map(o -> spec.path());
  }
}
