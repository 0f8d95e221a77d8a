package dev.deployer.cloud.network;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.Tags;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * {@code aws_eip}, id = allocation id. Released on delete; the NAT gateway that uses it refers to
 * its allocation id, so the NAT gateway is gone before the release.
 */
public final class ElasticIpHandler extends Ec2Handler<ElasticIpSpec> {
  public static final dev.deployer.core.spi.ResourceType<ElasticIpSpec> TYPE =
      dev.deployer.core.spi.ResourceType.of("aws_eip", ElasticIpSpec.class).outputs("public_ip");

  public ElasticIpHandler(AwsClients aws) {
    super(aws, TYPE);
  }

  @Override
  public Optional<Observed<ElasticIpSpec>> read(
      HandlerContext ctx, String id, ElasticIpSpec prior) {
    return unlessNotFound(
        () ->
            ec2().describeAddresses(r -> r.allocationIds(id)).addresses().stream()
                .findFirst()
                .map(
                    a ->
                        new Observed<>(
                            new ElasticIpSpec(Tags.fromEc2(a.tags())),
                            Map.of("public_ip", a.publicIp()))));
  }

  @Override
  public Created create(HandlerContext ctx, ElasticIpSpec spec) {
    var a =
        ec2()
            .allocateAddress(
                r ->
                    r.domain(DomainType.VPC)
                        .tagSpecifications(tagSpec(ResourceType.ELASTIC_IP, spec.tags())));
    return new Created(a.allocationId(), Map.of("public_ip", a.publicIp()));
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx, String id, ElasticIpSpec prior, ElasticIpSpec desired) {
    syncTags(id, prior.tags(), desired.tags());
    return Map.of();
  }

  @Override
  public void delete(HandlerContext ctx, String id, ElasticIpSpec prior) {
    // InvalidIPAddress.InUse while a NAT gateway lets go of it is retried by the engine.
    ignoreNotFound(() -> ec2().releaseAddress(r -> r.allocationId(id)));
  }

  @Override
  public Optional<String> findExisting(HandlerContext ctx, ElasticIpSpec spec) {
    return findOwned(
        ctx,
        filters -> ec2().describeAddresses(r -> r.filters(filters)).addresses().stream().toList(),
        Address::allocationId,
        Address::tags);
  }
}
