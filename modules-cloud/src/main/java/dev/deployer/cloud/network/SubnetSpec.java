package dev.deployer.cloud.network;

import java.util.Map;
import java.util.Objects;

/** A subnet in one availability zone. VPC, CIDR and zone are fixed for the subnet's life. */
public record SubnetSpec(
    String vpcId, String cidrBlock, String availabilityZone, Map<String, String> tags)
    implements TaggedSpec {

  public SubnetSpec {
    Objects.requireNonNull(vpcId, "vpcId");
    Objects.requireNonNull(cidrBlock, "cidrBlock");
    Objects.requireNonNull(availabilityZone, "availabilityZone");
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }
}
