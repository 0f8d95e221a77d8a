package dev.deployer.cloud.network;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.Tags;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/**
 * {@code aws_security_group}. Read reports the rules the group really has, so a rule revoked or
 * added out of band shows as drift; update makes the rules exactly the wanted set again.
 */
public final class SecurityGroupHandler extends TaggedEc2Handler<SecurityGroupSpec, SecurityGroup> {
  public static final ResourceType<SecurityGroupSpec> TYPE =
      ResourceType.of("aws_security_group", SecurityGroupSpec.class)
          .replaceOnChange("vpc_id", "group_name", "description");

  public SecurityGroupHandler(AwsClients aws) {
    super(aws, TYPE, Ec2Calls.SECURITY_GROUP);
  }

  @Override
  protected Observed<SecurityGroupSpec> observe(String id, SecurityGroup g, SecurityGroupSpec p) {
    var rules = SecurityGroupRules.of(g);
    return new Observed<>(
        new SecurityGroupSpec(
            g.vpcId(),
            g.groupName(),
            g.description(),
            rules.ingress(),
            rules.egress(),
            Tags.from(g.tags())),
        Map.of());
  }

  @Override
  protected Map<String, Object> created(
      HandlerContext ctx, String id, SecurityGroup made, SecurityGroupSpec spec) {
    // Replaces the automatic allow-all egress rule with the wanted ones.
    settle(
        ctx,
        "setting the rules of " + id,
        () -> SecurityGroupRules.sync(ec2(), id, spec.ingress(), spec.egress()));
    return Map.of();
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx, String id, SecurityGroupSpec prior, SecurityGroupSpec desired) {
    if (!prior.ingress().equals(desired.ingress()) || !prior.egress().equals(desired.egress())) {
      SecurityGroupRules.sync(ec2(), id, desired.ingress(), desired.egress());
    }
    return super.update(ctx, id, prior, desired);
  }
}
