package dev.deployer.cloud.network;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;

/**
 * What differs between the tagged EC2 object types in the calls {@link TaggedEc2Handler} makes for
 * every one of them: the tag specification's resource type, the model's id and tags, the create
 * call from the spec with its tags, the describe call narrowed to ids and filters, and the delete
 * call. One constant per type, so a new tagged EC2 type is one more entry here plus its observe
 * (and whatever it must do once created). Types of other packages (the peering connection) declare
 * their constant next to their handler, so this package imports none of them.
 *
 * @param <S> the spec record
 * @param <T> the SDK model type
 */
public record Ec2Calls<S, T>(
    ResourceType tagType,
    Function<T, String> idOf,
    Function<T, List<Tag>> tagsOf,
    Create<S, T> create,
    Describe<T> describe,
    BiConsumer<Ec2Client, String> delete) {

  /**
   * The create call for {@code spec}, with {@code tags} applied atomically; answers the new object
   * as far as the create answer tells it (some answers carry only the id).
   */
  @FunctionalInterface
  public interface Create<S, T> {
    T call(Ec2Client ec2, S spec, TagSpecification tags);
  }

  /** A describe call narrowed to {@code ids} and {@code filters} (either may be empty). */
  @FunctionalInterface
  public interface Describe<T> {
    List<T> call(Ec2Client ec2, List<String> ids, List<Filter> filters);
  }

  public static final Ec2Calls<VpcSpec, Vpc> VPC =
      new Ec2Calls<>(
          ResourceType.VPC,
          Vpc::vpcId,
          Vpc::tags,
          (ec2, s, tags) ->
              ec2.createVpc(r -> r.cidrBlock(s.cidrBlock()).tagSpecifications(tags)).vpc(),
          (ec2, ids, f) -> ec2.describeVpcs(r -> r.vpcIds(ids).filters(f)).vpcs(),
          (ec2, id) -> ec2.deleteVpc(r -> r.vpcId(id)));

  // DependencyViolation while NAT or endpoint interfaces drain is retried by the engine.
  public static final Ec2Calls<SubnetSpec, Subnet> SUBNET =
      new Ec2Calls<>(
          ResourceType.SUBNET,
          Subnet::subnetId,
          Subnet::tags,
          (ec2, s, tags) ->
              ec2.createSubnet(
                      r ->
                          r.vpcId(s.vpcId())
                              .cidrBlock(s.cidrBlock())
                              .availabilityZone(s.availabilityZone())
                              .tagSpecifications(tags))
                  .subnet(),
          (ec2, ids, f) -> ec2.describeSubnets(r -> r.subnetIds(ids).filters(f)).subnets(),
          (ec2, id) -> ec2.deleteSubnet(r -> r.subnetId(id)));

  public static final Ec2Calls<RouteTableSpec, RouteTable> ROUTE_TABLE =
      new Ec2Calls<>(
          ResourceType.ROUTE_TABLE,
          RouteTable::routeTableId,
          RouteTable::tags,
          (ec2, s, tags) ->
              ec2.createRouteTable(r -> r.vpcId(s.vpcId()).tagSpecifications(tags)).routeTable(),
          (ec2, ids, f) ->
              ec2.describeRouteTables(r -> r.routeTableIds(ids).filters(f)).routeTables(),
          (ec2, id) -> ec2.deleteRouteTable(r -> r.routeTableId(id)));

  // DependencyViolation while endpoint interfaces using the group drain is retried.
  public static final Ec2Calls<SecurityGroupSpec, SecurityGroup> SECURITY_GROUP =
      new Ec2Calls<>(
          ResourceType.SECURITY_GROUP,
          SecurityGroup::groupId,
          SecurityGroup::tags,
          // The answer carries only the id.
          (ec2, s, tags) ->
              SecurityGroup.builder()
                  .groupId(
                      ec2.createSecurityGroup(
                              r ->
                                  r.vpcId(s.vpcId())
                                      .groupName(s.groupName())
                                      .description(s.description())
                                      .tagSpecifications(tags))
                          .groupId())
                  .build(),
          (ec2, ids, f) ->
              ec2.describeSecurityGroups(r -> r.groupIds(ids).filters(f)).securityGroups(),
          (ec2, id) -> ec2.deleteSecurityGroup(r -> r.groupId(id)));

  // InvalidIPAddress.InUse while a NAT gateway lets go of the address is retried by the engine.
  public static final Ec2Calls<ElasticIpSpec, Address> ELASTIC_IP =
      new Ec2Calls<>(
          ResourceType.ELASTIC_IP,
          Address::allocationId,
          Address::tags,
          // The answer carries the allocation id and the address.
          (ec2, s, tags) -> {
            var a = ec2.allocateAddress(r -> r.domain(DomainType.VPC).tagSpecifications(tags));
            return Address.builder().allocationId(a.allocationId()).publicIp(a.publicIp()).build();
          },
          (ec2, ids, f) -> ec2.describeAddresses(r -> r.allocationIds(ids).filters(f)).addresses(),
          (ec2, id) -> ec2.releaseAddress(r -> r.allocationId(id)));

  public static final Ec2Calls<NatGatewaySpec, NatGateway> NAT_GATEWAY =
      new Ec2Calls<>(
          ResourceType.NATGATEWAY,
          NatGateway::natGatewayId,
          NatGateway::tags,
          (ec2, s, tags) ->
              ec2.createNatGateway(
                      r ->
                          r.subnetId(s.subnetId())
                              .allocationId(s.allocationId())
                              .tagSpecifications(tags))
                  .natGateway(),
          (ec2, ids, f) ->
              ec2.describeNatGateways(r -> r.natGatewayIds(ids).filter(f)).natGateways(),
          (ec2, id) -> ec2.deleteNatGateway(r -> r.natGatewayId(id)));

  public static final Ec2Calls<InternetGatewaySpec, InternetGateway> INTERNET_GATEWAY =
      new Ec2Calls<>(
          ResourceType.INTERNET_GATEWAY,
          InternetGateway::internetGatewayId,
          InternetGateway::tags,
          (ec2, s, tags) ->
              ec2.createInternetGateway(r -> r.tagSpecifications(tags)).internetGateway(),
          (ec2, ids, f) ->
              ec2.describeInternetGateways(r -> r.internetGatewayIds(ids).filters(f))
                  .internetGateways(),
          (ec2, id) -> ec2.deleteInternetGateway(r -> r.internetGatewayId(id)));

  public static final Ec2Calls<VpcEndpointSpec, VpcEndpoint> VPC_ENDPOINT =
      new Ec2Calls<>(
          ResourceType.VPC_ENDPOINT,
          VpcEndpoint::vpcEndpointId,
          VpcEndpoint::tags,
          // An interface endpoint sits in subnets with security groups, a gateway one in route
          // tables.
          (ec2, s, tags) ->
              ec2.createVpcEndpoint(
                      r -> {
                        r.vpcId(s.vpcId())
                            .serviceName(s.serviceName())
                            .vpcEndpointType(s.vpcEndpointType())
                            .tagSpecifications(tags);
                        if (VpcEndpointSpec.INTERFACE.equals(s.vpcEndpointType())) {
                          r.subnetIds(s.subnetIds())
                              .securityGroupIds(s.securityGroupIds())
                              .privateDnsEnabled(s.privateDnsEnabled());
                        } else {
                          r.routeTableIds(s.routeTableIds());
                        }
                      })
                  .vpcEndpoint(),
          (ec2, ids, f) ->
              ec2.describeVpcEndpoints(r -> r.vpcEndpointIds(ids).filters(f)).vpcEndpoints(),
          (ec2, id) -> ec2.deleteVpcEndpoints(r -> r.vpcEndpointIds(id)));
}
