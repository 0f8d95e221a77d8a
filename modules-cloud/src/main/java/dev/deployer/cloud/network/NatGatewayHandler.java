package dev.deployer.cloud.network;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.Tags;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.NatGatewayAddress;

/**
 * {@code aws_nat_gateway}. Create waits until it is available, delete until it is deleted (its
 * Elastic IP and subnet cannot go before). Deleted and deleting gateways linger in describe calls
 * for about an hour: they count as absent.
 */
public final class NatGatewayHandler extends TaggedEc2Handler<NatGatewaySpec, NatGateway> {
  public static final ResourceType<NatGatewaySpec> TYPE =
      ResourceType.of("aws_nat_gateway", NatGatewaySpec.class)
          .replaceOnChange("subnet_id", "allocation_id");
  private static final Set<String> LIVE = Set.of("pending", "available");

  public NatGatewayHandler(AwsClients aws) {
    super(aws, TYPE, Ec2Calls.NAT_GATEWAY, NatGateway::stateAsString);
  }

  /**
   * A working gateway is never replaced: the replacement could not come first (the gateway's
   * Elastic IP stays with it until it is deleted, and the new one needs it), and taking the old one
   * away first cuts every private subnet routed through it off the internet until the new one is
   * available, the workspace's clusters included. A failed gateway (read as absent) is still
   * created again.
   */
  @Override
  public java.util.Optional<String> refuseReplacement(
      NatGatewaySpec prior, NatGatewaySpec desired) {
    boolean subnetMoves = !prior.subnetId().equals(desired.subnetId());
    return java.util.Optional.of(
        "replacing NAT gateway"
            + (prior.tags().containsKey("Name") ? " " + prior.tags().get("Name") : "")
            + " (in public subnet "
            + prior.subnetId()
            + ") would cut the outbound traffic of the private subnets routed through it,"
            + " the workspace's clusters included: "
            + (subnetMoves
                ? "its public subnet is replaced (a new CIDR or zone for it),"
                : "its Elastic IP changes,")
            + " and a new gateway cannot be created first, because the gateway's Elastic IP "
            + prior.allocationId()
            + " stays with the old one until it is deleted. Keep that public subnet's CIDR and"
            + " zone (network.public_subnet_cidrs, network.availability_zones); to move it,"
            + " deploy a new environment with the new network and move the workloads.");
  }

  /** A failed gateway is useless: reading it as absent plans a new one. */
  @Override
  protected boolean live(NatGateway g) {
    return LIVE.contains(stateOf(g));
  }

  @Override
  protected Observed<NatGatewaySpec> observe(String id, NatGateway g, NatGatewaySpec prior) {
    return new Observed<>(
        new NatGatewaySpec(
            g.subnetId(),
            g.natGatewayAddresses().isEmpty()
                ? null
                : g.natGatewayAddresses().get(0).allocationId(),
            Tags.from(g.tags())),
        Map.of());
  }

  @Override
  protected Map<String, Object> created(
      HandlerContext ctx, String id, NatGateway made, NatGatewaySpec spec) {
    ctx.report("created " + id + ", waiting until available (a few minutes)");
    return Map.of();
  }

  /** After the create, and after the engine adopted the gateway (a retried create, lost state). */
  @Override
  public void awaitReady(HandlerContext ctx, String id, NatGatewaySpec spec) {
    waitFor(
        ctx,
        "NAT gateway " + id,
        () -> state(id),
        Set.of("available"),
        Set.of("failed", "deleting", "deleted"));
  }

  @Override
  public void delete(HandlerContext ctx, String id, NatGatewaySpec prior) {
    List<String> interfaces =
        describe(id).stream()
            .flatMap(g -> g.natGatewayAddresses().stream())
            .map(NatGatewayAddress::networkInterfaceId)
            .toList();
    super.delete(ctx, id, prior);
    waitFor(
        ctx, "deleting NAT gateway " + id, () -> state(id), Set.of("deleted", "gone"), Set.of());
    // EC2 frees the address with the gateway; moto leaves it associated to the gone interface.
    unlessNotFound(
            () ->
                ec2()
                    .describeAddresses(r -> r.allocationIds(prior.allocationId()))
                    .addresses()
                    .stream()
                    .filter(a -> a.associationId() != null)
                    .filter(a -> interfaces.contains(a.networkInterfaceId()))
                    .findFirst())
        .ifPresent(
            a ->
                ignoreNotFound(
                    () -> ec2().disassociateAddress(r -> r.associationId(a.associationId()))));
  }
}
