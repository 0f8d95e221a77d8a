package dev.deployer.cloud.network;

import java.util.List;

/**
 * The point in the destroy order where the network waits for what Databricks launched into it.
 *
 * @param vpcId the customer-managed VPC
 * @param subnetIds the subnets that go only after the wait (their ids make the graph edges)
 * @param securityGroupIds the security groups that go only after the wait
 */
public record VpcDrainSpec(String vpcId, List<String> subnetIds, List<String> securityGroupIds) {
  public VpcDrainSpec {
    subnetIds = subnetIds == null ? List.of() : List.copyOf(subnetIds);
    securityGroupIds = securityGroupIds == null ? List.of() : List.copyOf(securityGroupIds);
  }
}
