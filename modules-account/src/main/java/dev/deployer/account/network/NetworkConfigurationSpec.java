package dev.deployer.account.network;

import java.util.List;
import java.util.Objects;

/**
 * A Databricks network configuration: the customer-managed VPC, its subnets and groups, and for
 * back-end PrivateLink the registered VPC endpoints (Databricks ids) for the REST API and the
 * secure cluster connectivity relay (empty without PrivateLink).
 */
public record NetworkConfigurationSpec(
    String networkName,
    String vpcId,
    List<String> subnetIds,
    List<String> securityGroupIds,
    List<String> restApiEndpointIds,
    List<String> dataplaneRelayEndpointIds) {
  public NetworkConfigurationSpec {
    Objects.requireNonNull(networkName, "networkName");
    // Sorted: the API does not keep order, and order carries no meaning.
    subnetIds = subnetIds.stream().sorted().toList();
    securityGroupIds = securityGroupIds.stream().sorted().toList();
    restApiEndpointIds = sorted(restApiEndpointIds);
    dataplaneRelayEndpointIds = sorted(dataplaneRelayEndpointIds);
  }

  /** A network configuration without PrivateLink endpoints. */
  public NetworkConfigurationSpec(
      String networkName, String vpcId, List<String> subnetIds, List<String> securityGroupIds) {
    this(networkName, vpcId, subnetIds, securityGroupIds, List.of(), List.of());
  }

  private static List<String> sorted(List<String> ids) {
    return ids == null ? List.of() : ids.stream().sorted().toList();
  }
}
