package dev.deployer.cloud.network;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.Tags;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.InternetGateway;

/**
 * {@code aws_internet_gateway}, including its attachment: attach after create, detach before
 * delete, and a moved or detached gateway re-attached in place.
 */
public final class InternetGatewayHandler
    extends TaggedEc2Handler<InternetGatewaySpec, InternetGateway> {
  public static final ResourceType<InternetGatewaySpec> TYPE =
      ResourceType.of("aws_internet_gateway", InternetGatewaySpec.class);

  public InternetGatewayHandler(AwsClients aws) {
    super(aws, TYPE, Ec2Calls.INTERNET_GATEWAY);
  }

  @Override
  protected Observed<InternetGatewaySpec> observe(
      String id, InternetGateway g, InternetGatewaySpec prior) {
    return new Observed<>(new InternetGatewaySpec(attachedVpc(g), Tags.from(g.tags())), Map.of());
  }

  private static String attachedVpc(InternetGateway g) {
    // EC2 reports an attached gateway's attachment as "available".
    return g.attachments().stream()
        .filter(a -> Set.of("available", "attached", "attaching").contains(a.stateAsString()))
        .map(a -> a.vpcId())
        .findFirst()
        .orElse(null);
  }

  @Override
  protected Map<String, Object> created(
      HandlerContext ctx, String id, InternetGateway made, InternetGatewaySpec spec) {
    if (spec.vpcId() != null) {
      attach(ctx, id, spec.vpcId());
    }
    return Map.of();
  }

  private void attach(HandlerContext ctx, String id, String vpcId) {
    settle(
        ctx,
        "attaching " + id + " to " + vpcId,
        () -> ec2().attachInternetGateway(r -> r.internetGatewayId(id).vpcId(vpcId)));
  }

  private void detach(String id, String vpcId) {
    ignoreNotFound(() -> ec2().detachInternetGateway(r -> r.internetGatewayId(id).vpcId(vpcId)));
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx, String id, InternetGatewaySpec prior, InternetGatewaySpec desired) {
    if (!Objects.equals(prior.vpcId(), desired.vpcId())) {
      if (prior.vpcId() != null) {
        detach(id, prior.vpcId());
      }
      if (desired.vpcId() != null) {
        attach(ctx, id, desired.vpcId());
      }
    }
    return super.update(ctx, id, prior, desired);
  }

  @Override
  public void delete(HandlerContext ctx, String id, InternetGatewaySpec prior) {
    // Detaching fails with DependencyViolation while NAT gateways still map public addresses;
    // the engine retries it, and the NAT gateways are ordered before this gateway anyway.
    Optional<InternetGateway> g = describe(id);
    if (g.isEmpty()) {
      return;
    }
    String vpc = attachedVpc(g.get());
    if (vpc != null) {
      detach(id, vpc);
    }
    super.delete(ctx, id, prior);
  }
}
