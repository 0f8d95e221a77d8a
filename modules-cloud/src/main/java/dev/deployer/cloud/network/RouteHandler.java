package dev.deployer.cloud.network;

import dev.deployer.cloud.AwsClients;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.Route;

/**
 * {@code aws_route}, id {@code <route table id>_<destination>}. A route deleted out of band reads
 * as absent and is created again; a changed target is put back with ReplaceRoute.
 */
public final class RouteHandler extends Ec2Handler<RouteSpec> {
  public static final ResourceType<RouteSpec> TYPE =
      ResourceType.of("aws_route", RouteSpec.class)
          .replaceOnChange("route_table_id", "destination_cidr_block")
          .identifiedBy("route_table_id", "destination_cidr_block");

  public RouteHandler(AwsClients aws) {
    super(aws, TYPE);
  }

  static String id(String routeTableId, String cidr) {
    return routeTableId + "_" + cidr;
  }

  private Optional<Route> find(String routeTableId, String cidr) {
    return unlessNotFound(
        () ->
            ec2().describeRouteTables(r -> r.routeTableIds(routeTableId)).routeTables().stream()
                .flatMap(t -> t.routes().stream())
                .filter(rt -> cidr.equals(rt.destinationCidrBlock()))
                .findFirst());
  }

  @Override
  public Optional<Observed<RouteSpec>> read(HandlerContext ctx, String id, RouteSpec prior) {
    int cut = id.indexOf('_');
    String table = id.substring(0, cut);
    String cidr = id.substring(cut + 1);
    return find(table, cidr)
        .map(
            rt ->
                new Observed<>(
                    new RouteSpec(
                        table,
                        cidr,
                        rt.gatewayId(),
                        rt.natGatewayId(),
                        rt.vpcPeeringConnectionId()),
                    Map.of()));
  }

  @Override
  public Created create(HandlerContext ctx, RouteSpec s) {
    settle(
        ctx,
        "adding route to " + s.destinationCidrBlock() + " in " + s.routeTableId(),
        () ->
            ec2()
                .createRoute(
                    r ->
                        r.routeTableId(s.routeTableId())
                            .destinationCidrBlock(s.destinationCidrBlock())
                            .gatewayId(s.gatewayId())
                            .natGatewayId(s.natGatewayId())
                            .vpcPeeringConnectionId(s.vpcPeeringConnectionId())));
    return new Created(id(s.routeTableId(), s.destinationCidrBlock()), Map.of());
  }

  @Override
  public Map<String, Object> update(HandlerContext ctx, String id, RouteSpec prior, RouteSpec s) {
    ec2()
        .replaceRoute(
            r ->
                r.routeTableId(s.routeTableId())
                    .destinationCidrBlock(s.destinationCidrBlock())
                    .gatewayId(s.gatewayId())
                    .natGatewayId(s.natGatewayId())
                    .vpcPeeringConnectionId(s.vpcPeeringConnectionId()));
    return Map.of();
  }

  @Override
  public void delete(HandlerContext ctx, String id, RouteSpec prior) {
    ignoreNotFound(
        () ->
            ec2()
                .deleteRoute(
                    r ->
                        r.routeTableId(prior.routeTableId())
                            .destinationCidrBlock(prior.destinationCidrBlock())));
  }

  @Override
  public Optional<String> findExisting(HandlerContext ctx, RouteSpec spec) {
    // Routes cannot be tagged; a route for this destination in our own table is ours.
    return find(spec.routeTableId(), spec.destinationCidrBlock())
        .map(rt -> id(spec.routeTableId(), spec.destinationCidrBlock()));
  }
}
