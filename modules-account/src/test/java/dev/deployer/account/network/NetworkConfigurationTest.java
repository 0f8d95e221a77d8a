package dev.deployer.account.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.service.provisioning.ErrorType;
import com.databricks.sdk.service.provisioning.Network;
import com.databricks.sdk.service.provisioning.NetworkHealth;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkConfigurationTest {

  @Test
  void spec_sortsSubnetsAndSecurityGroups_soOrderIsNotDrift() {
    NetworkConfigurationSpec a =
        new NetworkConfigurationSpec("n", "vpc-1", List.of("s-b", "s-a"), List.of("sg-2", "sg-1"));
    NetworkConfigurationSpec b =
        new NetworkConfigurationSpec("n", "vpc-1", List.of("s-a", "s-b"), List.of("sg-1", "sg-2"));
    assertThat(a).isEqualTo(b);
    assertThat(a.subnetIds()).containsExactly("s-a", "s-b");
  }

  @Test
  void everyFieldForcesReplacement() {
    assertThat(NetworkConfigurationHandler.TYPE.replaceOnChange())
        .containsExactlyInAnyOrder(
            "network_name",
            "vpc_id",
            "subnet_ids",
            "security_group_ids",
            "rest_api_endpoint_ids",
            "dataplane_relay_endpoint_ids");
  }

  @Test
  void errorMessages_listsTypeAndMessage_forTheFailedWorkspaceReport() {
    Network n =
        new Network()
            .setErrorMessages(
                List.of(
                    new NetworkHealth()
                        .setErrorType(ErrorType.VPC)
                        .setErrorMessage("VPC vpc-1 does not exist"),
                    new NetworkHealth().setErrorMessage("Subnet s-1 does not exist")));
    assertThat(NetworkConfigurationHandler.errorMessages(n))
        .isEqualTo("VPC: VPC vpc-1 does not exist; Subnet s-1 does not exist");
    assertThat(NetworkConfigurationHandler.errorMessages(new Network()))
        .isEqualTo("the network configuration reports no errors");
  }
}
