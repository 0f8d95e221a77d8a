package dev.deployer.cloud.network;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.Tags;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;

/** {@code aws_vpc}. The CIDR forces replacement; DNS attributes and tags change in place. */
public final class VpcHandler extends TaggedEc2Handler<VpcSpec, Vpc> {
  public static final ResourceType<VpcSpec> TYPE =
      ResourceType.of("aws_vpc", VpcSpec.class).outputs("cidr_block").replaceOnChange("cidr_block");

  public VpcHandler(AwsClients aws) {
    super(aws, TYPE, Ec2Calls.VPC);
  }

  /**
   * A new CIDR block means a new VPC, and with it a new NAT gateway for the Elastic IP the old one
   * holds: the workspace would lose egress, or its network be deleted under it. Refused at plan
   * time; AWS's secondary CIDR blocks are the way to grow a VPC (not managed by deployer yet).
   */
  @Override
  public java.util.Optional<String> refuseReplacement(VpcSpec prior, VpcSpec desired) {
    return java.util.Optional.of(
        "network.vpc_cidr changed from "
            + prior.cidrBlock()
            + " to "
            + desired.cidrBlock()
            + ", which needs a new VPC. Everything in the old one (NAT gateways with their"
            + " Elastic IPs, subnets, endpoints) would have to go before the workspace could move,"
            + " cutting its network. deployer refuses this; nothing was changed. Keep the CIDR, or"
            + " deploy a new environment with the new CIDR and retire this one.");
  }

  @Override
  protected Observed<VpcSpec> observe(String id, Vpc v, VpcSpec prior) {
    return new Observed<>(
        new VpcSpec(
            v.cidrBlock(),
            attribute(id, VpcAttributeName.ENABLE_DNS_HOSTNAMES),
            attribute(id, VpcAttributeName.ENABLE_DNS_SUPPORT),
            Tags.from(v.tags())),
        outputs(v));
  }

  private boolean attribute(String id, VpcAttributeName name) {
    var a = ec2().describeVpcAttribute(r -> r.vpcId(id).attribute(name));
    AttributeBooleanValue v =
        name == VpcAttributeName.ENABLE_DNS_HOSTNAMES
            ? a.enableDnsHostnames()
            : a.enableDnsSupport();
    return v != null && Boolean.TRUE.equals(v.value());
  }

  private static Map<String, Object> outputs(Vpc v) {
    return Map.of("cidr_block", v.cidrBlock());
  }

  @Override
  protected Map<String, Object> created(HandlerContext ctx, String id, Vpc vpc, VpcSpec spec) {
    waitFor(
        ctx,
        "VPC " + id + " available",
        () -> describe(id).map(Vpc::stateAsString).orElse("not visible yet"),
        Set.of("available"),
        Set.of());
    setDns(ctx, id, spec, null);
    return outputs(vpc);
  }

  // One attribute per ModifyVpcAttribute call (an API rule); support must be on before hostnames.
  private void setDns(HandlerContext ctx, String id, VpcSpec spec, VpcSpec prior) {
    if (prior == null || prior.enableDnsSupport() != spec.enableDnsSupport()) {
      settle(
          ctx,
          "enabling DNS support on " + id,
          () ->
              ec2()
                  .modifyVpcAttribute(
                      r -> r.vpcId(id).enableDnsSupport(b -> b.value(spec.enableDnsSupport()))));
    }
    if (prior == null || prior.enableDnsHostnames() != spec.enableDnsHostnames()) {
      settle(
          ctx,
          "enabling DNS hostnames on " + id,
          () ->
              ec2()
                  .modifyVpcAttribute(
                      r ->
                          r.vpcId(id).enableDnsHostnames(b -> b.value(spec.enableDnsHostnames()))));
    }
  }

  @Override
  public Map<String, Object> update(HandlerContext ctx, String id, VpcSpec prior, VpcSpec desired) {
    setDns(ctx, id, desired, prior);
    super.update(ctx, id, prior, desired);
    return Map.of("cidr_block", desired.cidrBlock());
  }
}
