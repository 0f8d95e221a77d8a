package dev.deployer.cloud.network;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.Tags;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.Address;

/**
 * {@code aws_eip}, id = allocation id. Released on delete; the NAT gateway that uses it refers to
 * its allocation id, so the NAT gateway is gone before the release.
 */
public final class ElasticIpHandler extends TaggedEc2Handler<ElasticIpSpec, Address> {
  public static final ResourceType<ElasticIpSpec> TYPE =
      ResourceType.of("aws_eip", ElasticIpSpec.class).outputs("public_ip");

  public ElasticIpHandler(AwsClients aws) {
    super(aws, TYPE, Ec2Calls.ELASTIC_IP);
  }

  @Override
  protected Observed<ElasticIpSpec> observe(String id, Address a, ElasticIpSpec prior) {
    return new Observed<>(
        new ElasticIpSpec(Tags.from(a.tags())), Map.of("public_ip", a.publicIp()));
  }

  @Override
  protected Map<String, Object> created(
      HandlerContext ctx, String id, Address a, ElasticIpSpec spec) {
    return Map.of("public_ip", a.publicIp());
  }
}
