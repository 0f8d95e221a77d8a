package dev.deployer.emulator;

import static dev.deployer.emulator.TestEmulator.credentialsId;
import static dev.deployer.emulator.TestEmulator.networkId;
import static dev.deployer.emulator.TestEmulator.storageId;
import static dev.deployer.emulator.TestEmulator.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.core.error.platform.InvalidState;
import com.databricks.sdk.core.error.platform.NotFound;
import com.databricks.sdk.core.error.platform.ResourceAlreadyExists;
import com.databricks.sdk.service.provisioning.CreateCredentialAwsCredentials;
import com.databricks.sdk.service.provisioning.CreateCredentialRequest;
import com.databricks.sdk.service.provisioning.CreateCredentialStsRole;
import com.databricks.sdk.service.provisioning.CreateNetworkRequest;
import com.databricks.sdk.service.provisioning.CreateStorageConfigurationRequest;
import com.databricks.sdk.service.provisioning.Credential;
import com.databricks.sdk.service.provisioning.Network;
import com.databricks.sdk.service.provisioning.RootBucketInfo;
import com.databricks.sdk.service.provisioning.StorageConfiguration;
import com.databricks.sdk.service.provisioning.VpcStatus;
import com.databricks.sdk.service.provisioning.Workspace;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Credentials, storage and network configurations through the SDK's AccountClient. */
class AccountConfigsIT extends AccountApiIT {
  @Test
  void credentialsRoundTrip() {
    String role = "arn:aws:iam::123456789012:role/cross-account";
    String id = credentialsId(a, role);
    Credential c = a.credentials().get(id);
    assertThat(c.getAccountId()).isEqualTo(emu.accountId);
    assertThat(c.getAwsCredentials().getStsRole().getRoleArn()).isEqualTo(role);
    // external_id is in the API response though 0.141.0's StsRole model no longer has it.
    assertThat(
            emu.api("GET", "/api/2.0/accounts/" + emu.accountId + "/credentials/" + id, null)
                .body())
        .contains("\"external_id\":\"" + emu.accountId + "\"");
    assertThat(c.getCreationTime()).isPositive();
    assertThat(a.credentials().list()).extracting(Credential::getCredentialsId).contains(id);
    a.credentials().delete(id);
    assertThatThrownBy(() -> a.credentials().get(id)).isInstanceOf(NotFound.class);
  }

  @Test
  void credentialsValidation() {
    var request =
        new CreateCredentialRequest()
            .setCredentialsName(unique("dup"))
            .setAwsCredentials(
                new CreateCredentialAwsCredentials()
                    .setStsRole(
                        new CreateCredentialStsRole()
                            .setRoleArn("arn:aws:iam::123456789012:role/r")));
    a.credentials().create(request);
    assertThatThrownBy(() -> a.credentials().create(request))
        .isInstanceOf(ResourceAlreadyExists.class)
        .hasMessageContaining("already exists");
    assertThatThrownBy(
            () -> a.credentials().create(new CreateCredentialRequest().setCredentialsName("x")))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("role_arn");
    request.setCredentialsName(unique("bad")).getAwsCredentials().getStsRole().setRoleArn("nope");
    assertThatThrownBy(() -> a.credentials().create(request))
        .isInstanceOf(InvalidParameterValue.class);
    assertThatThrownBy(() -> a.credentials().get("missing")).isInstanceOf(NotFound.class);
  }

  @Test
  void storageRoundTrip() {
    String id = storageId(a, "root-bucket");
    StorageConfiguration s = a.storage().get(id);
    assertThat(s.getRootBucketInfo().getBucketName()).isEqualTo("root-bucket");
    assertThat(a.storage().list())
        .extracting(StorageConfiguration::getStorageConfigurationId)
        .contains(id);
    assertThatThrownBy(
            () ->
                a.storage()
                    .create(
                        new CreateStorageConfigurationRequest()
                            .setStorageConfigurationName(s.getStorageConfigurationName())
                            .setRootBucketInfo(new RootBucketInfo().setBucketName("b"))))
        .isInstanceOf(ResourceAlreadyExists.class);
    assertThatThrownBy(
            () ->
                a.storage()
                    .create(
                        new CreateStorageConfigurationRequest().setStorageConfigurationName("x")))
        .isInstanceOf(InvalidParameterValue.class);
    a.storage().delete(id);
    assertThatThrownBy(() -> a.storage().get(id)).isInstanceOf(NotFound.class);
  }

  @Test
  void networkRoundTripAndRules() {
    String id = networkId(a, "vpc-9", List.of("subnet-1", "subnet-2"), List.of("sg-1", "sg-2"));
    Network n = a.networks().get(id);
    assertThat(n.getVpcId()).isEqualTo("vpc-9");
    assertThat(n.getSubnetIds()).containsExactly("subnet-1", "subnet-2");
    assertThat(n.getVpcStatus()).isEqualTo(VpcStatus.UNATTACHED);
    assertThat(n.getErrorMessages()).isEmpty();
    assertThat(a.networks().list()).extracting(Network::getNetworkId).contains(id);

    var base =
        new CreateNetworkRequest()
            .setNetworkName(unique("n"))
            .setVpcId("vpc-1")
            .setSubnetIds(List.of("subnet-1"))
            .setSecurityGroupIds(List.of("sg-1"));
    assertThatThrownBy(() -> a.networks().create(base))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("at least 2 subnets");
    base.setSubnetIds(List.of("s1", "s2")).setSecurityGroupIds(List.of());
    assertThatThrownBy(() -> a.networks().create(base)).hasMessageContaining("1 to 5");
    base.setSecurityGroupIds(List.of("1", "2", "3", "4", "5", "6"));
    assertThatThrownBy(() -> a.networks().create(base)).hasMessageContaining("1 to 5");
    base.setSecurityGroupIds(List.of("sg")).setNetworkName(n.getNetworkName());
    assertThatThrownBy(() -> a.networks().create(base)).isInstanceOf(ResourceAlreadyExists.class);
    a.networks().delete(id);
    assertThatThrownBy(() -> a.networks().get(id)).isInstanceOf(NotFound.class);
  }

  @Test
  void configurationsInUseCannotBeDeleted() {
    Workspace ws = TestEmulator.runningWorkspace(a);
    assertThat(a.networks().get(ws.getNetworkId()).getVpcStatus()).isEqualTo(VpcStatus.VALID);
    assertThat(a.networks().get(ws.getNetworkId()).getWorkspaceId()).isEqualTo(ws.getWorkspaceId());
    assertThatThrownBy(() -> a.credentials().delete(ws.getCredentialsId()))
        .isInstanceOf(InvalidState.class)
        .hasMessageContaining("used by workspace");
    assertThatThrownBy(() -> a.storage().delete(ws.getStorageConfigurationId()))
        .isInstanceOf(InvalidState.class);
    assertThatThrownBy(() -> a.networks().delete(ws.getNetworkId()))
        .isInstanceOf(InvalidState.class);
    a.workspaces().delete(ws.getWorkspaceId());
    a.credentials().delete(ws.getCredentialsId());
    a.storage().delete(ws.getStorageConfigurationId());
    a.networks().delete(ws.getNetworkId());
  }

  @Test
  void accountsAreSeparate() {
    AccountClient other = emu.account("other-account");
    String id = credentialsId(other, "arn:aws:iam::123456789012:role/x");
    assertThat(other.credentials().get(id).getAccountId()).isEqualTo("other-account");
    assertThatThrownBy(() -> a.credentials().get(id))
        .isInstanceOf(DatabricksError.class)
        .isInstanceOf(NotFound.class);
  }
}
