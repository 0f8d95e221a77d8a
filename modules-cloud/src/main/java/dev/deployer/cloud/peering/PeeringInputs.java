package dev.deployer.cloud.peering;

import dev.deployer.cloud.network.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A peering of the environment's VPC with another VPC of the same account and region (RESOURCES.md
 * 2.4).
 *
 * @param name names the connection ({@code Name} tag)
 * @param peerVpcCidr routed from our private route tables to the peer
 * @param peerRouteTableIds the peer's route tables that get a route back to our VPC; empty leaves
 *     the return routes to the peer's owner
 */
public record PeeringInputs(
    String name, String peerVpcId, String peerVpcCidr, List<String> peerRouteTableIds) {

  public PeeringInputs {
    peerRouteTableIds = peerRouteTableIds == null ? List.of() : List.copyOf(peerRouteTableIds);
  }

  /** Every problem found, each starting with the field it is about; empty when valid. */
  public List<String> validate(String ourVpcCidr) {
    List<String> problems = new ArrayList<>();
    if (name == null || name.isBlank()) {
      problems.add("name: missing");
    }
    if (peerVpcId == null || !peerVpcId.matches("vpc-[0-9a-f]{8,17}")) {
      problems.add("peer_vpc_id: '" + peerVpcId + "' is not a VPC id");
    }
    Optional<Cidr> peer = Cidr.parse(peerVpcCidr);
    if (peer.isEmpty()) {
      problems.add("peer_vpc_cidr: '" + peerVpcCidr + "' is not an IPv4 CIDR block");
    } else {
      Cidr.parse(ourVpcCidr)
          .filter(ours -> ours.overlaps(peer.get()))
          .ifPresent(
              ours ->
                  problems.add(
                      "peer_vpc_cidr: "
                          + peerVpcCidr
                          + " overlaps this environment's VPC "
                          + ourVpcCidr
                          + "; peered VPCs cannot overlap"));
    }
    for (int i = 0; i < peerRouteTableIds.size(); i++) {
      if (!peerRouteTableIds.get(i).matches("rtb-[0-9a-f]{8,17}")) {
        problems.add(
            "peer_route_table_ids["
                + i
                + "]: '"
                + peerRouteTableIds.get(i)
                + "' is not a route table id");
      }
    }
    return problems;
  }
}
