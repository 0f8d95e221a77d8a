package dev.deployer.account.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.service.iam.MeRequest;
import com.databricks.sdk.service.provisioning.CreateCredentialAwsCredentials;
import com.databricks.sdk.service.provisioning.CreateCredentialRequest;
import com.databricks.sdk.service.provisioning.CreateCredentialStsRole;
import com.databricks.sdk.service.provisioning.CreateStorageConfigurationRequest;
import com.databricks.sdk.service.provisioning.RootBucketInfo;
import dev.deployer.account.DatabricksClients;
import dev.deployer.account.testing.AccountTestSupport;
import dev.deployer.core.Catalogue;
import dev.deployer.core.Engine;
import dev.deployer.core.EngineListener;
import dev.deployer.core.EngineRuntime;
import dev.deployer.core.apply.ApplyResult;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.state.FileStateStore;
import dev.deployer.emulator.DatabricksEmulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workspace handler against the behaviours of a real workspace host: not reachable for a while
 * after RUNNING, a deployment-name prefix, pricing_tier answered in another case or not at all.
 */
class WorkspaceHostIT {
  static final String ADDRESS = "account.workspace";

  @TempDir Path dir;
  DatabricksEmulator emulator;
  DatabricksClients databricks;
  FileStateStore store;
  final List<String> progress = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    emulator =
        DatabricksEmulator.builder()
            .provisioningDelay(Duration.ofMillis(500))
            // Deterministic: nothing answers for 3 s after RUNNING, then everything does.
            .hostLag(Duration.ofSeconds(3), Duration.ZERO)
            .deploymentPrefix("acme")
            .pricingTierEcho("lower_case")
            .start();
    databricks = AccountTestSupport.clientsFor(emulator);
    store = new FileStateStore(dir, "dev");
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  StackDefinition stack(String pricingTier) {
    String creds =
        databricks
            .account()
            .credentials()
            .create(
                new CreateCredentialRequest()
                    .setCredentialsName("it-creds")
                    .setAwsCredentials(
                        new CreateCredentialAwsCredentials()
                            .setStsRole(
                                new CreateCredentialStsRole()
                                    .setRoleArn("arn:aws:iam::123456789012:role/it"))))
            .getCredentialsId();
    String storage =
        databricks
            .account()
            .storage()
            .create(
                new CreateStorageConfigurationRequest()
                    .setStorageConfigurationName("it-storage")
                    .setRootBucketInfo(new RootBucketInfo().setBucketName("it-root")))
            .getStorageConfigurationId();
    return stack(creds, storage, pricingTier);
  }

  StackDefinition stack(String creds, String storage, String pricingTier) {
    StackBuilder b = new StackBuilder("dev", Map.of());
    b.add(
        ADDRESS,
        WorkspaceHandler.TYPE,
        r ->
            new WorkspaceSpec(
                "it",
                "us-east-1",
                creds,
                storage,
                null,
                pricingTier,
                "analytics",
                Map.of(),
                null,
                null,
                null));
    return b.build();
  }

  Engine engine(StackDefinition def) {
    EngineListener listener =
        new EngineListener() {
          @Override
          public void progress(String address, String message) {
            progress.add(address + ": " + message);
          }
        };
    return new Engine(
        EngineRuntime.system(4, listener),
        new Catalogue(
            List.of(
                new WorkspaceHandler(
                    databricks, Duration.ofMinutes(1), Duration.ofMinutes(1), false))));
  }

  ApplyResult apply(StackDefinition def) {
    Engine e = engine(def);
    return e.apply(def, e.plan(def, store, false), store);
  }

  @Test
  void create_waitsUntilTheNewHostAnswers_soWorkspaceCallsRightAfterWork() {
    StackDefinition def = stack("PREMIUM");
    ApplyResult r = apply(def);
    assertThat(r.succeeded()).as("%s", r.failures()).isTrue();

    // The first workspace-level call after apply meets a host that answers.
    assertThat(
            databricks
                .workspace("acme-analytics", null)
                .currentUser()
                .me(new MeRequest())
                .getUserName())
        .isNotBlank();
    assertThat(progress)
        .anyMatch(p -> p.contains("acme-analytics.localhost") && p.contains("not reachable yet"))
        .anyMatch(p -> p.contains("acme-analytics.localhost") && p.contains("answers (waited"));
  }

  @Test
  void prefixedDeploymentName_andLowerCasePricingTier_planNoChange() {
    StackDefinition def = stack("premium");
    assertThat(apply(def).succeeded()).isTrue();
    assertThat(engine(def).plan(def, store, false).hasChanges()).isFalse();
  }
}
