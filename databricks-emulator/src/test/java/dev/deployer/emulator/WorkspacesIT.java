package dev.deployer.emulator;

import static dev.deployer.emulator.TestEmulator.credentialsId;
import static dev.deployer.emulator.TestEmulator.networkId;
import static dev.deployer.emulator.TestEmulator.storageId;
import static dev.deployer.emulator.TestEmulator.unique;
import static dev.deployer.emulator.TestEmulator.workspaceRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.core.error.platform.InvalidState;
import com.databricks.sdk.core.error.platform.NotFound;
import com.databricks.sdk.core.error.platform.ResourceAlreadyExists;
import com.databricks.sdk.service.provisioning.CreateAwsKeyInfo;
import com.databricks.sdk.service.provisioning.CreateCustomerManagedKeyRequest;
import com.databricks.sdk.service.provisioning.CreatePrivateAccessSettingsRequest;
import com.databricks.sdk.service.provisioning.KeyUseCase;
import com.databricks.sdk.service.provisioning.UpdateWorkspaceRequest;
import com.databricks.sdk.service.provisioning.Workspace;
import com.databricks.sdk.service.provisioning.WorkspaceStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Workspace create/get/list/update/delete and the lifecycle, through AccountClient. */
class WorkspacesIT extends AccountApiIT {
  @AfterEach
  void noDelay() {
    emu.emu.setProvisioningDelay(Duration.ZERO);
  }

  private static String[] configs() {
    return new String[] {
      credentialsId(a, "arn:aws:iam::123456789012:role/" + unique("r")),
      storageId(a, unique("b")),
      networkId(a, "vpc-1", List.of("s1", "s2"), List.of("sg1"))
    };
  }

  @Test
  void waiterReachesRunningAfterTheProvisioningDelay() throws Exception {
    emu.emu.setProvisioningDelay(Duration.ofMillis(700));
    String[] c = configs();
    var waiter =
        a.workspaces()
            .create(workspaceRequest(c[0], c[1], c[2]).setCustomTags(Map.of("Team", "x")));
    Workspace created = waiter.getResponse();
    assertThat(created.getWorkspaceStatus()).isEqualTo(WorkspaceStatus.PROVISIONING);
    assertThat(created.getDeploymentName()).matches("dbc-[0-9a-f]{8}-[0-9a-f]{4}");
    assertThat(created.getWorkspaceId()).isGreaterThan(1_000_000_000_000_000L);
    Workspace running = waiter.get(Duration.ofSeconds(20));
    assertThat(running.getWorkspaceStatus()).isEqualTo(WorkspaceStatus.RUNNING);
    assertThat(running.getCustomTags()).containsEntry("Team", "x");
    assertThat(a.workspaces().list())
        .extracting(Workspace::getWorkspaceId)
        .contains(running.getWorkspaceId());
  }

