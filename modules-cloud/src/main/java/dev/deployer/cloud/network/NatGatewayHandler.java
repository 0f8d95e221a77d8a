package dev.deployer.cloud.network;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.Tags;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.NatGatewayAddress;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * {@code aws_nat_gateway}. Create waits until it is available, delete until it is deleted (its
 * Elastic IP and subnet cannot go before). Deleted and deleting gateways linger in describe calls
 * for about an hour: they count as absent.
 */
public final class NatGatewayHandler extends Ec2Handler<NatGatewaySpec> {
  public static final dev.deployer.core.spi.ResourceType<NatGatewaySpec> TYPE =
      dev.deployer.core.spi.ResourceType.of("aws_nat_gateway", NatGatewaySpec.class)
          .replaceOnChange("subnet_id", "allocation_id");
  private static final Set<String> LIVE = Set.of("pending", "available");

  public NatGatewayHandler(AwsClients aws) {
    super(aws, TYPE);
  }

  private Optional<NatGateway> describe(String id) {
    return unlessNotFound(
        () ->
            ec2().describeNatGateways(r -> r.natGatewayIds(id)).natGateways().stream().findFirst());
  }

  private String state(String id) {
    return describe(id).map(NatGateway::stateAsString).orElse("gone");
  }

  @Override
  public Optional<Observed<NatGatewaySpec>> read(
      HandlerContext ctx, String id, NatGatewaySpec prior) {
    // A failed gateway is useless: reading it as absent plans a new one.
    return describe(id)
        .filter(g -> LIVE.contains(g.stateAsString()))
        .map(
            g ->
                new Observed<>(
                    new NatGatewaySpec(
                        g.subnetId(),
                        g.natGatewayAddresses().isEmpty()
                            ? null
                            : g.natGatewayAddresses().get(0).allocationId(),
                        Tags.fromEc2(g.tags())),
                    Map.of()));
  }

  @Override
  public Created create(HandlerContext ctx, NatGatewaySpec spec) {
    String id =
        ec2()
            .createNatGateway(
                r ->
                    r.subnetId(spec.subnetId())
                        .allocationId(spec.allocationId())
                        .tagSpecifications(tagSpec(ResourceType.NATGATEWAY, spec.tags())))
            .natGateway()
            .natGatewayId();
    ctx.report("created " + id + ", waiting until available (a few minutes)");
    waitFor(
        ctx,
        "NAT gateway " + id,
        () -> state(id),
        Set.of("available"),
        Set.of("failed", "deleting", "deleted"));
    return new Created(id, Map.of());
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx, String id, NatGatewaySpec prior, NatGatewaySpec desired) {
    syncTags(id, prior.tags(), desired.tags());
    return Map.of();
  }

  @Override
  public void delete(HandlerContext ctx, String id, NatGatewaySpec prior) {
    List<String> interfaces =
        describe(id).stream()
            .flatMap(g -> g.natGatewayAddresses().stream())
            .map(NatGatewayAddress::networkInterfaceId)
            .toList();
    ignoreNotFound(() -> ec2().deleteNatGateway(r -> r.natGatewayId(id)));
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

  @Override
  public Optional<String> findExisting(HandlerContext ctx, NatGatewaySpec spec) {
    return findOwned(
        ctx,
        filters ->
            ec2().describeNatGateways(r -> r.filter(filters)).natGateways().stream()
                .filter(g -> LIVE.contains(g.stateAsString()))
                .toList(),
        NatGateway::natGatewayId,
        NatGateway::tags);
  }
}
