package dev.deployer.workspace.catalog;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.catalog.AwsIamRoleRequest;
import com.databricks.sdk.service.catalog.CreateStorageCredential;
import com.databricks.sdk.service.catalog.StorageCredentialInfo;
import com.databricks.sdk.service.catalog.UpdateStorageCredential;
import dev.deployer.account.DatabricksClients;
import dev.deployer.account.IamPropagation;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import dev.deployer.workspace.WorkspaceObjectHandler;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * {@code databricks_storage_credential}, id = name. Created before its IAM role exists (the role's
 * trust policy needs this credential's external id), so creation skips Databricks' validation of
 * the role and waits out the IAM propagation race the service reports meanwhile.
 */
public final class StorageCredentialHandler
    extends SecurableHandler<StorageCredentialSpec, StorageCredentialInfo> {
  public static final ResourceType<StorageCredentialSpec> TYPE =
      ResourceType.of("databricks_storage_credential", StorageCredentialSpec.class)
          .outputs("name", "credential_id", "external_id", "unity_catalog_iam_arn")
          .replaceOnChange(WorkspaceObjectHandler.SCOPE)
          .replaceOnChange("name")
          .identifiedBy("name");
  private final Duration raceDeadline;

  public StorageCredentialHandler(DatabricksClients databricks, Duration raceDeadline) {
    super(databricks, TYPE);
    this.raceDeadline = raceDeadline;
  }

  private static Map<String, Object> outputs(StorageCredentialInfo c) {
    return Map.of(
        "name", c.getName(),
        "credential_id", c.getId(),
        "external_id", c.getAwsIamRole().getExternalId(),
        "unity_catalog_iam_arn", c.getAwsIamRole().getUnityCatalogIamArn());
  }

  @Override
  protected Api<StorageCredentialInfo> api(WorkspaceClient ws) {
    var service = ws.storageCredentials();
    return new Api<>(service::get, service::delete, StorageCredentialInfo::getName);
  }

  @Override
  protected Observed<StorageCredentialSpec> observed(
      String id, StorageCredentialSpec prior, StorageCredentialInfo c) {
    return new Observed<>(
        new StorageCredentialSpec(
            prior.deploymentName(),
            prior.workspaceId(),
            c.getName(),
            c.getAwsIamRole() == null ? prior.roleArn() : c.getAwsIamRole().getRoleArn(),
            emptyToNull(c.getComment()),
            Boolean.TRUE.equals(c.getReadOnly())),
        outputs(c));
  }

  @Override
  public Created create(HandlerContext ctx, StorageCredentialSpec spec) {
    CreateStorageCredential req =
        new CreateStorageCredential()
            .setName(spec.name())
            .setAwsIamRole(new AwsIamRoleRequest().setRoleArn(spec.roleArn()))
            .setComment(spec.comment())
            .setReadOnly(spec.readOnly())
            .setSkipValidation(true);
    StorageCredentialInfo c =
        IamPropagation.retry(
            ctx,
            "creating storage credential " + spec.name(),
            spec.roleArn(),
            raceDeadline,
            () -> client(spec).storageCredentials().create(req));
    return new Created(c.getName(), outputs(c));
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx, String id, StorageCredentialSpec prior, StorageCredentialSpec desired) {
    UpdateStorageCredential req =
        new UpdateStorageCredential()
            .setName(id)
            .setComment(updatedComment(desired.comment()))
            .setReadOnly(desired.readOnly());
    if (!Objects.equals(prior.roleArn(), desired.roleArn())) {
      req.setAwsIamRole(new AwsIamRoleRequest().setRoleArn(desired.roleArn()))
          .setSkipValidation(true);
    }
    StorageCredentialInfo c =
        IamPropagation.retry(
            ctx,
            "updating storage credential " + id,
            desired.roleArn(),
            raceDeadline,
            () -> client(desired).storageCredentials().update(req));
    return outputs(c);
  }
}
