package dev.deployer.emulator;

import static dev.deployer.emulator.Router.Scope.WORKSPACE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Workspace-level SCIM ({@code /api/2.0/preview/scim/v2/Me|Users|Groups}) of an identity-federated
 * workspace, the only kind a Unity Catalog workspace is: the workspace sees the account's users and
 * groups that are assigned to it, plus its own {@code admins} and {@code users} groups. Adding a
 * user or group here creates the account principal when it is new and assigns it USER; deleting it
 * here removes the assignment, never the account principal. The provider polls {@code Me} to tell
 * that a new workspace host answers (mws/resource_mws_workspaces.go verifyWorkspaceReachable).
 */
record WorkspaceScimApi(Ctx ctx, IdentityApi identity) {
  private static final String BASE = "/api/2.0/preview/scim/v2";

  /** The two system groups every workspace has; not account groups. */
  private static final Map<String, String> SYSTEM_GROUPS =
      Map.of("admins", "1000000000000002", "users", "1000000000000003");

  void register(Router r) {
    r.add("GET", BASE + "/Me", WORKSPACE, (q, s) -> HttpResp.ok(IdentityApi.me()));
    for (IdentityApi.Kind k : List.of(IdentityApi.Kind.USERS, IdentityApi.Kind.GROUPS)) {
      String base = BASE + "/" + k.path;
      r.add("GET", base, WORKSPACE, (q, s) -> list(q, s, k));
      r.add("POST", base, WORKSPACE, (q, s) -> create(q, s, k));
      r.add("GET", base + "/{id}", WORKSPACE, (q, s) -> HttpResp.ok(find(q, s, k)));
      r.add("DELETE", base + "/{id}", WORKSPACE, (q, s) -> delete(q, s, k));
    }
  }

  private static State.Account account(HttpReq q, State s) {
    return s.account(q.workspace.accountId());
  }

  private static Map<Long, ObjectNode> assignments(HttpReq q, State s) {
    return account(q, s)
        .permissionAssignments
        .computeIfAbsent(q.workspace.workspaceId(), x -> new LinkedHashMap<>());
  }

  /** The principals of this kind the workspace sees, in SCIM shape. */
  private static List<ObjectNode> visible(HttpReq q, State s, IdentityApi.Kind k) {
    List<ObjectNode> out = new ArrayList<>();
    if (k == IdentityApi.Kind.USERS) {
      out.add(IdentityApi.me());
    } else {
      SYSTEM_GROUPS.forEach(
          (name, id) -> {
            ObjectNode g = Json.obj().put("id", id).put("displayName", name);
            g.putArray("schemas").add(k.schema);
            out.add(g);
          });
    }
    Map<Long, ObjectNode> assigned = assignments(q, s);
    k.of(account(q, s))
        .forEach(
            (id, o) -> {
              if (assigned.containsKey(Long.parseLong(id))
                  && !IdentityApi.ME_USER.equalsIgnoreCase(Json.text(o, k.key))) {
                out.add(Json.visible(o));
              }
            });
    return out;
  }

  private HttpResp list(HttpReq q, State s, IdentityApi.Kind k) {
    Predicate<JsonNode> filter = ScimFilter.parse(q.query("filter"));
    List<ObjectNode> all = visible(q, s, k).stream().filter(filter).toList();
    return HttpResp.ok(ScimPages.page(q, all));
  }

  private static ObjectNode find(HttpReq q, State s, IdentityApi.Kind k) {
    String id = q.param("id");
    for (ObjectNode o : visible(q, s, k)) {
      if (id.equals(Json.text(o, "id"))) {
        return o;
      }
    }
    throw ApiException.notFound("NOT_FOUND", k.path + " " + id + " not found.");
  }

  private HttpResp create(HttpReq q, State s, IdentityApi.Kind k) {
    JsonNode body = q.json();
    String key = Json.required(body, k.key);
    for (ObjectNode o : visible(q, s, k)) {
      if (key.equalsIgnoreCase(Json.text(o, k.key))) {
        throw ApiException.exists(k.path + " with " + k.key + " " + key + " already exists.");
      }
    }
    State.Account a = account(q, s);
    ObjectNode principal = null;
    for (ObjectNode o : k.of(a).values()) {
      if (key.equalsIgnoreCase(Json.text(o, k.key))) {
        principal = o;
      }
    }
    if (principal == null) {
      principal = identity.create(a, k, body);
    }
    ObjectNode perms = Json.obj();
    perms.putArray("permissions").add("USER");
    assignments(q, s).put(Long.parseLong(Json.text(principal, "id")), perms);
    ctx.store.changed();
    return new HttpResp(201, Json.visible(principal), Map.of());
  }

  private HttpResp delete(HttpReq q, State s, IdentityApi.Kind k) {
    ObjectNode o = find(q, s, k);
    String id = Json.text(o, "id");
    if (SYSTEM_GROUPS.containsValue(id) || IdentityApi.ME_USER.equals(Json.text(o, k.key))) {
      throw new ApiException(403, "PERMISSION_DENIED", k.path + " " + id + " cannot be deleted.");
    }
    assignments(q, s).remove(Long.parseLong(id));
    ctx.store.changed();
    return HttpResp.noContent();
  }
}
