package dev.deployer.cloud.network;

import java.util.Map;

/** A VPC Elastic IP address; only its tags can be set. */
public record ElasticIpSpec(Map<String, String> tags) implements TaggedSpec {
  public ElasticIpSpec {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }
}
