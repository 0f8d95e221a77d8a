package dev.deployer.account.credentials;

import com.databricks.sdk.service.provisioning.CreateCredentialAwsCredentials;
import com.databricks.sdk.service.provisioning.CreateCredentialRequest;
import com.databricks.sdk.service.provisioning.CreateCredentialStsRole;
import com.databricks.sdk.service.provisioning.Credential;
import dev.deployer.account.DatabricksClients;
import dev.deployer.account.IamPropagation;
import dev.deployer.account.ImmutableAccountObjectHandler;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.ResourceType;
import java.time.Duration;

/**
 * {@code databricks_mws_credentials}: the cross-account role Databricks assumes. Creation waits out
 * the IAM propagation race of a fresh role.
 */
public final class CredentialsHandler
    extends ImmutableAccountObjectHandler<CredentialsSpec, Credential> {
  public static final ResourceType<CredentialsSpec> TYPE =
      immutableType(
          "databricks_mws_credentials",
          CredentialsSpec.class,
          "credentials_name",
          "credentials_id");
  private final Duration raceDeadline;

  public CredentialsHandler(DatabricksClients databricks, Duration raceDeadline) {
    super(databricks, TYPE, Credential::getCredentialsId);
    this.raceDeadline = raceDeadline;
  }

  @Override
  protected Api<CredentialsSpec, Credential> api() {
    var service = databricks.account().credentials();
    return new Api<>(service::get, service::list, s -> service.create(request(s)), service::delete);
  }

  /** The create request for {@code spec}. */
  public static CreateCredentialRequest request(CredentialsSpec spec) {
    return new CreateCredentialRequest()
        .setCredentialsName(spec.credentialsName())
        .setAwsCredentials(
            new CreateCredentialAwsCredentials()
                .setStsRole(new CreateCredentialStsRole().setRoleArn(spec.roleArn())));
  }

  /** A fresh role is not yet assumable everywhere: create retries until IAM has propagated it. */
  @Override
  protected Credential callCreate(HandlerContext ctx, CredentialsSpec spec) {
    return IamPropagation.retry(
        ctx,
        "creating credentials " + spec.credentialsName(),
        spec.roleArn(),
        raceDeadline,
        () -> super.callCreate(ctx, spec));
  }

  @Override
  protected CredentialsSpec specOf(Credential c) {
    return new CredentialsSpec(
        c.getCredentialsName(), c.getAwsCredentials().getStsRole().getRoleArn());
  }

  @Override
  protected String referenceIn(com.databricks.sdk.service.provisioning.Workspace w) {
    return w.getCredentialsId();
  }
}
