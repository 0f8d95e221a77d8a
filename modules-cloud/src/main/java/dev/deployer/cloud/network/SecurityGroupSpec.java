package dev.deployer.cloud.network;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A security group with exactly the listed rules (none other, not even the automatic allow-all
 * egress). VPC, name and description are fixed for the group's life.
 */
public record SecurityGroupSpec(
    String vpcId,
    String groupName,
    String description,
    List<SgRule> ingress,
    List<SgRule> egress,
    Map<String, String> tags)
    implements TaggedSpec {

  public SecurityGroupSpec {
    Objects.requireNonNull(vpcId, "vpcId");
    Objects.requireNonNull(groupName, "groupName");
    Objects.requireNonNull(description, "description");
    ingress = SgRule.normalize(ingress);
    egress = SgRule.normalize(egress);
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }
}
