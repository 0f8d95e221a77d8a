package dev.deployer.account.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.service.provisioning.CreateWorkspaceRequest;
import com.databricks.sdk.service.provisioning.Network;
import dev.deployer.account.credentials.CredentialsHandler;
import dev.deployer.account.credentials.CredentialsSpec;
import dev.deployer.account.storage.StorageConfigurationHandler;
import dev.deployer.account.storage.StorageConfigurationSpec;
import dev.deployer.account.testing.AccountTestSupport;
import dev.deployer.core.apply.ApplyResult;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 findings 4 and 14: an account object of the configured name is adopted only when it is
 * exactly what is configured and no workspace uses it; otherwise the error says whose it is and
 * names {@code deployer import}, and never advises deleting it.
 */
class AccountObjectOwnershipIT {
  @TempDir Path dir;
  @AutoClose AccountTestSupport t;
  NetworkConfigurationSpec live;
  long liveWorkspace;

  @BeforeEach
  void start() {
    t = new AccountTestSupport(dir, "staging", Duration.ZERO, Duration.ZERO);
    // Another stack's live workspace, with its network configuration named as ours would be.
    String role = t.createCrossAccountRole("live-role");
    t.aws.s3().createBucket(b -> b.bucket("live-root"));
    var account = t.databricks.account();
    // Created out of band, with the requests deployer itself would send for such specs.
    String creds =
        account
            .credentials()
            .create(CredentialsHandler.request(new CredentialsSpec("live-credentials", role)))
            .getCredentialsId();
    String storage =
        account
            .storage()
            .create(
                StorageConfigurationHandler.request(
                    new StorageConfigurationSpec("live-storage", "live-root")))
            .getStorageConfigurationId();
    live =
        new NetworkConfigurationSpec(
            "acme-network", "vpc-0live", List.of("subnet-0a", "subnet-0b"), List.of("sg-0live"));
    Network n = account.networks().create(NetworkConfigurationHandler.request(live));
    liveWorkspace =
        account
            .workspaces()
            .create(
                new CreateWorkspaceRequest()
                    .setWorkspaceName("live")
                    .setAwsRegion("us-east-1")
                    .setCredentialsId(creds)
                    .setStorageConfigurationId(storage)
                    .setNetworkId(n.getNetworkId()))
            .getResponse()
            .getWorkspaceId();
  }

  StackDefinition stack(NetworkConfigurationSpec spec) {
    StackBuilder b = new StackBuilder("staging", Map.of());
    b.add("account.network_configuration", NetworkConfigurationHandler.TYPE, r -> spec);
    return b.build();
  }

  long networks() {
    return StreamSupport.stream(t.databricks.account().networks().list().spliterator(), false)
        .count();
  }

  @Test
  void sameNameAndSettings_butUsedByAnotherWorkspace_isNotAdopted_andTheErrorNamesTheWorkspace() {
    ApplyResult r = t.apply(stack(live));

    assertThat(r.succeeded()).isFalse();
    String message = r.failures().get(0).error().getMessage();
    assertThat(message)
        .contains("named 'acme-network' already exists")
        .contains("is used by workspace 'live' (id " + liveWorkspace)
        .contains("deployer import --env staging account.network_configuration")
        .doesNotContain("Delete it")
        .doesNotContain("through reference chain");
    assertThat(t.store.read().orElseThrow().find("account.network_configuration"))
        .hasValueSatisfying(e -> assertThat(e.id()).isNull());
    assertThat(networks()).isEqualTo(1);
  }

  @Test
  void sameNameOtherSettings_unused_isNotAdopted_andTheErrorNamesImport() {
    t.databricks.account().workspaces().delete(liveWorkspace);
    NetworkConfigurationSpec other =
        new NetworkConfigurationSpec(
            "acme-network", "vpc-0mine", List.of("subnet-0c", "subnet-0d"), List.of("sg-0mine"));

    ApplyResult r = t.apply(stack(other));

    assertThat(r.succeeded()).isFalse();
    assertThat(r.failures().get(0).error().getMessage())
        .contains("with other settings than configured")
        .contains("vpc-0live")
        .contains("deployer import --env staging account.network_configuration")
        .doesNotContain("Delete it");
    assertThat(networks()).isEqualTo(1);
  }

  @Test
  void sameNameAndSettings_unused_isAdopted() {
    t.databricks.account().workspaces().delete(liveWorkspace);

    t.applyOk(stack(live));

    assertThat(t.progress).anyMatch(p -> p.contains("adopting the existing"));
    assertThat(networks()).isEqualTo(1);
    assertThat(t.plan(stack(live)).hasChanges()).isFalse();
  }
}
