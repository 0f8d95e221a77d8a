package dev.deployer.cloud.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.cloud.testing.EmulatedCloudTest;
import dev.deployer.core.EngineListener;
import dev.deployer.core.EngineRuntime;
import dev.deployer.core.spi.HandlerContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** After a crash between create and record, objects are found by their deployer tags. */
class AdoptionIT extends EmulatedCloudTest {
  EngineRuntime rt = EngineRuntime.system(1, EngineListener.QUIET);

  HandlerContext ctx(String stack, String address) {
    return new HandlerContext(stack, address, rt.retrier(), rt.waiter(), rt.clock(), m -> {});
  }

  /** The tags the engine gives every AWS object of {@code ctx}'s resource. */
  static Map<String, String> tags(HandlerContext ctx) {
    return Map.of("deployer:stack", ctx.stack(), "deployer:address", ctx.address());
  }

  @Test
  void findExisting_adoptsTaggedEipAndLiveNat_ignoresDeletedNatAndOtherStacks() {
    HandlerContext eipCtx = ctx("dev", "network.nat_eip[\"us-east-1a\"]");
    ElasticIpHandler eips = new ElasticIpHandler(t.aws);
    String alloc = eips.create(eipCtx, new ElasticIpSpec(tags(eipCtx))).id();
    assertThat(eips.findExisting(eipCtx, new ElasticIpSpec(tags(eipCtx)))).contains(alloc);
    assertThat(eips.findExisting(ctx("qa", eipCtx.address()), new ElasticIpSpec(Map.of())))
        .isEmpty();

    String vpc = ec2.createVpc(r -> r.cidrBlock("10.60.0.0/16")).vpc().vpcId();
    String subnet =
        ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.60.0.0/24").availabilityZone("us-east-1a"))
            .subnet()
            .subnetId();
    HandlerContext natCtx = ctx("dev", "network.nat_gateway[\"us-east-1a\"]");
    NatGatewayHandler nats = new NatGatewayHandler(t.aws);
    NatGatewaySpec spec = new NatGatewaySpec(subnet, alloc, tags(natCtx));
    String nat = nats.create(natCtx, spec).id();
    assertThat(nats.findExisting(natCtx, spec)).contains(nat);
    assertThat(nats.read(natCtx, nat, spec))
        .hasValueSatisfying(o -> assertThat(o.spec()).isEqualTo(spec));

    nats.delete(natCtx, nat, spec);
    assertThat(nats.findExisting(natCtx, spec)).isEmpty();
    assertThat(nats.read(natCtx, nat, spec)).isEmpty();
    eips.delete(eipCtx, alloc, new ElasticIpSpec(tags(eipCtx)));
    assertThat(ec2.describeAddresses().addresses()).isEmpty();
  }
}
