package dev.deployer.cloud.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.core.fixture.FakeClock;
import dev.deployer.core.fixture.FakeHandlerContext;
import dev.deployer.core.retry.Waiter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeNatGatewaysRequest;
import software.amazon.awssdk.services.ec2.model.DescribeNatGatewaysResponse;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkInterfacesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkInterfacesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeVpcEndpointsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVpcEndpointsResponse;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.NatGatewayAddress;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.NetworkInterfaceAttachment;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;

/**
 * The destroy wait, against a scripted EC2 that answers as AWS does while Databricks' cluster nodes
 * terminate (instances shutting-down, their interfaces in use, then gone). Clock and sleeper are
 * fakes: no time passes for real.
 */
class VpcDrainHandlerTest {
  final FakeHandlerContext fake = FakeHandlerContext.waiting("network.vpc_drain");

  /** An EC2 whose instances terminate after {@code instanceGoneAfter} and ENIs after more. */
  static final class TerminatingEc2 implements Ec2Client {
    final FakeClock clock;
    final Instant instanceGone;
    final Instant eniGone;
    final List<String> filtersSeen = new ArrayList<>();

    TerminatingEc2(FakeClock clock, Duration instanceGoneAfter, Duration eniGoneAfter) {
      this.clock = clock;
      this.instanceGone = clock.instant().plus(instanceGoneAfter);
      this.eniGone = clock.instant().plus(eniGoneAfter);
    }

    @Override
    public DescribeInstancesResponse describeInstances(DescribeInstancesRequest r) {
      r.filters().forEach(f -> filtersSeen.add(f.name() + "=" + f.values()));
      List<Reservation> res =
          clock.instant().isBefore(instanceGone)
              ? List.of(
                  Reservation.builder()
                      .instances(
                          Instance.builder()
                              .instanceId("i-databricks1")
                              .state(s -> s.name(InstanceStateName.SHUTTING_DOWN))
                              .build())
                      .build())
              : List.of();
      return DescribeInstancesResponse.builder().reservations(res).build();
    }

    @Override
    public DescribeNatGatewaysResponse describeNatGateways(DescribeNatGatewaysRequest r) {
      return DescribeNatGatewaysResponse.builder()
          .natGateways(
              NatGateway.builder()
                  .natGatewayId("nat-1")
                  .natGatewayAddresses(
                      NatGatewayAddress.builder().networkInterfaceId("eni-nat").build())
                  .build())
          .build();
    }

    @Override
    public DescribeVpcEndpointsResponse describeVpcEndpoints(DescribeVpcEndpointsRequest r) {
      return DescribeVpcEndpointsResponse.builder()
          .vpcEndpoints(VpcEndpoint.builder().networkInterfaceIds("eni-sts-endpoint").build())
          .build();
    }

    @Override
    public DescribeNetworkInterfacesResponse describeNetworkInterfaces(
        DescribeNetworkInterfacesRequest r) {
      List<NetworkInterface> enis = new ArrayList<>();
      enis.add(NetworkInterface.builder().networkInterfaceId("eni-nat").status("in-use").build());
      enis.add(
          NetworkInterface.builder()
              .networkInterfaceId("eni-sts-endpoint")
              .status("in-use")
              .build());
      enis.add(
          NetworkInterface.builder()
              .networkInterfaceId("eni-lambda")
              .requesterManaged(true)
              .status("in-use")
              .build());
      if (clock.instant().isBefore(eniGone)) {
        enis.add(
            NetworkInterface.builder()
                .networkInterfaceId("eni-node1")
                .status("in-use")
                .attachment(
                    NetworkInterfaceAttachment.builder().instanceId("i-databricks1").build())
                .build());
      }
      return DescribeNetworkInterfacesResponse.builder().networkInterfaces(enis).build();
    }

    @Override
    public String serviceName() {
      return "ec2";
    }

    @Override
    public void close() {}
  }

  @Test
  void destroy_waitsUntilDatabricksInstancesAndInterfacesAreGone_withProgressAndNoRealSleep() {
    TerminatingEc2 ec2 =
        new TerminatingEc2(fake.clock, Duration.ofSeconds(40), Duration.ofSeconds(90));
    Instant start = fake.clock.instant();

    VpcDrainHandler.waitDrained(fake.ctx, ec2, "vpc-1", Duration.ofMinutes(30));

    Duration waited = Duration.between(start, fake.clock.instant());
    assertThat(waited).isBetween(Duration.ofSeconds(90), Duration.ofMinutes(3));
    assertThat(fake.sleeper.sleeps()).isNotEmpty();
    assertThat(fake.progress.get(0))
        .contains("vpc-1")
        .contains("instance i-databricks1 (shutting-down)")
        .contains("network interface eni-node1 (in-use, i-databricks1)")
        .doesNotContain("eni-nat")
        .doesNotContain("eni-sts-endpoint")
        .doesNotContain("eni-lambda");
    assertThat(fake.progress)
        .anySatisfy(p -> assertThat(p).contains("eni-node1").doesNotContain("i-databricks1 ("));
    assertThat(ec2.filtersSeen).contains("vpc-id=[vpc-1]");
  }

  @Test
  void destroy_thatNeverDrains_failsAtTheDeadlineNamingWhatIsLeft() {
    TerminatingEc2 ec2 = new TerminatingEc2(fake.clock, Duration.ofDays(1), Duration.ofDays(1));
    assertThatThrownBy(
            () -> VpcDrainHandler.waitDrained(fake.ctx, ec2, "vpc-1", Duration.ofMinutes(30)))
        .isInstanceOf(Waiter.WaitFailedException.class)
        .hasMessageContaining("did not finish within")
        .hasMessageContaining("i-databricks1")
        .hasMessageContaining("eni-node1");
  }

  @Test
  void anEmptyVpc_drainsAtOnce() {
    TerminatingEc2 ec2 = new TerminatingEc2(fake.clock, Duration.ZERO, Duration.ZERO);
    VpcDrainHandler.waitDrained(fake.ctx, ec2, "vpc-1", Duration.ofMinutes(30));
    assertThat(fake.sleeper.sleeps()).isEmpty();
    assertThat(fake.progress).isEmpty();
  }
}
