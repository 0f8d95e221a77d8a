package dev.deployer.cloud.network;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.Tags;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * {@code aws_default_security_group}: owns the rules of a VPC's default group, id = its group id.
 * Create takes the group over and sets the rules (removing the ones EC2 put there); read shows any
 * rule present as drift; delete only takes deployer's tags off, since the group goes with its VPC.
 */
public final class DefaultSecurityGroupHandler extends Ec2Handler<DefaultSecurityGroupSpec> {
  public static final ResourceType<DefaultSecurityGroupSpec> TYPE =
      ResourceType.of("aws_default_security_group", DefaultSecurityGroupSpec.class)
          .replaceOnChange("vpc_id")
          .identifiedBy("vpc_id");

  public DefaultSecurityGroupHandler(AwsClients aws) {
    super(aws, TYPE);
  }

  @Override
  public Optional<Observed<DefaultSecurityGroupSpec>> read(
      HandlerContext ctx, String id, DefaultSecurityGroupSpec prior) {
    return unlessNotFound(
        () ->
            ec2().describeSecurityGroups(r -> r.groupIds(id)).securityGroups().stream()
                .findFirst()
                .map(
                    g -> {
                      var rules = SecurityGroupRules.of(g);
                      return new Observed<>(
                          new DefaultSecurityGroupSpec(
                              g.vpcId(), rules.ingress(), rules.egress(), Tags.from(g.tags())),
                          Map.of());
                    }));
  }

  private Optional<SecurityGroup> defaultGroup(String vpcId) {
    return ec2()
        .describeSecurityGroups(
            r ->
                r.filters(
                    Filter.builder().name("vpc-id").values(vpcId).build(),
                    Filter.builder().name("group-name").values("default").build()))
        .securityGroups()
        .stream()
        .findFirst();
  }

  @Override
  public Created create(HandlerContext ctx, DefaultSecurityGroupSpec spec) {
    SecurityGroup g =
        settle(
            ctx,
            "finding the default security group of " + spec.vpcId(),
            () ->
                defaultGroup(spec.vpcId())
                    .orElseThrow(
                        () ->
                            new IllegalStateException(
                                "VPC " + spec.vpcId() + " has no default security group")));
    syncTags(g.groupId(), Tags.from(g.tags()), spec.tags());
    SecurityGroupRules.sync(ec2(), g.groupId(), spec.ingress(), spec.egress());
    return new Created(g.groupId(), Map.of());
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx, String id, DefaultSecurityGroupSpec prior, DefaultSecurityGroupSpec d) {
    if (!prior.ingress().equals(d.ingress()) || !prior.egress().equals(d.egress())) {
      SecurityGroupRules.sync(ec2(), id, d.ingress(), d.egress());
    }
    syncTags(id, prior.tags(), d.tags());
    return Map.of();
  }

  @Override
  public void delete(HandlerContext ctx, String id, DefaultSecurityGroupSpec prior) {
    List<Tag> ours = prior.tags().keySet().stream().map(k -> Tag.builder().key(k).build()).toList();
    if (!ours.isEmpty()) {
      ignoreNotFound(() -> ec2().deleteTags(r -> r.resources(id).tags(ours)));
    }
  }

  @Override
  public Optional<String> findExisting(HandlerContext ctx, DefaultSecurityGroupSpec spec) {
    return unlessNotFound(() -> defaultGroup(spec.vpcId()).map(SecurityGroup::groupId));
  }
}
