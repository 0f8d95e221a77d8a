package dev.deployer.cloud.peering;

import dev.deployer.cloud.network.TaggedSpec;
import java.util.Map;
import java.util.Objects;

/**
 * A VPC peering connection requested from {@code vpcId} to {@code peerVpcId} in the same account
 * and region.
 *
 * @param accept accept the request too (both sides are this account's); false leaves the accepting
 *     to the peer's owner
 */
public record VpcPeeringSpec(
    String vpcId, String peerVpcId, boolean accept, Map<String, String> tags)
    implements TaggedSpec {
  public VpcPeeringSpec {
    Objects.requireNonNull(vpcId, "vpcId");
    Objects.requireNonNull(peerVpcId, "peerVpcId");
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }
}
