package dev.deployer.emulator;

import static dev.deployer.emulator.Router.Scope.ACCOUNT;
import static dev.deployer.emulator.Router.Scope.WORKSPACE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Account SCIM (users, groups, service principals), workspace permission assignments and Me. */
record IdentityApi(Ctx ctx, Workspaces workspaces) {
  /** The identity every token maps to. */
  static final String ME_USER = "emulator-admin@example.com";

  static final String LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
  private static final String BASE = "/api/2.0/accounts/{account_id}";

  /** The three SCIM resource kinds and the field each is looked up by. */
  enum Kind {
    USERS("Users", "userName", "urn:ietf:params:scim:schemas:core:2.0:User", "user_name"),
    GROUPS("Groups", "displayName", "urn:ietf:params:scim:schemas:core:2.0:Group", "group_name"),
    SERVICE_PRINCIPALS(
        "ServicePrincipals",
        "applicationId",
        "urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal",
        "service_principal_name");

    final String path;
    final String key;
    final String schema;
    final String principalField;

    Kind(String path, String key, String schema, String principalField) {
      this.path = path;
      this.key = key;
      this.schema = schema;
      this.principalField = principalField;
    }

    Map<String, ObjectNode> of(State.Account a) {
      return switch (this) {
        case USERS -> a.users;
        case GROUPS -> a.groups;
        case SERVICE_PRINCIPALS -> a.servicePrincipals;
      };
    }

    static Kind fromPath(String p) {
      for (Kind k : values()) {
        if (k.path.equalsIgnoreCase(p) || k.name().replace("_", "-").equalsIgnoreCase(p)) {
          return k;
        }
      }
      throw ApiException.notFound("Unknown SCIM resource type " + p);
    }
  }

  void register(Router r) {
    for (Kind k : Kind.values()) {
      String base = BASE + "/scim/v2/" + k.path;
      r.add("GET", base, ACCOUNT, (q, s) -> list(q, s, k));
      r.add("POST", base, ACCOUNT, (q, s) -> create(q, s, k));
      r.add("GET", base + "/{id}", ACCOUNT, (q, s) -> HttpResp.ok(Json.visible(find(q, s, k))));
      r.add("DELETE", base + "/{id}", ACCOUNT, (q, s) -> delete(q, s, k));
    }
    r.add(
        "PATCH",
        BASE + "/scim/v2/Groups/{id}",
        ACCOUNT,
        (q, s) ->
            GroupMembers.patch(
                ctx, AccountConfigsApi.acct(q, s), find(q, s, Kind.GROUPS), q.json()));
    String pa = BASE + "/workspaces/{workspace_id}/permissionassignments";
    r.add("GET", pa, ACCOUNT, this::listAssignments);
    r.add("GET", pa + "/permissions", ACCOUNT, this::permissionLevels);
    r.add("PUT", pa + "/principals/{principal_id}", ACCOUNT, this::putAssignment);
    r.add("DELETE", pa + "/principals/{principal_id}", ACCOUNT, this::deleteAssignment);
    r.add("GET", "/api/2.0/preview/scim/v2/Me", WORKSPACE, (q, s) -> HttpResp.ok(me()));
  }

  static ObjectNode me() {
    ObjectNode me =
        Json.obj()
            .put("id", "1000000000000001")
            .put("userName", ME_USER)
            .put("displayName", "Emulator Admin")
            .put("active", true);
    me.putArray("schemas").add(Kind.USERS.schema);
    me.putArray("emails")
        .addObject()
        .put("value", ME_USER)
        .put("primary", true)
        .put("type", "work");
    me.putArray("groups").addObject().put("display", "admins").put("value", "1000000000000002");
    return me;
  }

  private HttpResp list(HttpReq q, State s, Kind k) {
    Predicate<JsonNode> filter = ScimFilter.parse(q.query("filter"));
    List<ObjectNode> all =
        k.of(AccountConfigsApi.acct(q, s)).values().stream()
            .filter(filter)
            .collect(Collectors.toList());
    return HttpResp.ok(ScimPages.page(q, all));
  }

  private ObjectNode find(HttpReq q, State s, Kind k) {
    ObjectNode o = k.of(AccountConfigsApi.acct(q, s)).get(q.param("id"));
    if (o == null) {
      throw ApiException.notFound("NOT_FOUND", k.path + " " + q.param("id") + " not found.");
    }
    return o;
  }

  private HttpResp create(HttpReq q, State s, Kind k) {
    return HttpResp.ok(Json.visible(create(AccountConfigsApi.acct(q, s), k, q.json())));
  }

  /** Creates a SCIM principal; also used by the admin API to seed principals. */
  static final String ACCOUNT_ADMIN = "account_admin";

