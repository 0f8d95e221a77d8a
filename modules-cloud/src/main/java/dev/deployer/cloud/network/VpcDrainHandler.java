package dev.deployer.cloud.network;

import dev.deployer.cloud.AwsClients;
import dev.deployer.core.retry.Waiter;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.NatGatewayAddress;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;

/**
 * {@code deployer_vpc_drain}: holds the destroy of the subnets, security groups, VPC and the
 * cross-account role until the instances and network interfaces Databricks launched into the VPC
 * are gone. Deleting a workspace only starts terminating its clusters; on real AWS their network
 * interfaces make subnet and security-group deletes fail with {@code DependencyViolation} for
 * minutes, and Databricks still needs the role to finish terminating them. Creating it calls
 * nothing; deleting it waits (deadline, progress line, the engine's clock and sleeper) and deletes
 * nothing, since those objects are not this stack's.
 */
public final class VpcDrainHandler extends Ec2Handler<VpcDrainSpec> {
  public static final ResourceType<VpcDrainSpec> TYPE =
      ResourceType.of("deployer_vpc_drain", VpcDrainSpec.class)
          .outputs("vpc_id")
          .replaceOnChange("vpc_id");

  /** Cluster nodes usually terminate within minutes; a stuck one should not block for hours. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

  private static final List<String> LIVE_STATES =
      List.of("pending", "running", "shutting-down", "stopping", "stopped");

  private final Duration timeout;

  public VpcDrainHandler(AwsClients aws, Duration timeout) {
    super(aws, TYPE);
    this.timeout = timeout;
  }

  private static Map<String, Object> outputs(String vpcId) {
    return Map.of("vpc_id", vpcId);
  }

  /** Exists while its VPC does; the subnet and group lists only order the destroy. */
  @Override
  public Optional<Observed<VpcDrainSpec>> read(HandlerContext ctx, String id, VpcDrainSpec prior) {
    return unlessNotFound(
        () ->
            ec2().describeVpcs(r -> r.vpcIds(id)).vpcs().stream()
                .findFirst()
                .map(
                    v ->
                        new Observed<>(
                            new VpcDrainSpec(id, prior.subnetIds(), prior.securityGroupIds()),
                            outputs(id))));
  }

  @Override
  public Created create(HandlerContext ctx, VpcDrainSpec spec) {
    return new Created(spec.vpcId(), outputs(spec.vpcId()));
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx, String id, VpcDrainSpec prior, VpcDrainSpec desired) {
    return outputs(id);
  }

  @Override
  public void delete(HandlerContext ctx, String id, VpcDrainSpec prior) {
    waitDrained(ctx, ec2(), id, timeout);
  }

  /** Polls {@link #leftovers} until it is empty, or fails at {@code timeout} naming them. */
  static void waitDrained(HandlerContext ctx, Ec2Client ec2, String vpcId, Duration timeout) {
    ctx.waiter()
        .until(
            "VPC " + vpcId + " drained of what Databricks launched",
            timeout,
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            () -> leftovers(ec2, vpcId),
            left -> left.isEmpty() ? Waiter.State.DONE : Waiter.State.PENDING,
            left ->
                "waiting for "
                    + left.size()
                    + " instance(s)/network interface(s) in "
                    + vpcId
                    + " to go: "
                    + String.join(", ", left),
            ctx::report);
  }

  /**
   * What still holds the VPC: live instances, and network interfaces other than those AWS manages
   * for this stack's NAT gateways and endpoints (which their own deletes remove) or for other AWS
   * services (requester-managed; waiting would not make them go).
   */
  static List<String> leftovers(Ec2Client ec2, String vpcId) {
    Filter inVpc = Filter.builder().name("vpc-id").values(vpcId).build();
    List<String> left = new ArrayList<>();
    Set<String> live = new HashSet<>();
    for (var page :
        ec2.describeInstancesPaginator(
            r ->
                r.filters(
                    inVpc,
                    Filter.builder().name("instance-state-name").values(LIVE_STATES).build()))) {
      for (var reservation : page.reservations()) {
        for (Instance i : reservation.instances()) {
          live.add(i.instanceId());
          left.add("instance " + i.instanceId() + " (" + i.state().nameAsString() + ")");
        }
      }
    }
    Set<String> managed = new HashSet<>();
    for (var page : ec2.describeNatGatewaysPaginator(r -> r.filter(inVpc))) {
      page.natGateways()
          .forEach(
              n ->
                  n.natGatewayAddresses().stream()
                      .map(NatGatewayAddress::networkInterfaceId)
                      .forEach(managed::add));
    }
    for (var page : ec2.describeVpcEndpointsPaginator(r -> r.filters(inVpc))) {
      page.vpcEndpoints().forEach(e -> managed.addAll(e.networkInterfaceIds()));
    }
    for (var page : ec2.describeNetworkInterfacesPaginator(r -> r.filters(inVpc))) {
      for (NetworkInterface n : page.networkInterfaces()) {
        if (managed.contains(n.networkInterfaceId()) || Boolean.TRUE.equals(n.requesterManaged())) {
          continue;
        }
        String instance = n.attachment() == null ? null : n.attachment().instanceId();
        left.add(
            "network interface "
                + n.networkInterfaceId()
                + " ("
                + n.statusAsString()
                + (instance == null ? "" : ", " + instance)
                + ")");
      }
    }
    return left;
  }
}
