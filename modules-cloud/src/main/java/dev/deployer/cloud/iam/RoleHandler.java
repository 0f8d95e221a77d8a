package dev.deployer.cloud.iam;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.PolicyDocuments;
import dev.deployer.cloud.Tags;
import dev.deployer.core.diff.Diff;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * {@code aws_iam_role}, id = role name. The name forces replacement; the trust policy (compared in
 * normal form) and tags change in place. Outputs the ARN, the name and the AWS account id (from the
 * ARN, so no STS call is needed to build policies that name the account).
 */
public final class RoleHandler extends IamHandler<RoleSpec> {
  public static final ResourceType<RoleSpec> TYPE =
      ResourceType.of("aws_iam_role", RoleSpec.class)
          .outputs("arn", "name", "account_id")
          .replaceOnChange("name")
          .identifiedBy("name");

  public RoleHandler(AwsClients aws) {
    super(aws, TYPE);
  }

  /** {@link #findExisting} adopts only a role carrying this stack's and address's tags. */
  @Override
  public boolean findsOnlyOwnObjects() {
    return true;
  }

  @Override
  public Diff diff(RoleSpec prior, RoleSpec desired) {
    return PolicyDocuments.diff(
        TYPE, prior, desired, "assume_role_policy", RoleSpec::assumeRolePolicy);
  }

  static Map<String, Object> outputs(Role role) {
    // arn:aws:iam::<account>:role/<name>
    return Map.of(
        "arn", role.arn(), "name", role.roleName(), "account_id", role.arn().split(":")[4]);
  }

  private Optional<Role> get(String name) {
    return unlessNotFound(() -> Optional.of(aws.iam().getRole(r -> r.roleName(name)).role()));
  }

  @Override
  public Optional<Observed<RoleSpec>> read(HandlerContext ctx, String id, RoleSpec prior) {
    return get(id)
        .map(
            role -> {
              JsonNode trust = PolicyDocuments.parse(role.assumeRolePolicyDocument());
              Map<String, String> tags =
                  Tags.from(aws.iam().listRoleTags(r -> r.roleName(id)).tags());
              return new Observed<>(
                  new RoleSpec(
                      id,
                      PolicyDocuments.stable(
                          prior == null ? null : prior.assumeRolePolicy(), trust),
                      tags),
                  outputs(role));
            });
  }

  @Override
  public Created create(HandlerContext ctx, RoleSpec spec) {
    Role role =
        aws.iam()
            .createRole(
                r ->
                    r.roleName(spec.name())
                        .assumeRolePolicyDocument(PolicyDocuments.toJson(spec.assumeRolePolicy()))
                        .tags(Tags.iam(spec.tags())))
            .role();
    return new Created(role.roleName(), outputs(role));
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx, String id, RoleSpec prior, RoleSpec desired) {
    IamClient iam = aws.iam();
    PolicyDocuments.putIfChanged(
        prior.assumeRolePolicy(),
        desired.assumeRolePolicy(),
        json -> iam.updateAssumeRolePolicy(r -> r.roleName(id).policyDocument(json)));
    Tags.sync(
        prior.tags(),
        desired.tags(),
        set -> iam.tagRole(r -> r.roleName(id).tags(Tags.iam(set))),
        unset -> iam.untagRole(r -> r.roleName(id).tagKeys(unset)));
    return outputs(iam.getRole(r -> r.roleName(id)).role());
  }

  @Override
  public void delete(HandlerContext ctx, String id, RoleSpec prior) {
    IamClient iam = aws.iam();
    ignoreNotFound(
        () -> {
          // A role cannot be deleted while it has policies; inline ones deployer manages are gone
          // by now, but ones added by hand would block the delete forever.
          for (String name : iam.listRolePolicies(r -> r.roleName(id)).policyNames()) {
            iam.deleteRolePolicy(r -> r.roleName(id).policyName(name));
          }
          for (var p : iam.listAttachedRolePolicies(r -> r.roleName(id)).attachedPolicies()) {
            iam.detachRolePolicy(r -> r.roleName(id).policyArn(p.policyArn()));
          }
          iam.deleteRole(r -> r.roleName(id));
        });
  }

  @Override
  public Optional<String> findExisting(HandlerContext ctx, RoleSpec spec) {
    // Names are unique per account: adopt the role only if this stack's address created it.
    return get(spec.name())
        .filter(
            role -> {
              Map<String, String> tags =
                  Tags.from(aws.iam().listRoleTags(r -> r.roleName(spec.name())).tags());
              return ctx.address().equals(tags.get("deployer:address"))
                  && ctx.stack().equals(tags.get("deployer:stack"));
            })
        .map(Role::roleName);
  }
}
