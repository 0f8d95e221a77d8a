package dev.deployer.cloud.network;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A VPC endpoint: a {@code Gateway} endpoint lives on route tables, an {@code Interface} endpoint
 * in subnets behind security groups. Route tables, subnets, security groups, private DNS and tags
 * change in place; VPC, service and type are fixed.
 */
public record VpcEndpointSpec(
    String vpcId,
    String serviceName,
    String vpcEndpointType,
    List<String> routeTableIds,
    List<String> subnetIds,
    List<String> securityGroupIds,
    boolean privateDnsEnabled,
    Map<String, String> tags)
    implements TaggedSpec {

  public static final String GATEWAY = "Gateway";
  public static final String INTERFACE = "Interface";

  public VpcEndpointSpec {
    Objects.requireNonNull(vpcId, "vpcId");
    Objects.requireNonNull(serviceName, "serviceName");
    Objects.requireNonNull(vpcEndpointType, "vpcEndpointType");
    routeTableIds = Ec2Handler.sorted(routeTableIds);
    subnetIds = Ec2Handler.sorted(subnetIds);
    securityGroupIds = Ec2Handler.sorted(securityGroupIds);
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  public static VpcEndpointSpec gateway(
      String vpcId, String serviceName, List<String> routeTableIds, Map<String, String> tags) {
    return new VpcEndpointSpec(
        vpcId, serviceName, GATEWAY, routeTableIds, List.of(), List.of(), false, tags);
  }

  public static VpcEndpointSpec iface(
      String vpcId,
      String serviceName,
      List<String> subnetIds,
      List<String> securityGroupIds,
      Map<String, String> tags) {
    return new VpcEndpointSpec(
        vpcId, serviceName, INTERFACE, List.of(), subnetIds, securityGroupIds, true, tags);
  }
}
