package dev.deployer.cloud.network;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rules (normally none) and tags of a VPC's default security group, which EC2 creates with the
 * VPC and deletes with it.
 */
public record DefaultSecurityGroupSpec(
    String vpcId, List<SgRule> ingress, List<SgRule> egress, Map<String, String> tags) {

  public DefaultSecurityGroupSpec {
    Objects.requireNonNull(vpcId, "vpcId");
    ingress = SgRule.normalize(ingress);
    egress = SgRule.normalize(egress);
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /** The default group stripped of every rule. */
  public static DefaultSecurityGroupSpec stripped(String vpcId, Map<String, String> tags) {
    return new DefaultSecurityGroupSpec(vpcId, List.of(), List.of(), tags);
  }
}
