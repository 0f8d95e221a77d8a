package dev.deployer.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.service.iam.ComplexValue;
import com.databricks.sdk.service.iam.Group;
import com.databricks.sdk.service.iam.PartialUpdate;
import com.databricks.sdk.service.iam.Patch;
import com.databricks.sdk.service.iam.PatchOp;
import com.databricks.sdk.service.iam.PatchSchema;
import com.databricks.sdk.service.iam.ServicePrincipal;
import com.databricks.sdk.service.iam.User;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Account groups and their members (users, service principals, nested groups) via the SDK. */
class AccountGroupsIT extends AccountApiIT {
  private static ComplexValue member(String id) {
    return new ComplexValue().setValue(id);
  }

  private static Group groupOf(String prefix, String... memberIds) {
    List<ComplexValue> members =
        java.util.Arrays.stream(memberIds).map(AccountGroupsIT::member).toList();
    return a.groups()
        .create(new Group().setDisplayName(TestEmulator.unique(prefix)).setMembers(members));
  }

  private static void patch(String group, Patch... ops) {
    a.groups()
        .patch(
            new PartialUpdate()
                .setId(group)
                .setSchemas(List.of(PatchSchema.URN_IETF_PARAMS_SCIM_API_MESSAGES_2_0_PATCH_OP))
                .setOperations(List.of(ops)));
  }

  private static List<String> members(String group) {
    Group g = a.groups().get(group);
    return g.getMembers() == null
        ? List.of()
        : g.getMembers().stream().map(m -> m.getRef()).sorted().toList();
  }

  @Test
  void membersByScimId_areUsersServicePrincipalsAndNestedGroups_patchedByAddAndRemove() {
    User u = a.users().create(new User().setUserName(TestEmulator.unique("u") + "@example.com"));
    ServicePrincipal sp = a.servicePrincipals().create(new ServicePrincipal().setDisplayName("ci"));
    Group inner = groupOf("inner");
    Group outer = groupOf("outer", u.getId(), sp.getId());
    assertThat(members(outer.getId()))
        .containsExactly("ServicePrincipals/" + sp.getId(), "Users/" + u.getId());
    patch(
        outer.getId(),
        new Patch().setOp(PatchOp.ADD).setPath("members").setValue(List.of(member(inner.getId()))),
        new Patch().setOp(PatchOp.REMOVE).setPath("members[value eq \"" + sp.getId() + "\"]"));
    assertThat(members(outer.getId()))
        .containsExactly("Groups/" + inner.getId(), "Users/" + u.getId());
    a.users().delete(u.getId());
    assertThat(members(outer.getId())).containsExactly("Groups/" + inner.getId());
  }

  @Test
  void unknownMembers_andAGroupInsideItself_areRefused() {
    assertThatThrownBy(() -> groupOf("g", "9999999999999999"))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("9999999999999999 does not exist");
    Group inner = groupOf("inner");
    Group outer = groupOf("outer", inner.getId());
    assertThatThrownBy(
            () ->
                patch(
                    inner.getId(),
                    new Patch()
                        .setOp(PatchOp.ADD)
                        .setPath("members")
                        .setValue(List.of(member(outer.getId())))))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("cannot be a member of itself");
    assertThat(members(inner.getId())).isEmpty();
  }
}
