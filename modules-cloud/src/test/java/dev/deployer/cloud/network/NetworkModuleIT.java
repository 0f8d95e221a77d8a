package dev.deployer.cloud.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.cloud.testing.EmulatedCloudTest;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.plan.Action;
import dev.deployer.core.plan.Plan;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

class NetworkModuleIT extends EmulatedCloudTest {
  static final String A = "us-east-1a";
  static final String B = "us-east-1b";

  static NetworkInputs inputs(String publicB, List<String> ports, boolean singleNat) {
    return new NetworkInputs(
        "it",
        "10.20.0.0/16",
        List.of(A, B),
        List.of("10.20.0.0/24", publicB),
        List.of("10.20.16.0/20", "10.20.32.0/20"),
        null,
        ports,
        singleNat,
        null);
  }

  StackDefinition stack(NetworkInputs in, Map<String, String> tags) {
    StackBuilder b = new StackBuilder("dev", tags);
    NetworkModule.declare(b, t.aws.region(), "network", in);
    return b.build();
  }

  String id(String address) {
    return t.store.read().orElseThrow().find(address).orElseThrow().id();
  }

  SecurityGroup group(String id) {
    return ec2.describeSecurityGroups(r -> r.groupIds(id)).securityGroups().get(0);
  }

  Set<String> rulesOf(List<IpPermission> perms, String groupId) {
    return SecurityGroupRules.flatten(perms, groupId).stream()
        .map(r -> r.protocol() + ":" + r.fromPort() + "-" + r.toPort() + ":" + r.target())
        .collect(Collectors.toSet());
  }

