package dev.deployer.cloud.network;

import java.util.Objects;
import java.util.stream.Stream;

/**
 * One IPv4 route in a route table, with exactly one target: an internet gateway, a NAT gateway or a
 * VPC peering connection. Routes carry no tags (EC2 cannot tag them).
 */
public record RouteSpec(
    String routeTableId,
    String destinationCidrBlock,
    String gatewayId,
    String natGatewayId,
    String vpcPeeringConnectionId) {

  public RouteSpec {
    Objects.requireNonNull(routeTableId, "routeTableId");
    Objects.requireNonNull(destinationCidrBlock, "destinationCidrBlock");
    if (Stream.of(gatewayId, natGatewayId, vpcPeeringConnectionId).filter(Objects::nonNull).count()
        > 1) {
      throw new IllegalArgumentException(
          "route to " + destinationCidrBlock + " has more than one target");
    }
  }

  public static RouteSpec toGateway(String routeTableId, String cidr, String gatewayId) {
    return new RouteSpec(routeTableId, cidr, gatewayId, null, null);
  }

  public static RouteSpec toNat(String routeTableId, String cidr, String natGatewayId) {
    return new RouteSpec(routeTableId, cidr, null, natGatewayId, null);
  }

  public static RouteSpec toPeering(String routeTableId, String cidr, String peeringId) {
    return new RouteSpec(routeTableId, cidr, null, null, peeringId);
  }
}
