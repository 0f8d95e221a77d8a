package dev.deployer.cloud.peering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.cloud.network.RouteTableHandler;
import dev.deployer.cloud.network.RouteTableSpec;
import dev.deployer.cloud.network.VpcHandler;
import dev.deployer.cloud.network.VpcSpec;
import dev.deployer.cloud.testing.EmulatedCloudTest;
import dev.deployer.core.model.Ref;
import dev.deployer.core.model.Resource;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.plan.Action;
import dev.deployer.core.plan.Plan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Filter;

class PeeringModuleIT extends EmulatedCloudTest {
  static final String OURS = "10.30.0.0/16";

  /** A VPC outside the stack with one route table: the peer. */
  String[] peer(String cidr) {
    String vpc = ec2.createVpc(r -> r.cidrBlock(cidr)).vpc().vpcId();
    String table = ec2.createRouteTable(r -> r.vpcId(vpc)).routeTable().routeTableId();
    return new String[] {vpc, table};
  }

  StackDefinition stack(String[] peer, String peerCidr, Map<String, String> tags) {
    StackBuilder b = new StackBuilder("dev", tags);
    Resource<VpcSpec> vpc =
        b.add("network.vpc", VpcHandler.TYPE, r -> new VpcSpec(OURS, true, true, r.tags()));
    Map<String, Ref> tables = new LinkedHashMap<>();
    for (String az : List.of("us-east-1a", "us-east-1b")) {
      tables.put(
          az,
          b.add(
                  "network.private_route_table[\"" + az + "\"]",
                  RouteTableHandler.TYPE,
                  r -> new RouteTableSpec(r.get(vpc.id()), r.tags()))
              .id());
    }
    PeeringModule.declare(
        b,
        "peering",
        new PeeringInputs("it-to-shared", peer[0], peerCidr, List.of(peer[1])),
        vpc.id(),
        OURS,
        tables);
    return b.build();
  }

  String id(String address) {
    return t.store.read().orElseThrow().find(address).orElseThrow().id();
  }

  @Test
  void lifecycle_createNoopDriftRepairUpdateReplaceDestroy() {
    String[] shared = peer("10.40.0.0/16");
    StackDefinition def = stack(shared, "10.40.0.0/16", Map.of("Owner", "platform"));
    t.applyOk(def);

    String pcx = id("peering.connection");
    var c =
        ec2.describeVpcPeeringConnections(r -> r.vpcPeeringConnectionIds(pcx))
            .vpcPeeringConnections()
            .get(0);
    assertThat(c.status().codeAsString()).isEqualTo("active");
    assertThat(c.accepterVpcInfo().vpcId()).isEqualTo(shared[0]);
    String tableA = id("network.private_route_table[\"us-east-1a\"]");
    for (String az : List.of("us-east-1a", "us-east-1b")) {
      assertThat(
              route(id("network.private_route_table[\"" + az + "\"]"), "10.40.0.0/16")
                  .vpcPeeringConnectionId())
          .isEqualTo(pcx);
    }
    assertThat(route(shared[1], OURS).vpcPeeringConnectionId()).isEqualTo(pcx);
    t.assertNoChanges(def);

    // Out of band: our route to the peer and the peer's route back deleted.
    ec2.deleteRoute(r -> r.routeTableId(tableA).destinationCidrBlock("10.40.0.0/16"));
    ec2.deleteRoute(r -> r.routeTableId(shared[1]).destinationCidrBlock(OURS));
    Plan drift = t.plan(def);
    assertThat(drift.change("peering.route_to_peer[\"us-east-1a\"]").action())
        .isEqualTo(Action.CREATE);
    assertThat(drift.change("peering.route_from_peer[\"" + shared[1] + "\"]").action())
        .isEqualTo(Action.CREATE);
    assertThat(drift.drift()).containsKey("peering.route_to_peer[\"us-east-1a\"]");
    t.applyOk(def);
    assertThat(route(tableA, "10.40.0.0/16").vpcPeeringConnectionId()).isEqualTo(pcx);
    assertThat(route(shared[1], OURS)).isNotNull();
    t.assertNoChanges(def);

    // In place: tags.
    StackDefinition retagged = stack(shared, "10.40.0.0/16", Map.of("Owner", "data"));
    Plan p = t.plan(retagged);
    assertThat(p.change("peering.connection").action()).isEqualTo(Action.UPDATE);
    assertThat(p.toAdd()).isZero();
    t.applyOk(retagged);
    assertThat(
            ec2.describeVpcPeeringConnections(r -> r.vpcPeeringConnectionIds(pcx))
                .vpcPeeringConnections()
                .get(0)
                .tags())
        .anySatisfy(tag -> assertThat(tag.value()).isEqualTo("data"));
    t.assertNoChanges(retagged);

    // Replace: another peer VPC; routes follow the new connection, the old peer loses its route.
    String[] other = peer("10.50.0.0/16");
    StackDefinition moved = stack(other, "10.50.0.0/16", Map.of("Owner", "data"));
    Plan r = t.plan(moved);
    assertThat(r.change("peering.connection").action()).isEqualTo(Action.DELETE_THEN_CREATE);
    assertThat(r.change("peering.connection").replaceFields()).containsExactly("peer_vpc_id");
    t.applyOk(moved);
    String pcx2 = id("peering.connection");
    assertThat(pcx2).isNotEqualTo(pcx);
    assertThat(route(tableA, "10.50.0.0/16").vpcPeeringConnectionId()).isEqualTo(pcx2);
    assertThat(route(tableA, "10.40.0.0/16")).isNull();
    assertThat(route(shared[1], OURS)).isNull();
    assertThat(route(other[1], OURS).vpcPeeringConnectionId()).isEqualTo(pcx2);
    t.assertNoChanges(moved);

    t.destroyOk(moved);
    assertThat(route(other[1], OURS)).isNull();
    Filter f = Filter.builder().name("tag:deployer:stack").values("dev").build();
    assertThat(ec2.describeVpcPeeringConnections(x -> x.filters(f)).vpcPeeringConnections())
        .allSatisfy(x -> assertThat(x.status().codeAsString()).isEqualTo("deleted"));
    assertThat(ec2.describeVpcs(x -> x.filters(f)).vpcs()).isEmpty();
    assertThat(t.store.read().orElseThrow().resources()).isEmpty();
  }

  @Test
  void validate_whenPeerOverlaps_namesTheField() {
    assertThat(
            new PeeringInputs("x", "vpc-0123456789abcdef0", "10.30.128.0/17", List.of())
                .validate(OURS))
        .singleElement()
        .satisfies(m -> assertThat(m).startsWith("peer_vpc_cidr:").contains("overlaps"));
  }
}