  @Test
  void lifecycle_createNoopDriftRepairUpdateReplaceDestroy() {
    StackDefinition def = stack(inputs("10.20.1.0/24", null, false), Map.of("Owner", "platform"));
    t.applyOk(def);

    // Created as specified.
    String vpc = id("network.vpc");
    assertThat(
            ec2.describeVpcAttribute(r -> r.vpcId(vpc).attribute("enableDnsHostnames"))
                .enableDnsHostnames()
                .value())
        .isTrue();
    assertThat(
            ec2.describeVpcAttribute(r -> r.vpcId(vpc).attribute("enableDnsSupport"))
                .enableDnsSupport()
                .value())
        .isTrue();
    assertThat(ec2.describeVpcs(r -> r.vpcIds(vpc)).vpcs().get(0).tags())
        .anySatisfy(tag -> assertThat(tag.value()).isEqualTo("it-data-plane-VPC"))
        .anySatisfy(tag -> assertThat(tag.value()).isEqualTo("network.vpc"))
        .anySatisfy(tag -> assertThat(tag.value()).isEqualTo("platform"));
    var privateA =
        ec2.describeSubnets(r -> r.subnetIds(id("network.private_subnet[\"" + A + "\"]")));
    assertThat(privateA.subnets().get(0).availabilityZone()).isEqualTo(A);
    assertThat(privateA.subnets().get(0).cidrBlock()).isEqualTo("10.20.16.0/20");
    for (String az : List.of(A, B)) {
      String nat = id("network.nat_gateway[\"" + az + "\"]");
      var g = ec2.describeNatGateways(r -> r.natGatewayIds(nat)).natGateways().get(0);
      assertThat(g.stateAsString()).isEqualTo("available");
      assertThat(g.subnetId()).isEqualTo(id("network.public_subnet[\"" + az + "\"]"));
      assertThat(g.natGatewayAddresses().get(0).allocationId())
          .isEqualTo(id("network.nat_eip[\"" + az + "\"]"));
      assertThat(
              route(id("network.private_route_table[\"" + az + "\"]"), "0.0.0.0/0").natGatewayId())
          .isEqualTo(nat);
    }
    assertThat(route(id("network.public_route_table"), "0.0.0.0/0").gatewayId())
        .isEqualTo(id("network.internet_gateway"));
    String sg = id("network.security_group");
    assertThat(group(sg).groupName()).isEqualTo("it-data-plane-sg");
    assertThat(rulesOf(group(sg).ipPermissions(), sg))
        .containsExactlyInAnyOrder("tcp:0-65535:self", "udp:0-65535:self");
    assertThat(rulesOf(group(sg).ipPermissionsEgress(), sg))
        .containsExactlyInAnyOrder(
            "tcp:0-65535:self",
            "udp:0-65535:self",
            "tcp:443-443:0.0.0.0/0",
            "tcp:3306-3306:0.0.0.0/0",
            "tcp:6666-6666:0.0.0.0/0",
            "tcp:2443-2443:0.0.0.0/0",
            "tcp:8443-8451:0.0.0.0/0");
    String defaultSg = id("network.default_security_group");
    assertThat(group(defaultSg).groupName()).isEqualTo("default");
    assertThat(group(defaultSg).ipPermissions()).isEmpty();
    assertThat(group(defaultSg).ipPermissionsEgress()).isEmpty();
    var s3 =
        ec2.describeVpcEndpoints(r -> r.vpcEndpointIds(id("network.s3_endpoint")))
            .vpcEndpoints()
            .get(0);
    assertThat(s3.serviceName()).isEqualTo("com.amazonaws.us-east-1.s3");
    assertThat(s3.routeTableIds())
        .containsExactlyInAnyOrder(
            id("network.private_route_table[\"" + A + "\"]"),
            id("network.private_route_table[\"" + B + "\"]"));
    var sts =
        ec2.describeVpcEndpoints(r -> r.vpcEndpointIds(id("network.sts_endpoint")))
            .vpcEndpoints()
            .get(0);
    assertThat(sts.privateDnsEnabled()).isTrue();
    assertThat(sts.groups()).extracting(g -> g.groupId()).containsExactly(sg);
    assertThat(sts.subnetIds())
        .containsExactlyInAnyOrder(
            id("network.private_subnet[\"" + A + "\"]"),
            id("network.private_subnet[\"" + B + "\"]"));

    // No changes.
    t.assertNoChanges(def);

    // Out of band: a workspace rule revoked, a rule added to the default group, a route deleted.
    ec2.revokeSecurityGroupEgress(
        r ->
            r.groupId(sg)
                .ipPermissions(
                    p ->
                        p.ipProtocol("tcp")
                            .fromPort(443)
                            .toPort(443)
                            .ipRanges(x -> x.cidrIp("0.0.0.0/0"))));
    ec2.authorizeSecurityGroupIngress(
        r ->
            r.groupId(defaultSg)
                .ipPermissions(
                    p ->
                        p.ipProtocol("tcp")
                            .fromPort(22)
                            .toPort(22)
                            .ipRanges(x -> x.cidrIp("0.0.0.0/0"))));
    String tableA = id("network.private_route_table[\"" + A + "\"]");
    ec2.deleteRoute(r -> r.routeTableId(tableA).destinationCidrBlock("0.0.0.0/0"));
    Plan drift = t.plan(def);
    assertThat(drift.change("network.security_group").action()).isEqualTo(Action.UPDATE);
    assertThat(drift.change("network.default_security_group").action()).isEqualTo(Action.UPDATE);
    assertThat(drift.change("network.private_default_route[\"" + A + "\"]").action())
        .isEqualTo(Action.CREATE);
    assertThat(drift.drift())
        .containsKeys(
            "network.security_group",
            "network.default_security_group",
            "network.private_default_route[\"" + A + "\"]");
    assertThat(drift.count(Action.DELETE, Action.DELETE_THEN_CREATE, Action.CREATE_THEN_DELETE))
        .isZero();
    t.applyOk(def);
    assertThat(rulesOf(group(sg).ipPermissionsEgress(), sg)).contains("tcp:443-443:0.0.0.0/0");
    assertThat(group(defaultSg).ipPermissions()).isEmpty();
    assertThat(route(tableA, "0.0.0.0/0").natGatewayId())
        .isEqualTo(id("network.nat_gateway[\"" + A + "\"]"));
    t.assertNoChanges(def);

    // In place: another egress port and other default tags update, replace nothing.
    List<String> ports = List.of("443", "3306", "6666", "2443", "8443-8451", "5432");
    StackDefinition changed = stack(inputs("10.20.1.0/24", ports, false), Map.of("Owner", "data"));
    Plan p = t.plan(changed);
    assertThat(p.change("network.security_group").action()).isEqualTo(Action.UPDATE);
    assertThat(p.change("network.vpc").action()).isEqualTo(Action.UPDATE);
    assertThat(p.change("network.nat_gateway[\"" + A + "\"]").action()).isEqualTo(Action.UPDATE);
    assertThat(p.toAdd()).isZero();
    assertThat(p.toDestroy()).isZero();
    t.applyOk(changed);
    assertThat(rulesOf(group(sg).ipPermissionsEgress(), sg)).contains("tcp:5432-5432:0.0.0.0/0");
    assertThat(ec2.describeVpcs(r -> r.vpcIds(vpc)).vpcs().get(0).tags())
        .anySatisfy(tag -> assertThat(tag.value()).isEqualTo("data"))
        .noneSatisfy(tag -> assertThat(tag.value()).isEqualTo("platform"));
    t.assertNoChanges(changed);

    // A public subnet's CIDR under a NAT gateway: refused at plan time (issue 12), since the
    // gateway could only be replaced delete-first (its Elastic IP stays with the old one), cutting
    // the private subnets' egress. Nothing changes.
    String oldSubnet = id("network.public_subnet[\"" + B + "\"]");
    long serial = t.store.read().orElseThrow().serial();
    StackDefinition moved = stack(inputs("10.20.2.0/24", ports, false), Map.of("Owner", "data"));
    assertThatThrownBy(() -> t.plan(moved))
        .hasMessageContaining("network.nat_gateway[\"" + B + "\"]")
        .hasMessageContaining("Elastic IP")
        .hasMessageContaining("network.public_subnet_cidrs");
    assertThat(t.store.read().orElseThrow().serial()).isEqualTo(serial);
    assertThat(id("network.public_subnet[\"" + B + "\"]")).isEqualTo(oldSubnet);
    t.assertNoChanges(changed);

    // Destroy on the first try leaves nothing tagged for the stack.
    t.destroyOk(changed);
    assertThat(t.store.read().orElseThrow().resources()).isEmpty();
    assertNothingTagged("dev");
  }

  void assertNothingTagged(String stack) {
    Filter f = Filter.builder().name("tag:deployer:stack").values(stack).build();
    assertThat(ec2.describeVpcs(r -> r.filters(f)).vpcs()).isEmpty();
    assertThat(ec2.describeSubnets(r -> r.filters(f)).subnets()).isEmpty();
    assertThat(ec2.describeInternetGateways(r -> r.filters(f)).internetGateways()).isEmpty();
    assertThat(ec2.describeRouteTables(r -> r.filters(f)).routeTables()).isEmpty();
    assertThat(ec2.describeSecurityGroups(r -> r.filters(f)).securityGroups()).isEmpty();
    assertThat(ec2.describeAddresses(r -> r.filters(f)).addresses()).isEmpty();
    assertThat(ec2.describeAddresses().addresses()).isEmpty();
    assertThat(ec2.describeVpcEndpoints(r -> r.filters(f)).vpcEndpoints())
        .allSatisfy(e -> assertThat(e.stateAsString()).isEqualToIgnoringCase("deleted"));
    assertThat(ec2.describeNatGateways(r -> r.filter(f)).natGateways())
        .allSatisfy(g -> assertThat(g.stateAsString()).isEqualTo("deleted"));
  }
}
