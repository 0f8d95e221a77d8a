package dev.deployer.cloud.network;

import dev.deployer.cloud.ModuleInputs;
import dev.deployer.core.model.Ref;
import dev.deployer.core.model.Resolver;
import dev.deployer.core.model.Resource;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.spi.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

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
   * What every declaration of one network shares: the stack, the module's address, the name prefix
   * and the VPC. Addresses are {@code <module>.<name>} (per zone {@code <module>.<name>["az"]}),
   * names {@code <prefix>-<suffix>}.
   */
  private record Scope(StackBuilder stack, String module, String prefix, Ref vpcId) {
    <S> Resource<S> add(String name, ResourceType<S> type, Function<Resolver, S> spec) {
      return stack.add(module + "." + name, type, spec);
    }

    <S> Resource<S> add(String name, String az, ResourceType<S> type, Function<Resolver, S> spec) {
      return stack.add(key(module + "." + name, az), type, spec);
    }

    /** The stack's tags, and {@code Name} = {@code <prefix>-<suffix>}. */
    Map<String, String> named(Resolver r, String suffix) {
      return NetworkModule.named(r, prefix + "-" + suffix);
    }

    /** {@code <module>.<kind>_subnet["az"]}, named {@code <prefix>-<kind>-<az>}. */
    Ref subnet(String kind, String az, String cidr) {
      return add(
              kind + "_subnet",
              az,
              SubnetHandler.TYPE,
              r -> new SubnetSpec(r.get(vpcId), cidr, az, named(r, kind + "-" + az)))
          .id();
    }

    /** The zone's private route table, associated with the zone's private subnet. */
    Ref privateRouteTable(String az, Map<String, Ref> privateSubnets) {
      Ref table =
          add(
                  "private_route_table",
                  az,
                  RouteTableHandler.TYPE,
                  r -> new RouteTableSpec(r.get(vpcId), named(r, "private-rt-" + az)))
              .id();
      Ref privateSubnet = privateSubnets.get(az);
      add(
          "private_route_table_association",
          az,
          RouteTableAssociationHandler.TYPE,
          r -> new RouteTableAssociationSpec(r.get(privateSubnet), r.get(table)));
      return table;
    }
  }

  /**
   * Declares the network under {@code module}.
   *
   * @throws IllegalArgumentException listing every problem {@link NetworkInputs#validate()} finds
   */
  public static Outputs declare(
      StackBuilder stack, String region, String module, NetworkInputs in) {
    ModuleInputs.requireValid("network", in.validate());
    List<String> zones = in.availabilityZones();

    Resource<VpcSpec> vpc =
        stack.add(
            module + ".vpc",
            VpcHandler.TYPE,
            r -> new VpcSpec(in.vpcCidr(), true, true, named(r, in.prefix() + "-data-plane-VPC")));
    Ref vpcId = vpc.id();
    Scope net = new Scope(stack, module, in.prefix(), vpcId);

    Map<String, Ref> publicSubnets = new LinkedHashMap<>();
    Map<String, Ref> privateSubnets = new LinkedHashMap<>();
    for (int i = 0; i < zones.size(); i++) {
      String az = zones.get(i);
      if (!in.isolated()) {
        publicSubnets.put(az, net.subnet("public", az, in.publicSubnetCidrs().get(i)));
      }
      privateSubnets.put(az, net.subnet("private", az, in.privateSubnetCidrs().get(i)));
    }

    Map<String, Ref> privateTables = new LinkedHashMap<>();
    Ref publicTable = null;
    if (in.isolated()) {
      // No internet gateway, NAT or default route: only the endpoints below lead out.
      for (String az : zones) {
        privateTables.put(az, net.privateRouteTable(az, privateSubnets));
      }
    } else {
      publicTable = internetEgress(net, in, publicSubnets, privateSubnets, privateTables);
    }
    Ref publicTableId = publicTable;

    net.add(
        "default_security_group",
        DefaultSecurityGroupHandler.TYPE,
        r -> DefaultSecurityGroupSpec.stripped(r.get(vpcId), net.named(r, "default-sg")));
    Ref sg =
        net.add(
                "security_group",
                SecurityGroupHandler.TYPE,
                r ->
                    new SecurityGroupSpec(
                        r.get(vpcId),
                        in.prefix() + "-data-plane-sg",
                        "Databricks data plane: cluster nodes and endpoints",
                        ingressRules(in),
                        egressRules(in),
                        net.named(r, "data-plane-sg")))
            .id();

    net.add(
        "s3_endpoint",
        VpcEndpointHandler.TYPE,
        r ->
            VpcEndpointSpec.gateway(
                r.get(vpcId),
                "com.amazonaws." + region + ".s3",
                r.getAll(List.copyOf(privateTables.values())),
                net.named(r, "s3-endpoint")));
    List<Ref> endpointSubnets =
        List.copyOf(privateSubnets.values()).subList(0, Math.min(2, privateSubnets.size()));
    for (String service : List.of("sts", "kinesis-streams")) {
      net.add(
          service.replace("-streams", "") + "_endpoint",
          VpcEndpointHandler.TYPE,
          r ->
              VpcEndpointSpec.iface(
                  r.get(vpcId),
                  "com.amazonaws." + region + "." + service,
                  r.getAll(endpointSubnets),
                  List.of(r.get(sg)),
                  net.named(r, service + "-endpoint")));
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
    return new Scope(stack, module, p, vpcId).subnet(kind, az, cidr);
  }

  /**
   * The internet gateway, NAT gateways with their Elastic IPs, the public route table and the
   * private ones with their default routes through NAT; returns the public route table's id.
   */
  private static Ref internetEgress(
      Scope net,
      NetworkInputs in,
      Map<String, Ref> publicSubnets,
      Map<String, Ref> privateSubnets,
      Map<String, Ref> privateTables) {
    List<String> zones = in.availabilityZones();
    Resource<InternetGatewaySpec> igw =
        net.add(
            "internet_gateway",
            InternetGatewayHandler.TYPE,
            r -> new InternetGatewaySpec(r.get(net.vpcId()), net.named(r, "igw")));

    // NAT gateways need the internet gateway attached first, and must go before it is detached.
    Map<String, Ref> natByZone = new LinkedHashMap<>();
    for (String az : in.singleNatGateway() ? zones.subList(0, 1) : zones) {
      Resource<ElasticIpSpec> eip =
          net.add(
              "nat_eip",
              az,
              ElasticIpHandler.TYPE,
              r -> {
                r.after(igw);
                return new ElasticIpSpec(net.named(r, "nat-eip-" + az));
              });
      Ref subnet = publicSubnets.get(az);
      natByZone.put(
          az,
          net.add(
                  "nat_gateway",
                  az,
                  NatGatewayHandler.TYPE,
                  r -> {
                    r.after(igw);
                    return new NatGatewaySpec(
                        r.get(subnet), r.get(eip.id()), net.named(r, "nat-" + az));
                  })
              .id());
    }

    Ref publicTable =
        net.add(
                "public_route_table",
                RouteTableHandler.TYPE,
                r -> new RouteTableSpec(r.get(net.vpcId()), net.named(r, "public-rt")))
            .id();
    net.add(
        "public_default_route",
        RouteHandler.TYPE,
        r -> RouteSpec.toGateway(r.get(publicTable), ANYWHERE, r.get(igw.id())));
    for (String az : zones) {
      Ref subnet = publicSubnets.get(az);
      net.add(
          "public_route_table_association",
          az,
          RouteTableAssociationHandler.TYPE,
          r -> new RouteTableAssociationSpec(r.get(subnet), r.get(publicTable)));
      Ref table = net.privateRouteTable(az, privateSubnets);
      privateTables.put(az, table);
      Ref nat = natByZone.getOrDefault(az, natByZone.get(zones.get(0)));
      net.add(
          "private_default_route",
          az,
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