  /**
   * The account API is for account admins only: a service principal of the account whose SCIM
   * {@code roles} lack {@code account_admin} is refused, in the words databricks/cli#2921 quotes. A
   * principal seeded without any {@code roles} (directories made before roles were kept) and an
   * OAuth client that is no principal of the account are let through, as before.
   */
  static ApiException refuseNonAdmin(State s, String accountId, String clientId) {
    State.Account a = s.accounts.get(accountId);
    if (a == null) {
      return null;
    }
    for (ObjectNode sp : a.servicePrincipals.values()) {
      if (clientId.equals(Json.text(sp, "applicationId")) && sp.has("roles")) {
        for (JsonNode role : sp.get("roles")) {
          if (ACCOUNT_ADMIN.equals(role.path("value").asText())) {
            return null;
          }
        }
        return new ApiException(
            403,
            "PERMISSION_DENIED",
            "This API is disabled for users without account admin status. Contact your"
                + " administrator for more information.");
      }
    }
    return null;
  }

  /** Replaces a service principal's account roles (the console's "Account admin" switch). */
  ObjectNode setRoles(State.Account a, String applicationId, JsonNode roles) {
    for (ObjectNode sp : a.servicePrincipals.values()) {
      if (applicationId.equals(Json.text(sp, "applicationId"))) {
        var arr = sp.putArray("roles");
        for (JsonNode r : roles) {
          arr.addObject().put("value", r.isTextual() ? r.asText() : r.path("value").asText());
        }
        ctx.store.changed();
        return sp;
      }
    }
    throw ApiException.notFound("No service principal with applicationId " + applicationId + ".");
  }

  ObjectNode create(State.Account a, Kind k, JsonNode body) {
    ObjectNode o = body.isObject() ? ((ObjectNode) body).deepCopy() : Json.obj();
    if (k == Kind.SERVICE_PRINCIPALS && Json.text(o, "applicationId") == null) {
      o.put("applicationId", ctx.uuid());
    }
    String key = Json.required(o, k.key);
    if (k == Kind.GROUPS) {
      GroupMembers.checkCreate(a, o);
    }
    if (k == Kind.USERS) {
      // The service keeps user names lower-cased (provider docs/resources/user.md: "Provided
      // username will be converted to lower case"; scim/user_test.go expects it).
      key = key.toLowerCase(java.util.Locale.ROOT);
      o.put(k.key, key);
    }
    for (ObjectNode other : k.of(a).values()) {
      // Group names are unique with case ("Admins" and "admins" may both exist, provider #3597);
      // user names and application ids without.
      String theirs = Json.text(other, k.key);
      if (k == Kind.GROUPS ? key.equals(theirs) : key.equalsIgnoreCase(theirs)) {
        throw ApiException.exists(k.path + " with " + k.key + " " + key + " already exists.");
      }
    }
    String id;
    do {
      id = Long.toString(ctx.numericId(16));
    } while (principal(a, Long.parseLong(id)) != null);
    o.put("id", id);
    o.putArray("schemas").add(k.schema);
    if (k != Kind.GROUPS && !o.has("active")) {
      o.put("active", true);
    }
    if (k == Kind.USERS && !o.has("emails")) {
      o.putArray("emails").addObject().put("value", key).put("primary", true).put("type", "work");
    }
    if (k == Kind.USERS && !o.has("displayName")) {
      o.put("displayName", key);
    }
    k.of(a).put(id, o);
    ctx.store.changed();
    return o;
  }

  private HttpResp delete(HttpReq q, State s, Kind k) {
    State.Account a = AccountConfigsApi.acct(q, s);
    find(q, s, k);
    k.of(a).remove(q.param("id"));
    GroupMembers.forget(a, q.param("id"));
    long pid = Long.parseLong(q.param("id"));
    a.permissionAssignments.values().forEach(m -> m.remove(pid));
    ctx.store.changed();
    return HttpResp.empty();
  }

  /** The {principal_id, user_name|group_name|service_principal_name, display_name} of an id. */
  static ObjectNode principal(State.Account a, long principalId) {
    String id = Long.toString(principalId);
    for (Kind k : Kind.values()) {
      ObjectNode o = k.of(a).get(id);
      if (o != null) {
        ObjectNode p = Json.obj().put("principal_id", principalId);
        p.put(k.principalField, Json.text(o, k.key));
        String display = Json.text(o, "displayName");
        p.put("display_name", display == null ? Json.text(o, k.key) : display);
        return p;
      }
    }
    return null;
  }

