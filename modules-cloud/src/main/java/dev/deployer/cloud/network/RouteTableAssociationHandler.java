package dev.deployer.cloud.network;

import dev.deployer.cloud.AwsClients;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;

/** {@code aws_route_table_association}, id = association id. */
public final class RouteTableAssociationHandler extends Ec2Handler<RouteTableAssociationSpec> {
  // Moving a subnet to another table yields a new association id: a replacement.
  public static final ResourceType<RouteTableAssociationSpec> TYPE =
      ResourceType.of("aws_route_table_association", RouteTableAssociationSpec.class)
          .replaceOnChange("subnet_id", "route_table_id")
          .identifiedBy("subnet_id", "route_table_id");

  public RouteTableAssociationHandler(AwsClients aws) {
    super(aws, TYPE);
  }

  /** Replaced create-first, with the subnets it associates. */
  @Override
  public boolean createBeforeDestroy() {
    return true;
  }

  /** A subnet has one route table association: a second one for it cannot come first. */
  @Override
  public java.util.Optional<String> refuseReplacement(
      RouteTableAssociationSpec prior, RouteTableAssociationSpec desired) {
    if (prior.subnetId().equals(desired.subnetId())) {
      return java.util.Optional.of(
          "subnet "
              + prior.subnetId()
              + " would move to another route table, and a subnet has one association: the new"
              + " one cannot be made before the old one goes, which would cut the subnet's"
              + " routes. Nothing was changed.");
    }
    return java.util.Optional.empty();
  }

  /** The association the filter finds whose {@code key} is {@code value}. */
  private Optional<RouteTableAssociation> find(
      String filter, String value, Function<RouteTableAssociation, String> key) {
    return unlessNotFound(
        () ->
            ec2()
                .describeRouteTables(
                    r -> r.filters(Filter.builder().name(filter).values(value).build()))
                .routeTables()
                .stream()
                .flatMap(t -> t.associations().stream())
                .filter(a -> value.equals(key.apply(a)))
                .findFirst());
  }

  @Override
  public Optional<Observed<RouteTableAssociationSpec>> read(
      HandlerContext ctx, String id, RouteTableAssociationSpec prior) {
    return find(
            "association.route-table-association-id",
            id,
            RouteTableAssociation::routeTableAssociationId)
        .map(
            a ->
                new Observed<>(
                    new RouteTableAssociationSpec(a.subnetId(), a.routeTableId()), Map.of()));
  }

  @Override
  public Created create(HandlerContext ctx, RouteTableAssociationSpec spec) {
    String id =
        settle(
            ctx,
            "associating " + spec.subnetId() + " with " + spec.routeTableId(),
            () ->
                ec2()
                    .associateRouteTable(
                        r -> r.subnetId(spec.subnetId()).routeTableId(spec.routeTableId()))
                    .associationId());
    return new Created(id, Map.of());
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx,
      String id,
      RouteTableAssociationSpec prior,
      RouteTableAssociationSpec desired) {
    return Map.of(); // every field forces replacement
  }

  @Override
  public void delete(HandlerContext ctx, String id, RouteTableAssociationSpec prior) {
    ignoreNotFound(() -> ec2().disassociateRouteTable(r -> r.associationId(id)));
  }

  @Override
  public Optional<String> findExisting(HandlerContext ctx, RouteTableAssociationSpec spec) {
    // Associations have no tags: the subnet's explicit association with our table is the one.
    return find("association.subnet-id", spec.subnetId(), RouteTableAssociation::subnetId)
        .filter(a -> spec.routeTableId().equals(a.routeTableId()))
        .map(RouteTableAssociation::routeTableAssociationId);
  }
}
