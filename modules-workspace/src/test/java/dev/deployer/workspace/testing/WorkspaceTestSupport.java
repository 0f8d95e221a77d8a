package dev.deployer.workspace.testing;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.catalog.AccountsCreateMetastore;
import com.databricks.sdk.service.catalog.AccountsCreateMetastoreAssignment;
import com.databricks.sdk.service.catalog.CreateAccountsMetastore;
import com.databricks.sdk.service.catalog.CreateMetastoreAssignment;
import com.databricks.sdk.service.provisioning.CreateCredentialRequest;
import com.databricks.sdk.service.provisioning.CreateStorageConfigurationRequest;
import com.databricks.sdk.service.provisioning.CreateWorkspaceRequest;
import com.databricks.sdk.service.provisioning.PricingTier;
import com.databricks.sdk.service.provisioning.Workspace;
import dev.deployer.account.AccountHandlers;
import dev.deployer.account.DatabricksClients;
import dev.deployer.account.HandlerSettings;
import dev.deployer.account.credentials.CredentialsHandler;
import dev.deployer.account.credentials.CredentialsSpec;
import dev.deployer.account.storage.StorageConfigurationHandler;
import dev.deployer.account.storage.StorageConfigurationSpec;
import dev.deployer.account.testing.AccountTestSupport;
import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsSettings;
import dev.deployer.cloud.CloudHandlers;
import dev.deployer.core.model.Ref;
import dev.deployer.core.model.Resource;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.plan.Action;
import dev.deployer.core.plan.Plan;
import dev.deployer.core.spi.ResourceHandler;
import dev.deployer.core.spi.ResourceType;
import dev.deployer.core.testing.EngineTestSupport;
import dev.deployer.emulator.DatabricksEmulator;
import dev.deployer.sandbox.testing.AwsEmulator;
import dev.deployer.workspace.WorkspaceHandlers;
import dev.deployer.workspace.WorkspaceModule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An in-process Databricks emulator (no AWS side) with one RUNNING workspace whose metastore is
 * assigned through the account API, the clients for it, and a temp-dir state store. Stacks start
 * from {@link #stack()}, which declares stand-ins for the workspace and the assignment.
 */
public final class WorkspaceTestSupport extends EngineTestSupport implements AutoCloseable {
  public static final String ACCOUNT_ID = AccountTestSupport.ACCOUNT_ID;
  public static final String DEPLOYMENT = "itws";
  public final DatabricksEmulator emulator;
  public final DatabricksClients databricks;

  /** The settings the handlers of the next engine get (race deadline, workspace timeout). */
  public HandlerSettings settings = HandlerSettings.defaults();

  private final Map<String, ResourceHandler<?>> standIns = new java.util.LinkedHashMap<>();

  public final String workspaceId;

  /** Set in AWS mode: moto, which the emulator checks roles and buckets against. */
  public final AwsClients aws;

  public WorkspaceTestSupport(Path dir) throws Exception {
    this(dir, false);
  }

  /**
   * With {@code withAws}, the emulator checks the AWS side through moto (shared, reset here) and
   * reproduces the IAM race for one second.
   */
  public WorkspaceTestSupport(Path dir, boolean withAws) throws Exception {
    super(dir, "dev");
    DatabricksEmulator.Builder eb =
        DatabricksEmulator.builder()
            .port(0)
            .accountId(ACCOUNT_ID)
            .raceWindow(Duration.ZERO)
            .provisioningDelay(Duration.ZERO);
    String crossRole = "arn:aws:iam::123456789012:role/it-cross";
    if (withAws) {
      AwsEmulator moto = AwsEmulator.shared();
      moto.reset();
      aws = new AwsClients(AwsSettings.emulator(AwsEmulator.REGION, moto.endpoint()));
      eb.awsEndpoint(moto.endpoint());
      String trust =
          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
              + "{\"AWS\":\"arn:aws:iam::414351767826:root\"},\"Action\":\"sts:AssumeRole\","
              + "\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\""
              + ACCOUNT_ID
              + "\"}}}]}";
      crossRole =
          aws.iam()
              .createRole(r -> r.roleName("it-cross").assumeRolePolicyDocument(trust))
              .role()
              .arn();
      aws.s3().createBucket(r -> r.bucket("it-root"));
    } else {
      aws = null;
    }
    emulator = eb.start();
    databricks = AccountTestSupport.clientsFor(emulator);
    AccountClient a = databricks.account();
    // The requests deployer itself sends for such specs.
    CreateCredentialRequest credentials =
        CredentialsHandler.request(new CredentialsSpec("it-creds", crossRole));
    String creds = a.credentials().create(credentials).getCredentialsId();
    CreateStorageConfigurationRequest storageRequest =
        StorageConfigurationHandler.request(new StorageConfigurationSpec("it-storage", "it-root"));
    String storage = a.storage().create(storageRequest).getStorageConfigurationId();
    Workspace ws =
        a.workspaces()
            .create(
                new CreateWorkspaceRequest()
                    .setWorkspaceName("it")
                    .setDeploymentName(DEPLOYMENT)
                    .setAwsRegion("us-east-1")
                    .setCredentialsId(creds)
                    .setStorageConfigurationId(storage)
                    .setPricingTier(PricingTier.ENTERPRISE))
            .get(Duration.ofSeconds(30));
    workspaceId = String.valueOf(ws.getWorkspaceId());
    String mid =
        a.metastores()
            .create(
                new AccountsCreateMetastore()
                    .setMetastoreInfo(
                        new CreateAccountsMetastore().setName("it-ms").setRegion("us-east-1")))
            .getMetastoreInfo()
            .getMetastoreId();
    a.metastoreAssignments()
        .create(
            new AccountsCreateMetastoreAssignment()
                .setWorkspaceId(ws.getWorkspaceId())
                .setMetastoreId(mid)
                .setMetastoreAssignment(new CreateMetastoreAssignment().setMetastoreId(mid)));
    if (withAws) {
      emulator.setRaceWindow(Duration.ofSeconds(1));
    }
  }

  /**
   * After changes made out of band: plans {@code def}, requires each named address to plan its
   * action, applies, and requires the plan to converge.
   */
  public void repairsDrift(StackDefinition def, Map<String, Action> expected) {
    Plan drift = plan(def);
    expected.forEach(
        (address, action) ->
            org.assertj.core.api.Assertions.assertThat(drift.change(address).action())
                .as(address)
                .isEqualTo(action));
    applyOk(def);
    org.assertj.core.api.Assertions.assertThat(plan(def).hasChanges()).isFalse();
  }

  /**
   * These workspace conf keys' values, with the keys query the API requires (getStatus drops it).
   */
  public static Map<String, String> workspaceConf(WorkspaceClient ws, String... keys) {
    return new TreeMap<>(
        ws.apiClient()
            .getStringMap(
                new com.databricks.sdk.core.http.Request("GET", "/api/2.0/workspace-conf")
                    .withQueryParam("keys", String.join(",", keys))
                    .withHeader("Accept", "application/json")));
  }

  public WorkspaceClient client() {
    return databricks.workspace(DEPLOYMENT, workspaceId);
  }

  /** A builder holding the workspace and metastore assignment stand-ins. */
  public record Base(
      StackBuilder builder,
      Resource<FixedOutputsHandler.Spec> workspace,
      Resource<FixedOutputsHandler.Spec> assignment) {}

  public Base stack() {
    StackBuilder b = new StackBuilder("dev", Map.of());
    Resource<FixedOutputsHandler.Spec> workspace =
        b.add(
            "account.workspace",
            standIn(
                new FixedOutputsHandler(
                    "test_workspace",
                    Map.of("deployment_name", DEPLOYMENT, "workspace_id", workspaceId))),
            r -> new FixedOutputsHandler.Spec(workspaceId));
    Resource<FixedOutputsHandler.Spec> assignment =
        b.add(
            "account.metastore_assignment",
            standIn(new FixedOutputsHandler("test_metastore_assignment", Map.of())),
            r -> new FixedOutputsHandler.Spec(r.get(workspace.out("workspace_id"))));
    return new Base(b, workspace, assignment);
  }

  /** Adds a stand-in's handler to the catalogue of the engines this support builds. */
  public ResourceType<FixedOutputsHandler.Spec> standIn(FixedOutputsHandler handler) {
    standIns.put(handler.type().name(), handler);
    return handler.type();
  }

  @Override
  protected List<ResourceHandler<?>> handlers() {
    List<ResourceHandler<?>> handlers = new ArrayList<>(standIns.values());
    handlers.addAll(CloudHandlers.all(aws));
    handlers.addAll(AccountHandlers.all(databricks, settings));
    handlers.addAll(WorkspaceHandlers.all(databricks, settings));
    return handlers;
  }

  @Override
  public void close() {
    emulator.close();
    if (aws != null) {
      aws.close();
    }
  }

  /**
   * The workspace module as the tests declare it, at "workspace" in us-east-1: team "data" of
   * prefix "acme-dev", a catalog bucket destroyed with the stack, no policy or conf overrides.
   */
  public static WorkspaceModule.Outputs declareWorkspaceModule(
      StackBuilder b,
      Ref awsAccountId,
      Ref deploymentName,
      Ref workspaceId,
      Resource<?> metastoreAssignment,
      String catalogName,
      String adminPrincipal) {
    return WorkspaceModule.declare(
        b,
        "us-east-1",
        "workspace",
        new WorkspaceModule.Inputs(
            "acme-dev",
            "data",
            awsAccountId,
            deploymentName,
            workspaceId,
            metastoreAssignment,
            catalogName,
            adminPrincipal,
            true,
            Map.of(),
            Map.of()));
  }
}
