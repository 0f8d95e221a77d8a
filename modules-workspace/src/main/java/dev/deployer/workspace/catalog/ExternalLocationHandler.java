package dev.deployer.workspace.catalog;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.catalog.CreateExternalLocation;
import com.databricks.sdk.service.catalog.ExternalLocationInfo;
import com.databricks.sdk.service.catalog.UpdateExternalLocation;
import dev.deployer.account.DatabricksClients;
import dev.deployer.account.IamPropagation;
import dev.deployer.core.diff.Diff;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import dev.deployer.workspace.WorkspaceObjectHandler;
import java.time.Duration;
import java.util.Map;

/**
 * {@code databricks_external_location}, id = name. Everything but the name changes in place.
 * Databricks validates the location through its credential's role, so a role created moments ago
 * can hit the IAM propagation race here too: create and update wait it out.
 */
public final class ExternalLocationHandler
    extends SecurableHandler<ExternalLocationSpec, ExternalLocationInfo> {
  public static final ResourceType<ExternalLocationSpec> TYPE =
      ResourceType.of("databricks_external_location", ExternalLocationSpec.class)
          .outputs("name", "url")
          .replaceOnChange(WorkspaceObjectHandler.SCOPE)
          .replaceOnChange("name");
  private final Duration raceDeadline;

  public ExternalLocationHandler(DatabricksClients databricks, Duration raceDeadline) {
    super(databricks, TYPE);
    this.raceDeadline = raceDeadline;
  }

  private static Map<String, Object> outputs(ExternalLocationInfo l) {
    return Map.of("name", l.getName(), "url", l.getUrl());
  }

  @Override
  protected Api<ExternalLocationInfo> api(WorkspaceClient ws) {
    var service = ws.externalLocations();
    return new Api<>(service::get, service::delete, ExternalLocationInfo::getName);
  }

  @Override
  protected Observed<ExternalLocationSpec> observed(
      String id, ExternalLocationSpec prior, ExternalLocationInfo l) {
    return new Observed<>(
        new ExternalLocationSpec(
            prior.deploymentName(),
            prior.workspaceId(),
            l.getName(),
            StoragePaths.asRecorded(l.getUrl(), prior.url()),
            l.getCredentialName(),
            emptyToNull(l.getComment()),
            Boolean.TRUE.equals(l.getReadOnly())),
        outputs(l));
  }

  @Override
  public Diff diff(ExternalLocationSpec prior, ExternalLocationSpec desired) {
    Diff d = super.diff(prior, desired);
    return StoragePaths.same(prior.url(), desired.url()) ? d.without("url") : d;
  }

  @Override
  public Created create(HandlerContext ctx, ExternalLocationSpec spec) {
    CreateExternalLocation req =
        new CreateExternalLocation()
            .setName(spec.name())
            .setUrl(spec.url())
            .setCredentialName(spec.credentialName())
            .setComment(spec.comment())
            .setReadOnly(spec.readOnly());
    ExternalLocationInfo l =
        IamPropagation.retry(
            ctx,
            "creating external location " + spec.name(),
            "of storage credential " + spec.credentialName(),
            raceDeadline,
            () -> client(spec).externalLocations().create(req));
    return new Created(l.getName(), outputs(l));
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx, String id, ExternalLocationSpec prior, ExternalLocationSpec desired) {
    UpdateExternalLocation req =
        new UpdateExternalLocation()
            .setName(id)
            .setUrl(desired.url())
            .setCredentialName(desired.credentialName())
            .setComment(updatedComment(desired.comment()))
            .setReadOnly(desired.readOnly());
    ExternalLocationInfo l =
        IamPropagation.retry(
            ctx,
            "updating external location " + id,
            "of storage credential " + desired.credentialName(),
            raceDeadline,
            () -> client(desired).externalLocations().update(req));
    return outputs(l);
  }
}
