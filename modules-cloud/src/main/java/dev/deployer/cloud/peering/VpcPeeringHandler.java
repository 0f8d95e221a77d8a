package dev.deployer.cloud.peering;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsErrors;
import dev.deployer.cloud.Tags;
import dev.deployer.cloud.network.Ec2Calls;
import dev.deployer.cloud.network.TaggedEc2Handler;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.VpcPeeringConnection;

/**
 * {@code aws_vpc_peering_connection}: the requester side, and the accepter side when asked. A
 * connection that is deleted, rejected, failed or expired reads as absent and is requested again.
 */
public final class VpcPeeringHandler
    extends TaggedEc2Handler<VpcPeeringSpec, VpcPeeringConnection> {
  public static final ResourceType<VpcPeeringSpec> TYPE =
      ResourceType.of("aws_vpc_peering_connection", VpcPeeringSpec.class)
          .outputs("peer_cidr_block")
          .replaceOnChange("vpc_id", "peer_vpc_id");
  private static final Set<String> DEAD =
      Set.of("deleted", "deleting", "rejected", "failed", "expired");
  private static final Set<String> ACCEPTED = Set.of("active", "provisioning");
  private static final Ec2Calls<VpcPeeringSpec, VpcPeeringConnection> CALLS =
      new Ec2Calls<>(
          software.amazon.awssdk.services.ec2.model.ResourceType.VPC_PEERING_CONNECTION,
          VpcPeeringConnection::vpcPeeringConnectionId,
          VpcPeeringConnection::tags,
          (ec2, s, tags) ->
              ec2.createVpcPeeringConnection(
                      r -> r.vpcId(s.vpcId()).peerVpcId(s.peerVpcId()).tagSpecifications(tags))
                  .vpcPeeringConnection(),
          (ec2, ids, f) ->
              ec2.describeVpcPeeringConnections(r -> r.vpcPeeringConnectionIds(ids).filters(f))
                  .vpcPeeringConnections(),
          (ec2, id) -> ec2.deleteVpcPeeringConnection(r -> r.vpcPeeringConnectionId(id)));

  public VpcPeeringHandler(AwsClients aws) {
    super(aws, TYPE, CALLS, c -> c.status().codeAsString());
  }

  @Override
  protected boolean live(VpcPeeringConnection c) {
    return !DEAD.contains(stateOf(c));
  }

  private static Map<String, Object> outputs(VpcPeeringConnection c) {
    String cidr = c.accepterVpcInfo() == null ? null : c.accepterVpcInfo().cidrBlock();
    return cidr == null ? Map.of() : Map.of("peer_cidr_block", cidr);
  }

  @Override
  protected Observed<VpcPeeringSpec> observe(
      String id, VpcPeeringConnection c, VpcPeeringSpec prior) {
    boolean accepted = ACCEPTED.contains(c.status().codeAsString());
    // Without accept, accepting is the peer owner's business, not drift.
    boolean accept = prior != null && !prior.accept() ? false : accepted;
    return new Observed<>(
        new VpcPeeringSpec(
            c.requesterVpcInfo().vpcId(), c.accepterVpcInfo().vpcId(), accept, Tags.from(c.tags())),
        outputs(c));
  }

  @Override
  protected Map<String, Object> created(
      HandlerContext ctx, String id, VpcPeeringConnection c, VpcPeeringSpec spec) {
    if (spec.accept()) {
      accept(ctx, id);
    }
    return outputs(describe(id).orElse(c));
  }

  /** Accepts once the request reached pending-acceptance, then waits until active. */
  private void accept(HandlerContext ctx, String id) {
    ctx.retrier()
        .call(
            "accepting " + id,
            () -> ec2().acceptVpcPeeringConnection(r -> r.vpcPeeringConnectionId(id)),
            e ->
                "InvalidStateTransition".equals(AwsErrors.code(e))
                    || AwsErrors.isRetryable(e, dev.deployer.core.spi.Operation.CREATE));
    waitFor(ctx, "peering " + id, () -> state(id), Set.of("active"), DEAD);
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx, String id, VpcPeeringSpec prior, VpcPeeringSpec desired) {
    if (desired.accept() && !prior.accept()) {
      accept(ctx, id);
    }
    super.update(ctx, id, prior, desired);
    return describe(id).map(VpcPeeringHandler::outputs).orElse(Map.of());
  }
}
