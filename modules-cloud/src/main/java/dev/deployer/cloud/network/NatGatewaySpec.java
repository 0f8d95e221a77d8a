package dev.deployer.cloud.network;

import java.util.Map;
import java.util.Objects;

/** A public NAT gateway in a public subnet, using one Elastic IP allocation. */
public record NatGatewaySpec(String subnetId, String allocationId, Map<String, String> tags)
    implements TaggedSpec {
  public NatGatewaySpec {
    Objects.requireNonNull(subnetId, "subnetId");
    Objects.requireNonNull(allocationId, "allocationId");
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }
}
