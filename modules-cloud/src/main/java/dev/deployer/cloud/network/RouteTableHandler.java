package dev.deployer.cloud.network;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.Tags;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.RouteTable;

/** {@code aws_route_table}. Routes ({@link RouteHandler}) are separate, so peering can add some. */
public final class RouteTableHandler extends TaggedEc2Handler<RouteTableSpec, RouteTable> {
  public static final ResourceType<RouteTableSpec> TYPE =
      ResourceType.of("aws_route_table", RouteTableSpec.class).replaceOnChange("vpc_id");

  public RouteTableHandler(AwsClients aws) {
    super(aws, TYPE, Ec2Calls.ROUTE_TABLE);
  }

  @Override
  protected Observed<RouteTableSpec> observe(String id, RouteTable t, RouteTableSpec prior) {
    return new Observed<>(new RouteTableSpec(t.vpcId(), Tags.from(t.tags())), Map.of());
  }
}
