package dev.deployer.cloud.network;

import dev.deployer.cloud.ModuleInputs;
import dev.deployer.core.model.Ref;
import dev.deployer.core.model.Resolver;
import dev.deployer.core.model.Resource;
import dev.deployer.core.model.StackBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Databricks data-plane network (RESOURCES.md 2.1): VPC, a public and a private subnet per
 * zone, internet gateway, NAT gateways with their Elastic IPs, route tables, the default security
 * group stripped, the workspace security group, and S3, STS and Kinesis endpoints.
 */
public final class NetworkModule {
  static final String ANYWHERE = "0.0.0.0/0";

  /**
   * What the module gives the account layer (the Databricks network configuration) and peering.
   * Maps are keyed by availability zone, in the configured order.
   */
  public record Outputs(
      Resource<VpcSpec> vpc,
      Ref vpcId,
      Ref vpcCidr,
      Map<String, Ref> publicSubnetIds,
      Map<String, Ref> privateSubnetIds,
      Ref workspaceSecurityGroupId,
      List<String> additionalSecurityGroupIds,
      Ref publicRouteTableId,
      Map<String, Ref> privateRouteTableIds) {

    public Outputs {
      publicSubnetIds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(publicSubnetIds));
      privateSubnetIds =
          java.util.Collections.unmodifiableMap(new LinkedHashMap<>(privateSubnetIds));
      privateRouteTableIds =
          java.util.Collections.unmodifiableMap(new LinkedHashMap<>(privateRouteTableIds));
      additionalSecurityGroupIds = List.copyOf(additionalSecurityGroupIds);
    }

    public List<Ref> privateSubnetIdList() {
      return List.copyOf(privateSubnetIds.values());
    }

    /** The public route table first (none in an isolated network), then the private ones. */
    public List<Ref> routeTableIds() {
      List<Ref> all = new ArrayList<>();
      if (publicRouteTableId != null) {
        all.add(publicRouteTableId);
      }
      all.addAll(privateRouteTableIds.values());
      return all;
    }

