package dev.deployer.cloud.peering;

import dev.deployer.cloud.ModuleInputs;
import dev.deployer.cloud.network.RouteHandler;
import dev.deployer.cloud.network.RouteSpec;
import dev.deployer.core.model.Ref;
import dev.deployer.core.model.Resource;
import dev.deployer.core.model.StackBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * VPC peering (RESOURCES.md 2.4): the connection requested and accepted, a route to the peer in
 * each of our route tables, and a route back in each listed route table of the peer.
 */
public final class PeeringModule {

  public record Outputs(Resource<VpcPeeringSpec> connection, Ref peeringConnectionId) {}

  private PeeringModule() {}

  /**
   * Declares {@code module.connection}, {@code module.route_to_peer["<key>"]} per entry of {@code
   * routeTableIds} and {@code module.route_from_peer["<peer route table id>"]}.
   *
   * @param vpcId our VPC
   * @param vpcCidr our VPC's CIDR as configured (validated against the peer's; routed back)
   * @param routeTableIds our route tables by a stable key (the network's private ones by zone)
   */
  public static Outputs declare(
      StackBuilder stack,
      String module,
      PeeringInputs in,
      Ref vpcId,
      String vpcCidr,
      Map<String, Ref> routeTableIds) {
    ModuleInputs.requireValid("peering", in.validate(vpcCidr));
    Resource<VpcPeeringSpec> connection =
        stack.add(
            module + ".connection",
            VpcPeeringHandler.TYPE,
            r -> {
              Map<String, String> tags = new LinkedHashMap<>(r.tags());
              tags.put("Name", in.name());
              return new VpcPeeringSpec(r.get(vpcId), in.peerVpcId(), true, tags);
            });
    Ref pcx = connection.id();
    routeTableIds.forEach(
        (key, table) ->
            stack.add(
                module + ".route_to_peer[\"" + key + "\"]",
                RouteHandler.TYPE,
                r -> RouteSpec.toPeering(r.get(table), in.peerVpcCidr(), r.get(pcx))));
    for (String peerTable : in.peerRouteTableIds()) {
      stack.add(
          module + ".route_from_peer[\"" + peerTable + "\"]",
          RouteHandler.TYPE,
          r -> RouteSpec.toPeering(peerTable, vpcCidr, r.get(pcx)));
    }
    return new Outputs(connection, pcx);
  }
}
