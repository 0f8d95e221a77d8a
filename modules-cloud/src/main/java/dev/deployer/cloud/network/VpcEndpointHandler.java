package dev.deployer.cloud.network;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.Tags;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.SecurityGroupIdentifier;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;

/**
 * {@code aws_vpc_endpoint}. Create waits until available; delete waits until it is gone, so that
 * the subnets and security groups it used can be deleted next without DependencyViolation.
 */
public final class VpcEndpointHandler extends TaggedEc2Handler<VpcEndpointSpec, VpcEndpoint> {
  public static final ResourceType<VpcEndpointSpec> TYPE =
      ResourceType.of("aws_vpc_endpoint", VpcEndpointSpec.class)
          .replaceOnChange("vpc_id", "service_name", "vpc_endpoint_type");
  private static final Set<String> GONE =
      Set.of("deleted", "deleting", "failed", "rejected", "expired");

  public VpcEndpointHandler(AwsClients aws) {
    super(aws, TYPE, Ec2Calls.VPC_ENDPOINT, e -> e.stateAsString().toLowerCase());
  }

  @Override
  protected boolean live(VpcEndpoint e) {
    return !GONE.contains(stateOf(e));
  }

  @Override
  protected Observed<VpcEndpointSpec> observe(String id, VpcEndpoint e, VpcEndpointSpec prior) {
    boolean iface = VpcEndpointSpec.INTERFACE.equals(e.vpcEndpointTypeAsString());
    return new Observed<>(
        new VpcEndpointSpec(
            e.vpcId(),
            e.serviceName(),
            e.vpcEndpointTypeAsString(),
            e.routeTableIds(),
            e.subnetIds(),
            e.groups().stream().map(SecurityGroupIdentifier::groupId).toList(),
            // Private DNS is an interface-endpoint setting (moto reports it on gateways).
            iface && Boolean.TRUE.equals(e.privateDnsEnabled()),
            Tags.from(e.tags())),
        Map.of());
  }

  /** The create call is retried while EC2 does not see the new subnets or groups yet. */
  @Override
  protected VpcEndpoint createObject(HandlerContext ctx, VpcEndpointSpec s) {
    return settle(
        ctx, "creating endpoint for " + s.serviceName(), () -> super.createObject(ctx, s));
  }

  /** After the create, and after the engine adopted the endpoint (a retried create, lost state). */
  @Override
  public void awaitReady(HandlerContext ctx, String id, VpcEndpointSpec s) {
    waitFor(
        ctx,
        "endpoint " + id + " for " + s.serviceName(),
        () -> state(id),
        Set.of("available"),
        GONE);
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx, String id, VpcEndpointSpec prior, VpcEndpointSpec s) {
    boolean iface = VpcEndpointSpec.INTERFACE.equals(s.vpcEndpointType());
    if (!prior.routeTableIds().equals(s.routeTableIds())
        || !prior.subnetIds().equals(s.subnetIds())
        || !prior.securityGroupIds().equals(s.securityGroupIds())
        || prior.privateDnsEnabled() != s.privateDnsEnabled()) {
      ec2()
          .modifyVpcEndpoint(
              r -> {
                r.vpcEndpointId(id)
                    .addRouteTableIds(minus(s.routeTableIds(), prior.routeTableIds()))
                    .removeRouteTableIds(minus(prior.routeTableIds(), s.routeTableIds()))
                    .addSubnetIds(minus(s.subnetIds(), prior.subnetIds()))
                    .removeSubnetIds(minus(prior.subnetIds(), s.subnetIds()))
                    .addSecurityGroupIds(minus(s.securityGroupIds(), prior.securityGroupIds()))
                    .removeSecurityGroupIds(minus(prior.securityGroupIds(), s.securityGroupIds()));
                if (iface && prior.privateDnsEnabled() != s.privateDnsEnabled()) {
                  r.privateDnsEnabled(s.privateDnsEnabled());
                }
              });
      waitFor(ctx, "endpoint " + id, () -> state(id), Set.of("available"), GONE);
    }
    return super.update(ctx, id, prior, s);
  }

  private static List<String> minus(List<String> a, List<String> b) {
    List<String> out = a.stream().filter(x -> !b.contains(x)).toList();
    return out.isEmpty() ? null : out;
  }

  @Override
  public void delete(HandlerContext ctx, String id, VpcEndpointSpec prior) {
    super.delete(ctx, id, prior);
    waitFor(ctx, "deleting endpoint " + id, () -> state(id), Set.of("deleted", "gone"), Set.of());
  }
}
