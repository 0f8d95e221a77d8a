package dev.deployer.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.service.iam.ComplexValue;
import com.databricks.sdk.service.iam.Group;
import com.databricks.sdk.service.iam.ListAccountGroupsRequest;
import com.databricks.sdk.service.iam.ServicePrincipal;
import com.databricks.sdk.service.iam.User;
import dev.deployer.account.identity.AccountGroupsModule;
import dev.deployer.account.identity.Principal;
import dev.deployer.account.testing.OutOfBand;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.plan.Action;
import dev.deployer.workspace.permissions.AclHandler;
import dev.deployer.workspace.permissions.AclSpec;
import dev.deployer.workspace.testing.EmulatedWorkspace;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** Account groups with nested members, assigned to the workspace and granted on its policy. */
class AccountGroupsEngineIT extends EmulatedWorkspace {
  static final String INNER = "account.group[\"it-inner\"]";
  static final String OUTER = "account.group[\"it-outer\"]";
  User user;
  ServicePrincipal sp;

  @Override
  protected void prepare() {
    user = t.databricks.account().users().create(new User().setUserName("eng@example.com"));
    sp =
        t.databricks
            .account()
            .servicePrincipals()
            .create(new ServicePrincipal().setDisplayName("ci"));
  }

  StackDefinition stack(boolean withSp) {
    var base = t.stack();
    var b = base.builder();
    var dep = base.workspace().out("deployment_name");
    var ws = base.workspace().out("workspace_id");
    List<AccountGroupsModule.Member> outer = new java.util.ArrayList<>();
    outer.add(AccountGroupsModule.Member.group("it-inner"));
    if (withSp) {
      outer.add(
          AccountGroupsModule.Member.of(
              new Principal(Principal.Kind.SERVICE_PRINCIPAL, sp.getApplicationId(), sp.getId())));
    }
    var groups =
        AccountGroupsModule.declare(
            b,
            "dev",
            "account",
            List.of(
                new AccountGroupsModule.Group("it-outer", outer),
                new AccountGroupsModule.Group(
                    "it-inner",
                    List.of(
                        AccountGroupsModule.Member.of(
                            new Principal(
                                Principal.Kind.USER, user.getUserName(), user.getId()))))));
    var assignments =
        AccountGroupsModule.assign(
            b, "account", groups, Map.of("it-outer", "USER"), ws, base.assignment());
    var policy = dataTeamPolicy(base);
    // The grant names the group, so it waits for the group's workspace assignment.
    b.add(
        "workspace_compute.cluster_policy_permissions",
        AclHandler.TYPE,
        r -> {
          assignments.forEach(r::after);
          return new AclSpec(
              r.get(dep),
              r.get(ws),
              "cluster-policies",
              r.get(policy.out("policy_id")),
              List.of(new AclSpec.Entry("group", "it-outer", "CAN_USE")));
        });
    return b.build();
  }

  private Group group(String name) {
    return StreamSupport.stream(
            t.databricks
                .account()
                .groups()
                .list(new ListAccountGroupsRequest().setFilter("displayName eq \"" + name + "\""))
                .spliterator(),
            false)
        .findFirst()
        .map(g -> t.databricks.account().groups().get(g.getId()))
        .orElse(null);
  }

  private static List<String> refs(Group g) {
    return g.getMembers() == null
        ? List.of()
        : g.getMembers().stream().map(ComplexValue::getRef).sorted().toList();
  }

  @Test
  void nestedGroups_createdInnerFirst_assignedAndGranted_memberDriftRemoved_destroyedToNothing() {
    StackDefinition def = stack(true);
    t.applyOk(def);
    assertThat(t.plan(def).hasChanges()).isFalse();
    Group inner = group("it-inner");
    Group outer = group("it-outer");
    assertThat(refs(inner)).containsExactly("Users/" + user.getId());
    assertThat(refs(outer))
        .containsExactly("Groups/" + inner.getId(), "ServicePrincipals/" + sp.getId());
    assertThat(outer.getExternalId()).isEqualTo("deployer:dev:" + OUTER);
    var policyAcl =
        t.client()
            .permissions()
            .get(
                "cluster-policies",
                t.client()
                    .clusterPolicies()
                    .list(new com.databricks.sdk.service.compute.ListClusterPoliciesRequest())
                    .iterator()
                    .next()
                    .getPolicyId());
    assertThat(policyAcl.getAccessControlList()).anyMatch(e -> "it-outer".equals(e.getGroupName()));

    // Out of band: someone adds the user straight to the outer group.
    OutOfBand.addGroupMember(t.databricks.account(), outer.getId(), user.getId());
    assertThat(t.plan(def).change(OUTER).action()).isEqualTo(Action.UPDATE);
    t.applyOk(def);
    assertThat(refs(group("it-outer"))).doesNotContain("Users/" + user.getId());

    // The service principal leaves the config: one PATCH removes it, the group keeps its id.
    StackDefinition fewer = stack(false);
    assertThat(t.plan(fewer).change(OUTER).action()).isEqualTo(Action.UPDATE);
    t.applyOk(fewer);
    assertThat(group("it-outer").getId()).isEqualTo(outer.getId());
    assertThat(refs(group("it-outer"))).containsExactly("Groups/" + inner.getId());

    assertThat(t.destroy(fewer).succeeded()).isTrue();
    assertThat(group("it-outer")).isNull();
    assertThat(group("it-inner")).isNull();
  }
}