    /** The security groups for Databricks: the workspace group, then the additional ones. */
    public List<String> securityGroupIds(Resolver r) {
      List<String> ids = new ArrayList<>();
      ids.add(r.get(workspaceSecurityGroupId));
      ids.addAll(additionalSecurityGroupIds);
      return ids;
    }
  }

  private NetworkModule() {}

  /**
   * Declares {@code module.vpc_drain}: on destroy, after everything that reads its {@code vpc_id}
   * (the Databricks network configuration, hence the workspace) and before the subnets, security
   * groups, VPC and {@code keepUntilDrained} (the cross-account role Databricks still needs to
   * terminate its clusters), it waits until the VPC holds nothing Databricks launched.
   */
  public static Resource<VpcDrainSpec> declareDrain(
      StackBuilder stack, String module, Outputs network, List<Resource<?>> keepUntilDrained) {
    List<Ref> subnets = new ArrayList<>(network.publicSubnetIds().values());
    subnets.addAll(network.privateSubnetIds().values());
    return stack.add(
        module + ".vpc_drain",
        VpcDrainHandler.TYPE,
        r -> {
          keepUntilDrained.forEach(r::after);
          return new VpcDrainSpec(
              r.get(network.vpcId()),
              r.getAll(subnets),
              List.of(r.get(network.workspaceSecurityGroupId())));
        });
  }

  /**
   * Declares the network under {@code module}.
   *
   * @throws IllegalArgumentException listing every problem {@link NetworkInputs#validate()} finds
   */
  public static Outputs declare(
      StackBuilder stack, String region, String module, NetworkInputs in) {
    ModuleInputs.requireValid("network", in.validate());
    String p = in.prefix();
    List<String> zones = in.availabilityZones();

    Resource<VpcSpec> vpc =
        stack.add(
            module + ".vpc",
            VpcHandler.TYPE,
            r -> new VpcSpec(in.vpcCidr(), true, true, named(r, p + "-data-plane-VPC")));
    Ref vpcId = vpc.id();

    Map<String, Ref> publicSubnets = new LinkedHashMap<>();
    Map<String, Ref> privateSubnets = new LinkedHashMap<>();
    for (int i = 0; i < zones.size(); i++) {
      String az = zones.get(i);
      if (!in.isolated()) {
        publicSubnets.put(
            az, subnet(stack, module, "public", p, vpcId, az, in.publicSubnetCidrs().get(i)));
      }
      privateSubnets.put(
          az, subnet(stack, module, "private", p, vpcId, az, in.privateSubnetCidrs().get(i)));
    }

    Map<String, Ref> privateTables = new LinkedHashMap<>();
    Ref publicTable = null;
    if (in.isolated()) {
      // No internet gateway, NAT or default route: only the endpoints below lead out.
      for (String az : zones) {
        privateTables.put(az, privateRouteTable(stack, module, p, vpcId, az, privateSubnets));
      }
    } else {
      publicTable =
          internetEgress(stack, module, in, vpcId, publicSubnets, privateSubnets, privateTables);
    }
    Ref publicTableId = publicTable;

    stack.add(
        module + ".default_security_group",
        DefaultSecurityGroupHandler.TYPE,
        r -> DefaultSecurityGroupSpec.stripped(r.get(vpcId), named(r, p + "-default-sg")));
    Ref sg =
        stack
            .add(
                module + ".security_group",
                SecurityGroupHandler.TYPE,
                r ->
                    new SecurityGroupSpec(
                        r.get(vpcId),
                        p + "-data-plane-sg",
                        "Databricks data plane: cluster nodes and endpoints",
                        ingressRules(in),
                        egressRules(in),
                        named(r, p + "-data-plane-sg")))
            .id();

    stack.add(
        module + ".s3_endpoint",
        VpcEndpointHandler.TYPE,
        r ->
            VpcEndpointSpec.gateway(
                r.get(vpcId),
                "com.amazonaws." + region + ".s3",
                r.getAll(List.copyOf(privateTables.values())),
                named(r, p + "-s3-endpoint")));
    List<Ref> endpointSubnets =
        List.copyOf(privateSubnets.values()).subList(0, Math.min(2, privateSubnets.size()));
    for (String service : List.of("sts", "kinesis-streams")) {
      stack.add(
          module + "." + service.replace("-streams", "") + "_endpoint",
          VpcEndpointHandler.TYPE,
          r ->
              VpcEndpointSpec.iface(
                  r.get(vpcId),
                  "com.amazonaws." + region + "." + service,
                  r.getAll(endpointSubnets),
                  List.of(r.get(sg)),
                  named(r, p + "-" + service + "-endpoint")));
    }

    return new Outputs(
        vpc,
        vpcId,
        vpc.out("cidr_block"),
        publicSubnets,
        privateSubnets,
        sg,
        in.additionalSecurityGroupIds(),
        publicTableId,
        privateTables);
  }

  /** {@code <module>.<kind>_subnet["az"]}, named {@code <prefix>-<kind>-<az>}. */
  public static Ref subnet(
      StackBuilder stack, String module, String kind, String p, Ref vpcId, String az, String cidr) {
    return stack
        .add(
            key(module + "." + kind + "_subnet", az),
            SubnetHandler.TYPE,
            r -> new SubnetSpec(r.get(vpcId), cidr, az, named(r, p + "-" + kind + "-" + az)))
        .id();
  }

  private static Ref privateRouteTable(
      StackBuilder stack,
      String module,
      String p,
      Ref vpcId,
      String az,
      Map<String, Ref> privateSubnets) {
    Ref table =
        stack
            .add(
                key(module + ".private_route_table", az),
                RouteTableHandler.TYPE,
                r -> new RouteTableSpec(r.get(vpcId), named(r, p + "-private-rt-" + az)))
            .id();
    Ref privateSubnet = privateSubnets.get(az);
    stack.add(
        key(module + ".private_route_table_association", az),
        RouteTableAssociationHandler.TYPE,
        r -> new RouteTableAssociationSpec(r.get(privateSubnet), r.get(table)));
    return table;
  }

  /**
   * The internet gateway, NAT gateways with their Elastic IPs, the public route table and the
   * private ones with their default routes through NAT; returns the public route table's id.
   */
  private static Ref internetEgress(
      StackBuilder stack,
      String module,
      NetworkInputs in,
      Ref vpcId,
      Map<String, Ref> publicSubnets,
      Map<String, Ref> privateSubnets,
      Map<String, Ref> privateTables) {
    String p = in.prefix();
    List<String> zones = in.availabilityZones();
    Resource<InternetGatewaySpec> igw =
        stack.add(
            module + ".internet_gateway",
            InternetGatewayHandler.TYPE,
            r -> new InternetGatewaySpec(r.get(vpcId), named(r, p + "-igw")));

    // NAT gateways need the internet gateway attached first, and must go before it is detached.
    Map<String, Ref> natByZone = new LinkedHashMap<>();
    for (String az : in.singleNatGateway() ? zones.subList(0, 1) : zones) {
      Resource<ElasticIpSpec> eip =
          stack.add(
              key(module + ".nat_eip", az),
              ElasticIpHandler.TYPE,
              r -> {
                r.after(igw);
                return new ElasticIpSpec(named(r, p + "-nat-eip-" + az));
              });
      Ref subnet = publicSubnets.get(az);
      natByZone.put(
          az,
          stack
              .add(
                  key(module + ".nat_gateway", az),
                  NatGatewayHandler.TYPE,
                  r -> {
                    r.after(igw);
                    return new NatGatewaySpec(
                        r.get(subnet), r.get(eip.id()), named(r, p + "-nat-" + az));
                  })
              .id());
    }

    Ref publicTable =
        stack
            .add(
                module + ".public_route_table",
                RouteTableHandler.TYPE,
                r -> new RouteTableSpec(r.get(vpcId), named(r, p + "-public-rt")))
            .id();
    stack.add(
        module + ".public_default_route",
        RouteHandler.TYPE,
        r -> RouteSpec.toGateway(r.get(publicTable), ANYWHERE, r.get(igw.id())));
    for (String az : zones) {
      Ref subnet = publicSubnets.get(az);
      stack.add(
          key(module + ".public_route_table_association", az),
          RouteTableAssociationHandler.TYPE,
          r -> new RouteTableAssociationSpec(r.get(subnet), r.get(publicTable)));
      Ref table = privateRouteTable(stack, module, p, vpcId, az, privateSubnets);
      privateTables.put(az, table);
      Ref nat = natByZone.getOrDefault(az, natByZone.get(zones.get(0)));
      stack.add(
          key(module + ".private_default_route", az),
          RouteHandler.TYPE,
          r -> RouteSpec.toNat(r.get(table), ANYWHERE, r.get(nat)));
    }
    return publicTable;
  }

  /** Ingress from the group itself on every port of each protocol. */
  static List<SgRule> ingressRules(NetworkInputs in) {
    return in.securityGroupProtocols().stream().map(SgRule::selfAllPorts).toList();
  }

  /**
   * Egress to the group itself per protocol, and TCP on each listed port: to anywhere, or in an
   * isolated network to the VPC (its endpoints) plus 443 to anywhere, which with no route out but
   * the S3 gateway endpoint reaches only S3 (the SRA names S3's prefix list instead).
   */
  static List<SgRule> egressRules(NetworkInputs in) {
    List<SgRule> rules = new ArrayList<>(ingressRules(in));
    String to = in.isolated() ? in.vpcCidr() : ANYWHERE;
    for (String ports : in.securityGroupEgressPorts()) {
      int[] range = NetworkInputs.portRange(ports).orElseThrow();
      rules.add(SgRule.tcpTo(to, range[0], range[1]));
    }
    if (in.isolated()) {
      rules.add(SgRule.tcpTo(ANYWHERE, 443, 443));
    }
    return rules;
  }

  private static String key(String base, String key) {
    return base + "[\"" + key + "\"]";
  }

  private static Map<String, String> named(Resolver r, String name) {
    Map<String, String> tags = new LinkedHashMap<>(r.tags());
    tags.put("Name", name);
    return tags;
  }
}
