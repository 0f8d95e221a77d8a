package dev.deployer.cloud.network;

import java.util.Map;

/** An internet gateway and the VPC it is attached to (null: detached). */
public record InternetGatewaySpec(String vpcId, Map<String, String> tags) implements TaggedSpec {
  public InternetGatewaySpec {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }
}
