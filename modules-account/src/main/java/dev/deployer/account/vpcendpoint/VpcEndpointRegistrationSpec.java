package dev.deployer.account.vpcendpoint;

import java.util.Objects;

/** An AWS VPC endpoint registered with the Databricks account, in its region. */
public record VpcEndpointRegistrationSpec(
    String vpcEndpointName, String awsVpcEndpointId, String region) {
  public VpcEndpointRegistrationSpec {
    Objects.requireNonNull(vpcEndpointName, "vpcEndpointName");
    Objects.requireNonNull(awsVpcEndpointId, "awsVpcEndpointId");
    Objects.requireNonNull(region, "region");
  }
}
