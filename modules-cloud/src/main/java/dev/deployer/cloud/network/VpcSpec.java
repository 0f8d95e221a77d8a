package dev.deployer.cloud.network;

import java.util.Map;
import java.util.Objects;

/** A VPC: its CIDR (fixed for life) and the two DNS attributes. */
public record VpcSpec(
    String cidrBlock,
    boolean enableDnsHostnames,
    boolean enableDnsSupport,
    Map<String, String> tags)
    implements TaggedSpec {

  public VpcSpec {
    Objects.requireNonNull(cidrBlock, "cidrBlock");
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }
}
