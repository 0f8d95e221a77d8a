package dev.deployer.account.network;

import java.util.List;
import java.util.Objects;

/** A Databricks network configuration: the customer-managed VPC, its subnets and groups. */
public record NetworkConfigurationSpec(
    String networkName, String vpcId, List<String> subnetIds, List<String> securityGroupIds) {
  public NetworkConfigurationSpec {
    Objects.requireNonNull(networkName, "networkName");
    // Sorted: the API does not keep order, and order carries no meaning.
    subnetIds = subnetIds.stream().sorted().toList();
    securityGroupIds = securityGroupIds.stream().sorted().toList();
  }
}
