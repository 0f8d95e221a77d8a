package dev.deployer.cloud.iam;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.PolicyDocuments;
import dev.deployer.core.diff.Diff;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import java.util.Map;
import java.util.Optional;

/**
 * {@code aws_iam_role_policy}, id {@code <role>:<policy>}. The document is compared in normal form
 * and put again in place when it differs.
 */
public final class RolePolicyHandler extends IamHandler<RolePolicySpec> {
  public static final ResourceType<RolePolicySpec> TYPE =
      ResourceType.of("aws_iam_role_policy", RolePolicySpec.class)
          .replaceOnChange("role_name", "policy_name");

  public RolePolicyHandler(AwsClients aws) {
    super(aws, TYPE);
  }

  @Override
  public Diff diff(RolePolicySpec prior, RolePolicySpec desired) {
    return PolicyDocuments.diff(TYPE, prior, desired, "policy", RolePolicySpec::policy);
  }

  static String id(String role, String policy) {
    return role + ":" + policy;
  }

  @Override
  public Optional<Observed<RolePolicySpec>> read(
      HandlerContext ctx, String id, RolePolicySpec prior) {
    int cut = id.indexOf(':');
    String role = id.substring(0, cut);
    String name = id.substring(cut + 1);
    return unlessNotFound(
        () -> {
          String text =
              aws.iam().getRolePolicy(r -> r.roleName(role).policyName(name)).policyDocument();
          return Optional.of(
              new Observed<>(
                  new RolePolicySpec(
                      role,
                      name,
                      PolicyDocuments.stable(
                          prior == null ? null : prior.policy(), PolicyDocuments.parse(text))),
                  Map.of()));
        });
  }

  @Override
  public Created create(HandlerContext ctx, RolePolicySpec spec) {
    put(spec);
    return new Created(id(spec.roleName(), spec.policyName()), Map.of());
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx, String id, RolePolicySpec prior, RolePolicySpec desired) {
    put(desired);
    return Map.of();
  }

  private void put(RolePolicySpec s) {
    aws.iam()
        .putRolePolicy(
            r ->
                r.roleName(s.roleName())
                    .policyName(s.policyName())
                    .policyDocument(PolicyDocuments.toJson(s.policy())));
  }

  @Override
  public void delete(HandlerContext ctx, String id, RolePolicySpec prior) {
    // Possibly gone with its role.
    ignoreNotFound(
        () ->
            aws.iam()
                .deleteRolePolicy(
                    r -> r.roleName(prior.roleName()).policyName(prior.policyName())));
  }

  @Override
  public Optional<String> findExisting(HandlerContext ctx, RolePolicySpec spec) {
    // Putting the policy again is harmless: nothing to adopt.
    return Optional.empty();
  }
}
