package dev.deployer.cloud.network;

import java.util.Map;
import java.util.Objects;

/** A route table; its routes and associations are resources of their own. */
public record RouteTableSpec(String vpcId, Map<String, String> tags) implements TaggedSpec {
  public RouteTableSpec {
    Objects.requireNonNull(vpcId, "vpcId");
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }
}