  /**
   * True when a UC grant principal exists: an account user (by user name, which is an e-mail and
   * matches in any case), an account group (by its exact name: group names are case-sensitive,
   * provider #3705 and PR #3708) or a service principal (by application id), or the built-in {@code
   * account users}. The workspace-local {@code admins} group is not an account principal and cannot
   * be granted Unity Catalog privileges ("Could not find principal with name admins", provider
   * #5413 and #4680).
   */
  static boolean principalNamed(State.Account a, String name) {
    if (name.equalsIgnoreCase(ME_USER) || name.equals("account users")) {
      return true;
    }
    for (Kind k : Kind.values()) {
      for (ObjectNode o : k.of(a).values()) {
        String key = Json.text(o, k.key);
        if (k == Kind.USERS ? name.equalsIgnoreCase(key) : name.equals(key)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * A new owner must be a principal the account knows, as for a grant: Unity Catalog refuses an
   * unknown one with {@code PRINCIPAL_DOES_NOT_EXIST} (provider issue #2717 and the setup scripts
   * that catch that code on a metastore owner PATCH; the exact answer of each securable's update is
   * not published).
   */
  static void requireKnownOwner(State.Account a, JsonNode body) {
    String owner = Json.text(body, "owner");
    if (owner != null && !principalNamed(a, owner)) {
      throw ApiException.notFound(
          "PRINCIPAL_DOES_NOT_EXIST", "Could not find principal with name " + owner);
    }
  }

  private HttpResp listAssignments(HttpReq q, State s) {
    State.Account a = AccountConfigsApi.acct(q, s);
    long wsId = workspaces.get(q, s).path("workspace_id").asLong();
    ArrayNode items = Json.arr();
    a.permissionAssignments
        .getOrDefault(wsId, Map.of())
        .forEach((pid, perms) -> items.add(assignment(a, pid, perms)));
    return HttpResp.ok("permission_assignments", items);
  }

  private static ObjectNode assignment(State.Account a, long pid, ObjectNode perms) {
    ObjectNode item = Json.obj();
    ObjectNode p = principal(a, pid);
    item.set("principal", p == null ? Json.obj().put("principal_id", pid) : p);
    item.set("permissions", perms.get("permissions").deepCopy());
    return item;
  }

  private HttpResp permissionLevels(HttpReq q, State s) {
    workspaces.get(q, s);
    ObjectNode out = Json.obj();
    ArrayNode levels = out.putArray("permissions");
    levels.addObject().put("permission_level", "ADMIN").put("description", "Workspace admin");
    levels.addObject().put("permission_level", "USER").put("description", "Workspace user");
    return HttpResp.ok(out);
  }

  private HttpResp putAssignment(HttpReq q, State s) {
    State.Account a = AccountConfigsApi.acct(q, s);
    ObjectNode ws = workspaces.get(q, s);
    long wsId = ws.path("workspace_id").asLong();
    checkPermissionApisReady(a, ws);
    long pid = principalId(q);
    if (principal(a, pid) == null) {
      throw ApiException.notFound("Principal " + pid + " does not exist in this account.");
    }
    List<String> perms = Json.strings(q.json(), "permissions");
    if (perms.isEmpty()) {
      throw ApiException.missing("permissions");
    }
    for (String p : perms) {
      if (!p.equals("USER") && !p.equals("ADMIN")) {
        throw ApiException.invalid("Invalid permission '" + p + "'; expected USER or ADMIN.");
      }
    }
    ObjectNode stored = Json.obj();
    ArrayNode arr = stored.putArray("permissions");
    perms.stream().distinct().forEach(arr::add);
    a.permissionAssignments
        .computeIfAbsent(wsId, x -> new java.util.LinkedHashMap<>())
        .put(pid, stored);
    ctx.store.changed();
    return HttpResp.ok(assignment(a, pid, stored));
  }

  /**
   * Shortly after a workspace is created (or assigned a metastore, which turns on identity
   * federation) the service refuses permission assignment (provider #5282). The status and code are
   * not confirmed; the message is the one users report.
   */
  private void checkPermissionApisReady(State.Account a, ObjectNode ws) {
    long since = ws.path("creation_time").asLong(0);
    ObjectNode assignment = a.metastoreAssignments.get(ws.path("workspace_id").asLong());
    if (assignment != null) {
      since = Math.max(since, assignment.path("_assigned_at").asLong(0));
    }
    long lag = ctx.permissionAssignmentLag.toMillis();
    if (lag > 0 && ctx.now() < since + lag) {
      throw new ApiException(
          400, "BAD_REQUEST", "Permission assignment APIs are not available for this workspace.");
    }
  }

  private HttpResp deleteAssignment(HttpReq q, State s) {
    State.Account a = AccountConfigsApi.acct(q, s);
    long wsId = workspaces.get(q, s).path("workspace_id").asLong();
    long pid = principalId(q);
    Map<Long, ObjectNode> m = a.permissionAssignments.get(wsId);
    if (m == null || m.remove(pid) == null) {
      throw ApiException.notFound(
          "Principal " + pid + " has no permission assignment in workspace " + wsId + ".");
    }
    ctx.store.changed();
    return HttpResp.empty();
  }

  private static long principalId(HttpReq q) {
    try {
      return Long.parseLong(q.param("principal_id"));
    } catch (NumberFormatException e) {
      throw ApiException.invalid("principal_id must be a number: " + q.param("principal_id"));
    }
  }
}
