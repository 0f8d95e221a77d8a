package dev.deployer.cloud.network;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.Tags;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.Subnet;

/** {@code aws_subnet}. Replaced when its VPC, CIDR or zone changes; tags change in place. */
public final class SubnetHandler extends TaggedEc2Handler<SubnetSpec, Subnet> {
  public static final ResourceType<SubnetSpec> TYPE =
      ResourceType.of("aws_subnet", SubnetSpec.class)
          .outputs("availability_zone", "cidr_block")
          .replaceOnChange("vpc_id", "cidr_block", "availability_zone");

  public SubnetHandler(AwsClients aws) {
    super(aws, TYPE, Ec2Calls.SUBNET);
  }

  /**
   * Replaced create-first: the network configuration and endpoints that use a subnet move to the
   * new one before it goes (Databricks refuses to lose a workspace's subnets).
   */
  @Override
  public boolean createBeforeDestroy() {
    return true;
  }

  /** Two subnets of one VPC may not overlap, so an overlapping replacement cannot come first. */
  @Override
  public java.util.Optional<String> refuseReplacement(SubnetSpec prior, SubnetSpec desired) {
    if (dev.deployer.core.model.Unknown.in(desired.vpcId())
        || !prior.vpcId().equals(desired.vpcId())) {
      return java.util.Optional.empty();
    }
    java.util.Optional<Cidr> was = Cidr.parse(prior.cidrBlock());
    java.util.Optional<Cidr> now = Cidr.parse(desired.cidrBlock());
    if (was.isEmpty() || now.isEmpty() || !was.get().overlaps(now.get())) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        "the new subnet "
            + desired.cidrBlock()
            + " ("
            + desired.availabilityZone()
            + ") overlaps the one it replaces, "
            + prior.cidrBlock()
            + " ("
            + prior.availabilityZone()
            + "), in the same VPC "
            + prior.vpcId()
            + ". It cannot be created while the old one exists, and the old one cannot go first:"
            + " the workspace's network configuration and the endpoints use it. Choose a CIDR"
            + " that does not overlap "
            + prior.cidrBlock()
            + " (apply), then, if wanted, move back in a second change.");
  }

  private static Map<String, Object> outputs(Subnet s) {
    return Map.of("availability_zone", s.availabilityZone(), "cidr_block", s.cidrBlock());
  }

  @Override
  protected Observed<SubnetSpec> observe(String id, Subnet s, SubnetSpec prior) {
    return new Observed<>(
        new SubnetSpec(s.vpcId(), s.cidrBlock(), s.availabilityZone(), Tags.from(s.tags())),
        outputs(s));
  }

  @Override
  protected Map<String, Object> created(HandlerContext ctx, String id, Subnet s, SubnetSpec spec) {
    return outputs(s);
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx, String id, SubnetSpec prior, SubnetSpec desired) {
    super.update(ctx, id, prior, desired);
    return Map.of(
        "availability_zone", desired.availabilityZone(), "cidr_block", desired.cidrBlock());
  }
}
