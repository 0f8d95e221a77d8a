package dev.deployer.account.identity;

import dev.deployer.core.model.Ref;
import dev.deployer.core.model.Resource;
import dev.deployer.core.model.StackBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Account groups this stack owns ({@code <module>.group["<name>"]}), with members that are account
 * users, service principals and groups (looked up before planning) or other groups of the config
 * (by reference, so a nested group is created first), and their workspace assignments ({@code
 * <module>.permission_assignment["group:<name>"]}, the address the identity assignments use).
 */
public final class AccountGroupsModule {

  /** A member: a principal looked up in SCIM, or a group of this config by name. */
  public record Member(Principal resolved, String configuredGroup) {
    public static Member of(Principal p) {
      return new Member(Objects.requireNonNull(p), null);
    }

    public static Member group(String name) {
      return new Member(null, Objects.requireNonNull(name));
    }
  }

  /** A group and its members. */
  public record Group(String displayName, List<Member> members) {
    public Group {
      Objects.requireNonNull(displayName, "displayName");
      members = List.copyOf(members);
    }
  }

  private AccountGroupsModule() {}

  /**
   * The groups, in an order where every nested group comes before the groups it is a member of (the
   * config's validation refuses cycles).
   */
  public static Map<String, Resource<AccountGroupSpec>> declare(
      StackBuilder b, String stack, String module, List<Group> groups) {
    Map<String, Group> byName = new LinkedHashMap<>();
    groups.forEach(g -> byName.put(g.displayName(), g));
    Map<String, Resource<AccountGroupSpec>> out = new LinkedHashMap<>();
    for (Group g : groups) {
      declareOne(b, stack, module, g, byName, out);
    }
    return out;
  }

  private static Resource<AccountGroupSpec> declareOne(
      StackBuilder b,
      String stack,
      String module,
      Group g,
      Map<String, Group> byName,
      Map<String, Resource<AccountGroupSpec>> out) {
    Resource<AccountGroupSpec> done = out.get(g.displayName());
    if (done != null) {
      return done;
    }
    Map<String, Ref> nested = new LinkedHashMap<>();
    for (Member m : g.members()) {
      if (m.configuredGroup() != null) {
        nested.put(
            m.configuredGroup(),
            declareOne(b, stack, module, byName.get(m.configuredGroup()), byName, out).out("id"));
      }
    }
    String address = module + ".group[\"" + g.displayName() + "\"]";
    Resource<AccountGroupSpec> r =
        b.add(
            address,
            AccountGroupHandler.TYPE,
            res -> {
              List<AccountGroupSpec.Member> members = new ArrayList<>();
              for (Member m : g.members()) {
                if (m.resolved() != null) {
                  members.add(
                      new AccountGroupSpec.Member(
                          m.resolved().kind().configName(),
                          m.resolved().name(),
                          m.resolved().id()));
                } else {
                  members.add(
                      new AccountGroupSpec.Member(
                          "group", m.configuredGroup(), res.get(nested.get(m.configuredGroup()))));
                }
              }
              return new AccountGroupSpec(
                  g.displayName(), AccountGroupHandler.owner(stack, address), members);
            });
    out.put(g.displayName(), r);
    return r;
  }

  /** Workspace assignments of configured groups, after the metastore assignment. */
  public static List<Resource<PermissionAssignmentSpec>> assign(
      StackBuilder b,
      String module,
      Map<String, Resource<AccountGroupSpec>> groups,
      Map<String, String> permissionByGroup,
      Ref workspaceId,
      Resource<?> metastoreAssignment) {
    List<Resource<PermissionAssignmentSpec>> out = new ArrayList<>();
    permissionByGroup.forEach(
        (name, permission) ->
            out.add(
                PermissionAssignmentHandler.declare(
                    b,
                    module,
                    "group",
                    name,
                    workspaceId,
                    r -> r.get(groups.get(name).out("id")),
                    permission,
                    metastoreAssignment)));
    return out;
  }
}