  @Test
  void waiterFailsOnFailed() {
    emu.emu.setProvisioningDelay(Duration.ofSeconds(30));
    String[] c = configs();
    var waiter = a.workspaces().create(workspaceRequest(c[0], c[1], c[2]));
    long id = waiter.getResponse().getWorkspaceId();
    var r =
        emu.admin(
            "POST",
            "/accounts/" + emu.accountId + "/workspaces/" + id + "/status",
            "{\"status\":\"FAILED\",\"message\":\"network broken\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> waiter.get(Duration.ofSeconds(20)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("FAILED")
        .hasMessageContaining("network broken");
  }

  @Test
  void givenDeploymentNameIsKeptAndUnique() {
    String[] c = configs();
    String name = unique("dep");
    Workspace w =
        a.workspaces()
            .create(workspaceRequest(c[0], c[1], c[2]).setDeploymentName(name))
            .getResponse();
    assertThat(w.getDeploymentName()).isEqualTo(name);
    String[] d = configs();
    assertThatThrownBy(
            () -> a.workspaces().create(workspaceRequest(d[0], d[1], d[2]).setDeploymentName(name)))
        .isInstanceOf(ResourceAlreadyExists.class);
  }

  @Test
  void createValidatesReferences() {
    String[] c = configs();
    assertThatThrownBy(() -> a.workspaces().create(workspaceRequest("nope", c[1], c[2])))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("Credential configuration nope");
    assertThatThrownBy(() -> a.workspaces().create(workspaceRequest(c[0], "nope", c[2])))
        .isInstanceOf(InvalidParameterValue.class);
    assertThatThrownBy(() -> a.workspaces().create(workspaceRequest(c[0], c[1], "nope")))
        .isInstanceOf(InvalidParameterValue.class);
    assertThatThrownBy(
            () -> a.workspaces().create(workspaceRequest(c[0], c[1], c[2]).setWorkspaceName(null)))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("workspace_name");
    a.workspaces().create(workspaceRequest(c[0], c[1], c[2]));
    // One network configuration serves one workspace.
    assertThatThrownBy(() -> a.workspaces().create(workspaceRequest(c[0], c[1], c[2])))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("already used");
  }

  /**
   * The API's update notes ("Wait until changes take effect"): on a customer-managed VPC the
   * workspace stays RUNNING and the change takes effect at once; on a Databricks-managed VPC it is
   * PROVISIONING for a while.
   */
  @Test
  void updateOfARunningWorkspaceOnItsOwnVpc_staysRunning_onADatabricksManagedVpc_provisions()
      throws Exception {
    Workspace ws = TestEmulator.runningWorkspace(a);
    String newCreds = credentialsId(a, "arn:aws:iam::123456789012:role/" + unique("r2"));
    emu.emu.setProvisioningDelay(Duration.ofMillis(300));
    Workspace updated = a.workspaces().update(credentialsAndTags(ws, newCreds)).getResponse();
    assertThat(updated.getCredentialsId()).isEqualTo(newCreds);
    assertThat(updated.getWorkspaceStatus()).isEqualTo(WorkspaceStatus.RUNNING);
    assertThat(a.workspaces().get(ws.getWorkspaceId()).getCustomTags()).containsEntry("a", "b");
    // Old credentials are free again.
    a.credentials().delete(ws.getCredentialsId());
    assertThatThrownBy(
            () ->
                TestEmulator.updateWorkspace(
                    a,
                    ws.getWorkspaceId(),
                    "workspace_name",
                    new Workspace().setWorkspaceName("renamed")))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("cannot be updated");

    String[] c = configs();
    emu.emu.setProvisioningDelay(Duration.ZERO);
    Workspace managed =
        a.workspaces().create(workspaceRequest(c[0], c[1], null)).get(Duration.ofSeconds(30));
    emu.emu.setProvisioningDelay(Duration.ofMillis(300));
    String otherCreds = credentialsId(a, "arn:aws:iam::123456789012:role/" + unique("r3"));
    Workspace provisioning =
        a.workspaces().update(credentialsAndTags(managed, otherCreds)).getResponse();
    assertThat(provisioning.getWorkspaceStatus()).isEqualTo(WorkspaceStatus.PROVISIONING);
    assertThat(
            a.workspaces()
                .waitGetWorkspaceRunning(managed.getWorkspaceId(), Duration.ofSeconds(20), null)
                .getCredentialsId())
        .isEqualTo(otherCreds);
  }

  private static UpdateWorkspaceRequest credentialsAndTags(Workspace ws, String creds) {
    return TestEmulator.workspaceUpdate(
        ws.getWorkspaceId(),
        "credentials_id,custom_tags",
        new Workspace().setCredentialsId(creds).setCustomTags(Map.of("a", "b")));
  }

  @Test
  void updateRefusedWhileProvisioning() {
    emu.emu.setProvisioningDelay(Duration.ofSeconds(30));
    String[] c = configs();
    long id =
        a.workspaces().create(workspaceRequest(c[0], c[1], c[2])).getResponse().getWorkspaceId();
    assertThatThrownBy(
            () ->
                TestEmulator.updateWorkspace(
                    a, id, null, new Workspace().setCustomTags(Map.of("a", "b"))))
        .isInstanceOf(InvalidState.class);
  }

  @Test
  void deleteRemovesTheWorkspace() {
    Workspace ws = TestEmulator.runningWorkspace(a);
    a.workspaces().delete(ws.getWorkspaceId());
    assertThatThrownBy(() -> a.workspaces().get(ws.getWorkspaceId())).isInstanceOf(NotFound.class);
    assertThatThrownBy(() -> a.workspaces().delete(ws.getWorkspaceId()))
        .isInstanceOf(NotFound.class);
    assertThat(a.networks().get(ws.getNetworkId()).getWorkspaceId()).isNull();
  }

  @Test
  void runningWorkspaceOnADatabricksManagedVpc_cannotBeGivenANetwork_butOneOnItsOwnVpcCanMove()
      throws Exception {
    // docs.databricks.com/api/account/workspaces/update: network_id only for a workspace that
    // already uses a customer-managed VPC; storage_configuration_id not on a running workspace.
    String[] c = configs();
    Workspace managed =
        a.workspaces().create(workspaceRequest(c[0], c[1], null)).get(Duration.ofSeconds(30));
    assertThatThrownBy(
            () ->
                TestEmulator.updateWorkspace(
                    a, managed.getWorkspaceId(), "network_id", new Workspace().setNetworkId(c[2])))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("customer-managed VPC");

    Workspace own = TestEmulator.runningWorkspace(a);
    String next = networkId(a, "vpc-1", List.of("subnet-c", "subnet-d"), List.of("sg-1"));
    assertThatThrownBy(() -> a.networks().delete(own.getNetworkId()))
        .hasMessageContaining("is used by workspace");
    Workspace moved =
        TestEmulator.updateWorkspace(
                a, own.getWorkspaceId(), "network_id", new Workspace().setNetworkId(next))
            .getResponse();
    assertThat(moved.getWorkspaceStatus()).isEqualTo(WorkspaceStatus.RUNNING);
    assertThat(a.networks().get(next).getVpcStatus().toString()).isEqualTo("VALID");
    a.networks().delete(own.getNetworkId());
    assertThat(a.workspaces().get(own.getWorkspaceId()).getNetworkId()).isEqualTo(next);
  }

  private static String storageKey() {
    return a.encryptionKeys()
        .create(
            new CreateCustomerManagedKeyRequest()
                .setUseCases(List.of(KeyUseCase.STORAGE))
                .setAwsKeyInfo(
                    new CreateAwsKeyInfo()
                        .setKeyArn("arn:aws:kms:us-east-1:123456789012:key/" + unique("k"))))
        .getCustomerManagedKeyId();
  }

  private static String privateAccess(String region) {
    return a.privateAccess()
        .create(
            new CreatePrivateAccessSettingsRequest()
                .setPrivateAccessSettingsName(unique("pas"))
                .setRegion(region))
        .getPrivateAccessSettingsId();
  }

  /**
   * SDK WorkspacesAPI.update javadoc ("Update a running workspace"): PrivateLink and a
   * customer-managed VPC cannot be taken away, the storage key is set once, an empty custom_tags is
   * not applied; private access settings may be switched.
   */
  @Test
  void anUpdateCannotTakeAwayPrivateLinkOrTheVpc_norSwapTheStorageKey_andEmptyTagsAreIgnored() {
    Workspace ws = TestEmulator.runningWorkspace(a);
    long id = ws.getWorkspaceId();
    String pas = privateAccess(ws.getAwsRegion());
    String key = storageKey();
    TestEmulator.updateWorkspace(
            a,
            id,
            "private_access_settings_id,storage_customer_managed_key_id,custom_tags",
            new Workspace()
                .setPrivateAccessSettingsId(pas)
                .setStorageCustomerManagedKeyId(key)
                .setCustomTags(Map.of("team", "data")))
        .getResponse();
    assertThat(a.workspaces().get(id).getStorageCustomerManagedKeyId()).isEqualTo(key);

    for (String field : List.of("private_access_settings_id", "network_id")) {
      assertThatThrownBy(() -> TestEmulator.updateWorkspace(a, id, field, new Workspace()))
          .isInstanceOf(InvalidParameterValue.class)
          .hasMessageContaining(field + " cannot be removed");
    }
    String otherKey = storageKey();
    assertThatThrownBy(
            () ->
                TestEmulator.updateWorkspace(
                    a,
                    id,
                    "storage_customer_managed_key_id",
                    new Workspace().setStorageCustomerManagedKeyId(otherKey)))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("already has a customer-managed key for workspace storage");
    assertThatThrownBy(
            () ->
                TestEmulator.updateWorkspace(
                    a, id, "storage_customer_managed_key_id", new Workspace()))
        .isInstanceOf(InvalidParameterValue.class);

    TestEmulator.updateWorkspace(a, id, "custom_tags", new Workspace().setCustomTags(Map.of()))
        .getResponse();
    assertThat(a.workspaces().get(id).getCustomTags()).containsExactly(Map.entry("team", "data"));

    String otherPas = privateAccess(ws.getAwsRegion());
    TestEmulator.updateWorkspace(
            a,
            id,
            "private_access_settings_id",
            new Workspace().setPrivateAccessSettingsId(otherPas))
        .getResponse();
    Workspace after = a.workspaces().get(id);
    assertThat(after.getPrivateAccessSettingsId()).isEqualTo(otherPas);
    assertThat(after.getNetworkId()).isEqualTo(ws.getNetworkId());
    assertThat(after.getStorageCustomerManagedKeyId()).isEqualTo(key);
  }
}
