package dev.deployer.cloud.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.cloud.testing.EmulatedCloudTest;
import dev.deployer.core.fixture.FakeHandlerContext;
import dev.deployer.core.retry.Waiter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.VpcEndpointType;

/**
 * The destroy wait through the SDK against the AWS emulator: a network interface left in the VPC
 * (as a Databricks cluster node leaves one) holds it; the NAT gateway's and the interface
 * endpoint's own interfaces do not. Time is a fake clock, so the deadline passes at once.
 */
class VpcDrainIT extends EmulatedCloudTest {
  final FakeHandlerContext fake = FakeHandlerContext.waiting("network.vpc_drain");

  @Test
  void leftoverInterface_holdsTheDrainUntilGone_ownNatAndEndpointInterfacesDoNot() {
    String vpc = ec2.createVpc(r -> r.cidrBlock("10.70.0.0/16")).vpc().vpcId();
    String subnet =
        ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.70.0.0/24").availabilityZone("us-east-1a"))
            .subnet()
            .subnetId();
    String eip = ec2.allocateAddress(r -> r.domain("vpc")).allocationId();
    ec2.createNatGateway(r -> r.subnetId(subnet).allocationId(eip));
    ec2.createVpcEndpoint(
        r ->
            r.vpcId(vpc)
                .vpcEndpointType(VpcEndpointType.INTERFACE)
                .serviceName("com.amazonaws.us-east-1.sts")
                .subnetIds(subnet));
    String node =
        ec2.createNetworkInterface(r -> r.subnetId(subnet).description("cluster node"))
            .networkInterface()
            .networkInterfaceId();
    VpcDrainHandler drain = new VpcDrainHandler(t.aws, Duration.ofMinutes(2));
    VpcDrainSpec spec = new VpcDrainSpec(vpc, List.of(subnet), List.of());
    assertThat(drain.create(fake.ctx, spec).id()).isEqualTo(vpc);
    assertThat(drain.read(fake.ctx, vpc, spec)).isPresent();

    assertThatThrownBy(() -> drain.delete(fake.ctx, vpc, spec))
        .isInstanceOf(Waiter.WaitFailedException.class)
        .hasMessageContaining("did not finish within 2m")
        .hasMessageContaining(node);
    assertThat(fake.progress).hasSize(1);
    assertThat(fake.progress.get(0)).contains("1 instance(s)/network interface(s)").contains(node);

    ec2.deleteNetworkInterface(r -> r.networkInterfaceId(node));
    drain.delete(fake.ctx, vpc, spec);
  }
}
