package dev.deployer.environments;

import dev.deployer.account.AccountHandlers;
import dev.deployer.account.DatabricksClients;
import dev.deployer.account.DatabricksSettings;
import dev.deployer.account.HandlerSettings;
import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsSettings;
import dev.deployer.cloud.CloudHandlers;
import dev.deployer.common.CommonConfig;
import dev.deployer.core.ApiCalls;
import dev.deployer.core.Catalogue;
import dev.deployer.core.spi.ResourceHandler;
import dev.deployer.workspace.WorkspaceHandlers;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The clients of one run, built once from the config and the target, and shared by handlers. */
public record Clients(AwsClients aws, DatabricksClients databricks) implements AutoCloseable {

  /** Builds both: the sandbox's endpoints, account and fake credentials replace the config's. */
  public static Clients create(
      CommonConfig.Aws awsConfig, CommonConfig.Databricks db, Target target, ApiCalls calls) {
    AwsSettings awsSettings =
        target.aws(
            awsConfig.region(),
            () ->
                new AwsSettings(
                    awsConfig.region(),
                    Optional.ofNullable(awsConfig.endpoint()).map(URI::create),
                    awsConfig.profileOpt(),
                    Optional.empty()));
    DatabricksSettings dbSettings =
        target
            .endpoints()
            .map(
                s ->
                    new DatabricksSettings(
                        s.databricksHost(),
                        s.databricksAccountId(),
                        s.workspaceHostTemplate(),
                        Optional.empty(),
                        true))
            .orElseGet(
                () ->
                    new DatabricksSettings(
                        db.accountHostOrDefault(),
                        db.accountId(),
                        db.workspaceHostTemplateOrDefault(),
                        Optional.ofNullable(db.profile()),
                        false));
    return new Clients(
        new AwsClients(awsSettings, calls), new DatabricksClients(dbSettings, calls));
  }

  /**
   * Every type deployer knows, on these clients: whatever the config still declares, the state's
   * resources can be refreshed, planned and destroyed.
   */
  public Catalogue catalogue(HandlerSettings settings) {
    List<ResourceHandler<?>> all = new ArrayList<>(CloudHandlers.all(aws));
    all.addAll(AccountHandlers.all(databricks, settings));
    all.addAll(WorkspaceHandlers.all(databricks, settings));
    return new Catalogue(all);
  }

  @Override
  public void close() {
    aws.close();
  }
}
