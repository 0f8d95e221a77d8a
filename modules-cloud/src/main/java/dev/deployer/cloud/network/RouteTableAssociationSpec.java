package dev.deployer.cloud.network;

import java.util.Objects;

/** The association of a subnet with a route table (EC2 cannot tag associations). */
public record RouteTableAssociationSpec(String subnetId, String routeTableId) {
  public RouteTableAssociationSpec {
    Objects.requireNonNull(subnetId, "subnetId");
    Objects.requireNonNull(routeTableId, "routeTableId");
  }
}
