package dev.deployer.cloud.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsSettings;
import dev.deployer.core.fixture.FakeHandlerContext;
import dev.deployer.core.spi.Created;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateNatGatewayRequest;
import software.amazon.awssdk.services.ec2.model.CreateNatGatewayResponse;
import software.amazon.awssdk.services.ec2.model.CreateVpcEndpointRequest;
import software.amazon.awssdk.services.ec2.model.CreateVpcEndpointResponse;
import software.amazon.awssdk.services.ec2.model.DescribeNatGatewaysRequest;
import software.amazon.awssdk.services.ec2.model.DescribeNatGatewaysResponse;
import software.amazon.awssdk.services.ec2.model.DescribeVpcEndpointsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVpcEndpointsResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;

/**
 * The NAT gateway and interface endpoint waiters against a scripted EC2 (no network, fake clock):
 * AWS throttles and fails polls while these objects sit in {@code pending} for minutes.
 */
class NatGatewayHandlerTest {
  /** EC2 whose describe answers come from a script; every create is counted. */
  static final class ScriptedEc2 implements Ec2Client {
    final Deque<Supplier<String>> natStates = new ArrayDeque<>();
    final Deque<Supplier<String>> endpointStates = new ArrayDeque<>();
    int creates;

    @Override
    public CreateNatGatewayResponse createNatGateway(CreateNatGatewayRequest r) {
      creates++;
      return CreateNatGatewayResponse.builder()
          .natGateway(NatGateway.builder().natGatewayId("nat-1").state("pending").build())
          .build();
    }

    @Override
    public DescribeNatGatewaysResponse describeNatGateways(DescribeNatGatewaysRequest r) {
      String state = natStates.size() > 1 ? natStates.pop().get() : natStates.peek().get();
      return DescribeNatGatewaysResponse.builder()
          .natGateways(NatGateway.builder().natGatewayId("nat-1").state(state).build())
          .build();
    }

    @Override
    public CreateVpcEndpointResponse createVpcEndpoint(CreateVpcEndpointRequest r) {
      creates++;
      return CreateVpcEndpointResponse.builder()
          .vpcEndpoint(VpcEndpoint.builder().vpcEndpointId("vpce-1").state("pending").build())
          .build();
    }

    @Override
    public DescribeVpcEndpointsResponse describeVpcEndpoints(DescribeVpcEndpointsRequest r) {
      String state =
          endpointStates.size() > 1 ? endpointStates.pop().get() : endpointStates.peek().get();
      return DescribeVpcEndpointsResponse.builder()
          .vpcEndpoints(VpcEndpoint.builder().vpcEndpointId("vpce-1").state(state).build())
          .build();
    }

    @Override
    public String serviceName() {
      return "ec2";
    }

    @Override
    public void close() {}
  }

  static Supplier<String> is(String state) {
    return () -> state;
  }

  static Supplier<String> fails(int status, String code) {
    return () -> {
      throw (Ec2Exception)
          Ec2Exception.builder()
              .statusCode(status)
              .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build())
              .build();
    };
  }

  final FakeHandlerContext fake = FakeHandlerContext.retrying("network.nat_gateway");
  final ScriptedEc2 ec2 = new ScriptedEc2();
  final AwsClients aws =
      new AwsClients(
          AwsSettings.emulator("us-east-1", "http://127.0.0.1:1"), ec2, null, null, null, null);

  /** Create, then the readiness wait the engine calls after it. */
  private <S> Created createdAndReady(dev.deployer.core.spi.ResourceHandler<S> handler, S spec) {
    Created c = handler.create(fake.ctx, spec);
    handler.awaitReady(fake.ctx, c.id(), spec);
    return c;
  }

  @Test
  void natCreate_waitsThroughThrottledAndFailedPolls_untilAvailable_withOneCreate() {
    ec2.natStates.addAll(
        List.of(
            is("pending"),
            fails(503, "RequestLimitExceeded"),
            fails(500, "InternalError"),
            is("pending"),
            is("available")));
    Created c =
        createdAndReady(
            new NatGatewayHandler(aws), new NatGatewaySpec("subnet-1", "eipalloc-1", Map.of()));
    assertThat(c.id()).isEqualTo("nat-1");
    assertThat(ec2.creates).isEqualTo(1);
    assertThat(fake.progress)
        .contains("NAT gateway nat-1: pending")
        .anyMatch(l -> l.contains("retrying after RequestLimitExceeded (503)"));
    assertThat(ec2.natStates).hasSize(1);
  }

  @Test
  void interfaceEndpointCreate_waitsThroughThrottledPolls_untilAvailable() {
    ec2.endpointStates.addAll(
        List.of(is("pending"), fails(503, "RequestLimitExceeded"), is("available")));
    Created c =
        createdAndReady(
            new VpcEndpointHandler(aws),
            new VpcEndpointSpec(
                "vpc-1",
                "com.amazonaws.us-east-1.sts",
                VpcEndpointSpec.INTERFACE,
                List.of(),
                List.of("subnet-1"),
                List.of("sg-1"),
                true,
                Map.of()));
    assertThat(c.id()).isEqualTo("vpce-1");
    assertThat(ec2.creates).isEqualTo(1);
    assertThat(fake.progress).anyMatch(l -> l.contains("pending"));
  }

  @Test
  void aPollThatIsNotTransientStillEndsTheWait() {
    ec2.natStates.addAll(List.of(is("pending"), fails(403, "UnauthorizedOperation")));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                createdAndReady(
                    new NatGatewayHandler(aws),
                    new NatGatewaySpec("subnet-1", "eipalloc-1", Map.of())))
        .isInstanceOf(Ec2Exception.class)
        .hasMessageContaining("UnauthorizedOperation");
  }
}
