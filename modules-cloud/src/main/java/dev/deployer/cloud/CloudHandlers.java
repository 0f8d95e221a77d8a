package dev.deployer.cloud;

import dev.deployer.cloud.iam.RoleHandler;
import dev.deployer.cloud.iam.RolePolicyHandler;
import dev.deployer.cloud.kms.KmsKeyHandler;
import dev.deployer.cloud.network.DefaultSecurityGroupHandler;
import dev.deployer.cloud.network.ElasticIpHandler;
import dev.deployer.cloud.network.InternetGatewayHandler;
import dev.deployer.cloud.network.NatGatewayHandler;
import dev.deployer.cloud.network.RouteHandler;
import dev.deployer.cloud.network.RouteTableAssociationHandler;
import dev.deployer.cloud.network.RouteTableHandler;
import dev.deployer.cloud.network.SecurityGroupHandler;
import dev.deployer.cloud.network.SubnetHandler;
import dev.deployer.cloud.network.VpcDrainHandler;
import dev.deployer.cloud.network.VpcEndpointHandler;
import dev.deployer.cloud.network.VpcHandler;
import dev.deployer.cloud.peering.VpcPeeringHandler;
import dev.deployer.cloud.storage.BucketHandler;
import dev.deployer.cloud.storage.BucketPolicyHandler;
import dev.deployer.cloud.storage.PublicAccessBlockHandler;
import dev.deployer.core.spi.ResourceHandler;
import java.util.List;

/** Every AWS resource type deployer knows, with its handler on the run's clients. */
public final class CloudHandlers {
  private CloudHandlers() {}

  public static List<ResourceHandler<?>> all(AwsClients aws) {
    return List.of(
        new VpcHandler(aws),
        new SubnetHandler(aws),
        new InternetGatewayHandler(aws),
        new ElasticIpHandler(aws),
        new NatGatewayHandler(aws),
        new RouteTableHandler(aws),
        new RouteHandler(aws),
        new RouteTableAssociationHandler(aws),
        new DefaultSecurityGroupHandler(aws),
        new SecurityGroupHandler(aws),
        new VpcEndpointHandler(aws),
        new VpcDrainHandler(aws, VpcDrainHandler.DEFAULT_TIMEOUT),
        new VpcPeeringHandler(aws),
        new RoleHandler(aws),
        new RolePolicyHandler(aws),
        new BucketHandler(aws),
        new PublicAccessBlockHandler(aws),
        new BucketPolicyHandler(aws),
        new KmsKeyHandler(aws));
  }
}
