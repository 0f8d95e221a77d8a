package dev.deployer.emulator;

import static dev.deployer.emulator.Router.Scope.WORKSPACE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Object access control lists ({@code /api/2.0/permissions/{clusters|cluster-policies}/{id}}, SDK
 * {@code PermissionsAPI}). PUT replaces the object's direct entries whole; PATCH adds or changes
 * the entries it names and keeps the others (the provider's permissions/resource_permissions.go
 * relies on both). The {@code admins} group holds CAN_MANAGE on every cluster by inheritance: it is
 * listed as inherited and cannot be given less (workspace admins need no grant on a policy). A
 * principal must be one the workspace sees (an account principal assigned to it, its system groups,
 * the caller); the level must be one the object type has.
 */
record PermissionsApi(Ctx ctx) {
  private static final String BASE = "/api/2.0/permissions/{type}/{id}";

  /** Object type in the path -> (object_type answered, levels it has). */
  private static final Map<String, Map.Entry<String, Set<String>>> TYPES =
      Map.of(
          "clusters",
          Map.entry("cluster", Set.of("CAN_ATTACH_TO", "CAN_RESTART", "CAN_MANAGE")),
          "cluster-policies",
          Map.entry("cluster-policy", Set.of("CAN_USE")));

  private static final String[] KEYS = {"user_name", "group_name", "service_principal_name"};

  void register(Router r) {
    r.add("GET", BASE, WORKSPACE, (q, s) -> HttpResp.ok(answer(q, s)));
    r.add("PUT", BASE, WORKSPACE, (q, s) -> change(q, s, true));
    r.add("PATCH", BASE, WORKSPACE, (q, s) -> change(q, s, false));
  }

  /** An object's ACL goes with the object. */
  static void forget(State.WorkspaceData d, String type, String id) {
    d.permissions.remove(type + "/" + id);
  }

  private static String key(HttpReq q, State s) {
    String type = q.param("type");
    if (!TYPES.containsKey(type)) {
      throw ApiException.notFound("NOT_FOUND", "No API found for 'GET /permissions/" + type + "'");
    }
    String id = q.param("id");
    boolean exists =
        type.equals("clusters")
            ? s.workspaceData(q).clusters.containsKey(id)
            : s.workspaceData(q).clusterPolicies.containsKey(id);
    if (!exists) {
      throw ApiException.notFound(
          (type.equals("clusters") ? "Cluster " : "Cluster policy ") + id + " does not exist.");
    }
    return type + "/" + id;
  }

  /** principal key ("group_name:x") -> level, the object's direct entries. */
  private static Map<String, String> direct(HttpReq q, State s, String key) {
    ObjectNode stored = s.workspaceData(q).permissions.get(key);
    Map<String, String> out = new LinkedHashMap<>();
    if (stored != null) {
      stored.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    }
    return out;
  }

  private ObjectNode answer(HttpReq q, State s) {
    String key = key(q, s);
    String type = q.param("type");
    ObjectNode out =
        Json.obj()
            .put("object_id", "/" + type + "/" + q.param("id"))
            .put("object_type", TYPES.get(type).getKey());
    ArrayNode acl = out.putArray("access_control_list");
    direct(q, s, key)
        .forEach(
            (principal, level) -> {
              String[] kv = principal.split(":", 2);
              ObjectNode entry = acl.addObject().put(kv[0], kv[1]);
              entry
                  .putArray("all_permissions")
                  .addObject()
                  .put("permission_level", level)
                  .put("inherited", false);
            });
    if (type.equals("clusters")) {
      ObjectNode admins = acl.addObject().put("group_name", "admins");
      admins
          .putArray("all_permissions")
          .addObject()
          .put("permission_level", "CAN_MANAGE")
          .put("inherited", true)
          .putArray("inherited_from_object")
          .add("/clusters/");
    }
    return out;
  }

  private HttpResp change(HttpReq q, State s, boolean replace) {
    String key = key(q, s);
    Set<String> levels = TYPES.get(q.param("type")).getValue();
    JsonNode body = q.json();
    JsonNode list = body.get("access_control_list");
    if (list == null || !list.isArray()) {
      throw ApiException.missing("access_control_list");
    }
    Map<String, String> acl = replace ? new LinkedHashMap<>() : direct(q, s, key);
    State.Account a = s.account(q.workspace.accountId());
    for (JsonNode e : list) {
      String field = null;
      for (String k : KEYS) {
        if (Json.text(e, k) != null) {
          field = k;
        }
      }
      if (field == null) {
        throw ApiException.invalid(
            "An access control entry must name a user, group or service principal.");
      }
      String name = Json.text(e, field);
      String level = Json.required(e, "permission_level");
      if (!levels.contains(level)) {
        throw ApiException.invalid(
            "Permission type "
                + level
                + " is not supported for "
                + q.param("type")
                + "; use one of "
                + levels);
      }
      if (field.equals("group_name") && name.equals("admins")) {
        if (!"CAN_MANAGE".equals(level) && q.param("type").equals("clusters")) {
          throw ApiException.invalid(
              "Cannot change permissions for group 'admins' to " + level + ".");
        }
        continue; // held by inheritance already
      }
      if (!visible(a, q.workspace.workspaceId(), field, name)) {
        String kind =
            switch (field) {
              case "user_name" -> "UserName";
              case "group_name" -> "GroupName";
              default -> "ServicePrincipalName";
            };
        throw ApiException.invalid("Principal: " + kind + "(" + name + ") does not exist");
      }
      acl.put(field + ":" + name, level);
    }
    ObjectNode stored = Json.obj();
    acl.forEach(stored::put);
    s.workspaceData(q).permissions.put(key, stored);
    ctx.store.changed();
    return HttpResp.ok(answer(q, s));
  }

  /**
   * Whether the workspace sees the principal: the caller, its system groups, or an assigned one.
   */
  static boolean visible(State.Account a, long workspaceId, String field, String name) {
    if (field.equals("user_name") && name.equalsIgnoreCase(IdentityApi.ME_USER)) {
      return true;
    }
    if (field.equals("group_name") && name.equals("users")) {
      return true;
    }
    IdentityApi.Kind kind =
        switch (field) {
          case "user_name" -> IdentityApi.Kind.USERS;
          case "group_name" -> IdentityApi.Kind.GROUPS;
          default -> IdentityApi.Kind.SERVICE_PRINCIPALS;
        };
    Map<Long, ObjectNode> assigned = a.permissionAssignments.getOrDefault(workspaceId, Map.of());
    for (Map.Entry<String, ObjectNode> p : kind.of(a).entrySet()) {
      String theirs = Json.text(p.getValue(), kind.key);
      boolean same =
          kind == IdentityApi.Kind.GROUPS ? name.equals(theirs) : name.equalsIgnoreCase(theirs);
      if (same && assigned.containsKey(Long.parseLong(p.getKey()))) {
        return true;
      }
    }
    return false;
  }
}
