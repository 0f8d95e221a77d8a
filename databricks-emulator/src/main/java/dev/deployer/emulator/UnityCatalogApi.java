package dev.deployer.emulator;

import static dev.deployer.emulator.Router.Scope.WORKSPACE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Workspace-level Unity Catalog: storage credentials, external locations, catalogs (with their
 * schemas), workspace bindings, grants and the current assignment. Everything is refused with "No
 * metastore assigned for the current workspace." until the workspace has a metastore; objects live
 * in the metastore, so workspaces sharing one see the same objects.
 *
 * <p>Catalog delete without force is refused while the catalog holds any schema other than
 * information_schema; a new catalog holds "default", so callers either drop "default" first or pass
 * force=true (as the real service behaves, which is why Terraform drops "default" after create).
 */
record UnityCatalogApi(Ctx ctx) {
  static final String UC_MASTER_ROLE =
      "arn:aws:iam::414351767826:role/unity-catalog-prod-UCMasterRole-14S5ZJVKOTYTL";
  private static final String BASE = "/api/2.1/unity-catalog";
  private static final Set<String> ISOLATION = Set.of("OPEN", "ISOLATED");
  private static final Set<String> BINDING_TYPES =
      Set.of("BINDING_TYPE_READ_WRITE", "BINDING_TYPE_READ_ONLY");
  static final Set<String> PRIVILEGES =
      Set.of(
          "ACCESS",
          "ALL_PRIVILEGES",
          "APPLY_TAG",
          "BROWSE",
          "CREATE",
          "CREATE_CATALOG",
          "CREATE_CLEAN_ROOM",
          "CREATE_CONNECTION",
          "CREATE_EXTERNAL_LOCATION",
          "CREATE_EXTERNAL_TABLE",
          "CREATE_EXTERNAL_VOLUME",
          "CREATE_FOREIGN_CATALOG",
          "CREATE_FOREIGN_SECURABLE",
          "CREATE_FUNCTION",
          "CREATE_MANAGED_STORAGE",
          "CREATE_MATERIALIZED_VIEW",
          "CREATE_MODEL",
          "CREATE_PROVIDER",
          "CREATE_RECIPIENT",
          "CREATE_SCHEMA",
          "CREATE_SERVICE_CREDENTIAL",
          "CREATE_SHARE",
          "CREATE_STORAGE_CREDENTIAL",
          "CREATE_TABLE",
          "CREATE_VIEW",
          "CREATE_VOLUME",
          "EXECUTE",
          "EXECUTE_CLEAN_ROOM_TASK",
          "EXTERNAL_USE_SCHEMA",
          "MANAGE",
          "MANAGE_ALLOWLIST",
          "MODIFY",
          "MODIFY_CLEAN_ROOM",
          "READ_FILES",
          "READ_METADATA",
          "READ_PRIVATE_FILES",
          "READ_VOLUME",
          "REFRESH",
          "SELECT",
          "SET_SHARE_PERMISSION",
          "USAGE",
          "USE_CATALOG",
          "USE_CONNECTION",
          "USE_MARKETPLACE_ASSETS",
          "USE_PROVIDER",
          "USE_RECIPIENT",
          "USE_SCHEMA",
          "USE_SHARE",
          "WRITE_FILES",
          "WRITE_PRIVATE_FILES",
          "WRITE_VOLUME");

  void register(Router r) {
    r.add("GET", BASE + "/current-metastore-assignment", WORKSPACE, this::current);
    r.add("GET", BASE + "/metastore_summary", WORKSPACE, this::summary);
    // The workspace-level assignment family (SDK MetastoresImpl: assign, updateAssignment,
    // unassign), which the provider's databricks_metastore_assignment uses on a workspace host.
    String wsAssign = BASE + "/workspaces/{workspace_id}/metastore";
    r.add("PUT", wsAssign, WORKSPACE, (q, s) -> workspaceAssign(q, s, MetastoresApi.Mode.UPSERT));
    r.add("PATCH", wsAssign, WORKSPACE, (q, s) -> workspaceAssign(q, s, MetastoresApi.Mode.UPDATE));
    r.add("DELETE", wsAssign, WORKSPACE, this::workspaceUnassign);
    // The deprecated catalog-only bindings path, still served beside bindings/{type}/{name}.
    String legacy = BASE + "/workspace-bindings/catalogs/{name}";
    r.add("GET", legacy, WORKSPACE, this::getLegacyBindings);
    r.add("PATCH", legacy, WORKSPACE, this::updateLegacyBindings);
    String sc = BASE + "/storage-credentials";
    r.add("POST", sc, WORKSPACE, this::createCredential);
    r.add("GET", sc, WORKSPACE, (q, s) -> list(uc(q, s).storageCredentials, "storage_credentials"));
    r.add("GET", sc + "/{name}", WORKSPACE, (q, s) -> ok(credential(uc(q, s), q.param("name"))));
    r.add("PATCH", sc + "/{name}", WORKSPACE, this::updateCredential);
    r.add("DELETE", sc + "/{name}", WORKSPACE, this::deleteCredential);
    String el = BASE + "/external-locations";
    r.add("POST", el, WORKSPACE, this::createLocation);
    r.add("GET", el, WORKSPACE, (q, s) -> list(uc(q, s).externalLocations, "external_locations"));
    r.add("GET", el + "/{name}", WORKSPACE, (q, s) -> ok(location(uc(q, s), q.param("name"))));
    r.add("PATCH", el + "/{name}", WORKSPACE, this::updateLocation);
    r.add("DELETE", el + "/{name}", WORKSPACE, this::deleteLocation);
    String cat = BASE + "/catalogs";
    r.add("POST", cat, WORKSPACE, this::createCatalog);
    r.add("GET", cat, WORKSPACE, this::listCatalogs);
    r.add("GET", cat + "/{name}", WORKSPACE, (q, s) -> ok(visibleCatalog(q, s, q.param("name"))));
    r.add("PATCH", cat + "/{name}", WORKSPACE, this::updateCatalog);
    r.add("DELETE", cat + "/{name}", WORKSPACE, this::deleteCatalog);
    String sch = BASE + "/schemas";
    r.add("POST", sch, WORKSPACE, this::createSchema);
    r.add("GET", sch, WORKSPACE, this::listSchemas);
    r.add(
        "GET",
        sch + "/{full_name}",
        WORKSPACE,
        (q, s) -> ok(schema(uc(q, s), q.param("full_name"))));
    r.add("DELETE", sch + "/{full_name}", WORKSPACE, this::deleteSchema);
    String b = BASE + "/bindings/{securable_type}/{securable_name}";
    r.add("GET", b, WORKSPACE, this::getBindings);
    r.add("PATCH", b, WORKSPACE, this::updateBindings);
    String p = BASE + "/permissions/{securable_type}/{full_name}";
    r.add("GET", p, WORKSPACE, this::getGrants);
    r.add("PATCH", p, WORKSPACE, this::updateGrants);
  }

  // ---- context ----

  private static State.Account account(HttpReq q, State s) {
    return s.account(q.workspace.accountId());
  }

  private ObjectNode assignment(HttpReq q, State s) {
    ObjectNode a = account(q, s).metastoreAssignments.get(q.workspace.workspaceId());
    if (a == null) {
      throw ApiException.notFound("METASTORE_DOES_NOT_EXIST", MetastoresApi.NO_METASTORE);
    }
    MetastoresApi.checkPropagated(ctx, a);
    return a;
  }

  private String metastoreId(HttpReq q, State s) {
    return Json.text(assignment(q, s), "metastore_id");
  }

  private State.Metastore uc(HttpReq q, State s) {
    return account(q, s).uc(metastoreId(q, s));
  }

  /** The workspace a workspace-level assignment call names in its path, in the caller's account. */
  private static ObjectNode pathWorkspace(HttpReq q, State s) {
    return q.numbered(account(q, s).workspaces, "workspace_id", "Workspace");
  }

  private HttpResp workspaceAssign(HttpReq q, State s, MetastoresApi.Mode mode) {
    ObjectNode ws = pathWorkspace(q, s);
    JsonNode body = q.json();
    String mid = Json.text(body, "metastore_id");
    if (mid == null) {
      ObjectNode current = account(q, s).metastoreAssignments.get(ws.path("workspace_id").asLong());
      if (mode != MetastoresApi.Mode.UPDATE || current == null) {
        throw ApiException.missing("metastore_id");
      }
      mid = Json.text(current, "metastore_id");
    }
    MetastoresApi.assignTo(
        ctx, account(q, s), ws, mid, Json.text(body, "default_catalog_name"), mode);
    return HttpResp.empty();
  }

  private HttpResp workspaceUnassign(HttpReq q, State s) {
    ObjectNode ws = pathWorkspace(q, s);
    String mid = q.query("metastore_id");
    if (mid == null) {
      throw ApiException.missing("metastore_id");
    }
    MetastoresApi.unassignFrom(ctx, account(q, s), ws.path("workspace_id").asLong(), mid);
    return HttpResp.empty();
  }

  private static HttpResp ok(ObjectNode o) {
    return HttpResp.ok(Json.visible(o));
  }

  private static HttpResp list(Map<String, ObjectNode> objects, String field) {
    return HttpResp.ok(field, Json.visibleAll(objects.values()));
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  private ObjectNode stamp(ObjectNode o, String metastoreId) {
    long now = ctx.now();
    return o.put("metastore_id", metastoreId)
        .put("owner", IdentityApi.ME_USER)
        .put("created_at", now)
        .put("created_by", IdentityApi.ME_USER)
        .put("updated_at", now)
        .put("updated_by", IdentityApi.ME_USER);
  }

  private void touched(ObjectNode o) {
    o.put("updated_at", ctx.now()).put("updated_by", IdentityApi.ME_USER);
    ctx.store.changed();
  }

  private HttpResp current(HttpReq q, State s) {
    return HttpResp.ok(Json.visible(assignment(q, s)));
  }

  private HttpResp summary(HttpReq q, State s) {
    ObjectNode m = MetastoresApi.find(account(q, s), metastoreId(q, s));
    return ok(m);
  }

  // ---- storage credentials ----

  private static ObjectNode credential(State.Metastore uc, String name) {
    return existing(
        uc.storageCredentials, name, "STORAGE_CREDENTIAL_DOES_NOT_EXIST", "Storage Credential");
  }

  private HttpResp createCredential(HttpReq q, State s) {
    State.Metastore uc = uc(q, s);
    JsonNode body = q.json();
    String name = key(Json.required(body, "name"));
    String roleArn = Json.text(body.path("aws_iam_role"), "role_arn");
    if (roleArn == null) {
      throw ApiException.invalid("A storage credential needs aws_iam_role.role_arn on AWS.");
    }
    AccountConfigsApi.checkRoleArn(roleArn);
    requireNew(
        uc.storageCredentials, name, "STORAGE_CREDENTIAL_ALREADY_EXISTS", "Storage Credential");
    checkUcRole(s, roleArn, Json.bool(body, "skip_validation", false));
    ObjectNode c = Json.obj().put("id", ctx.uuid()).put("name", name).put("full_name", name);
    c.putObject("aws_iam_role")
        .put("role_arn", roleArn)
        .put("external_id", ctx.uuid())
        .put("unity_catalog_iam_arn", UC_MASTER_ROLE);
    c.put("comment", Json.text(body, "comment"))
        .put("read_only", Json.bool(body, "read_only", false))
        .put("isolation_mode", "ISOLATION_MODE_OPEN")
        .put("used_for_managed_storage", false);
    stamp(c, metastoreId(q, s));
    c.put("_role_set_at", ctx.now());
    uc.storageCredentials.put(name, c);
    ctx.store.changed();
    return ok(c);
  }

  /** UC assumes the role too: it must exist (unless skip_validation) and the race applies. */
  private void checkUcRole(State s, String roleArn, boolean skipValidation) {
    java.time.Instant created = null;
    if (ctx.aws.enabled()) {
      var role = ctx.aws.role(roleArn);
      if (role.isEmpty() && !skipValidation) {
        throw ApiException.malformed(RaceGate.MESSAGE + " (role " + roleArn + " does not exist)");
      }
      created = role.map(AwsView.Role::created).orElse(null);
    }
    ctx.race.check(roleArn, created, s.roleFirstSeen, ctx.store::changed);
  }

  private HttpResp updateCredential(HttpReq q, State s) {
    State.Metastore uc = uc(q, s);
    ObjectNode c = credential(uc, q.param("name"));
    JsonNode body = q.json();
    String roleArn = Json.text(body.path("aws_iam_role"), "role_arn");
    if (roleArn != null && !roleArn.equals(c.path("aws_iam_role").path("role_arn").asText())) {
      AccountConfigsApi.checkRoleArn(roleArn);
      checkUcRole(s, roleArn, Json.bool(body, "skip_validation", false));
      ((ObjectNode) c.get("aws_iam_role")).put("role_arn", roleArn);
      c.put("_role_set_at", ctx.now());
    }
    IdentityApi.requireKnownOwner(account(q, s), body);
    return updated(body, uc.storageCredentials, c, "STORAGE_CREDENTIAL_ALREADY_EXISTS");
  }

  private HttpResp deleteCredential(HttpReq q, State s) {
    State.Metastore uc = uc(q, s);
    ObjectNode c = credential(uc, q.param("name"));
    String name = Json.text(c, "name");
    List<String> users = new ArrayList<>();
    uc.externalLocations.values().stream()
        .filter(l -> name.equals(Json.text(l, "credential_name")))
        .forEach(l -> users.add(Json.text(l, "name")));
    if (!users.isEmpty() && !q.queryFlag("force")) {
      throw ApiException.invalidState(
          "Storage Credential '"
              + name
              + "' has dependent External Locations "
              + users
              + ". Use force=true to delete it anyway.");
    }
    uc.storageCredentials.remove(name);
    uc.bindings.remove("storage_credential/" + name);
    uc.grants.remove("STORAGE_CREDENTIAL/" + name);
    ctx.store.changed();
    return HttpResp.empty();
  }

  // ---- external locations ----

  private static ObjectNode location(State.Metastore uc, String name) {
    return existing(
        uc.externalLocations, name, "EXTERNAL_LOCATION_DOES_NOT_EXIST", "External Location");
  }

  /**
   * Unity Catalog keeps an external location's URL without a trailing slash and a catalog's storage
   * root with one (provider #2921, #4136; the provider suppresses both diffs).
   */
  static String withoutSlash(String url) {
    String u = url;
    while (u.endsWith("/") && !u.endsWith("://")) {
      u = u.substring(0, u.length() - 1);
    }
    return u;
  }

  /**
   * Validating a location reads it through the credential's role, which is refused with Unity
   * Catalog's own wording while the role (or the credential's change of role) is younger than the
   * race window (provider #3069, #3843, #4136). Status and code are assumed from the message.
   */
  private void checkLocationAccess(State s, ObjectNode cred, String url) {
    String roleArn = cred.path("aws_iam_role").path("role_arn").asText();
    java.time.Instant origin = null;
    if (ctx.aws.enabled()) {
      origin = ctx.aws.role(roleArn).map(AwsView.Role::created).orElse(null);
    }
    if (origin == null) {
      Long seen = s.roleFirstSeen.get(roleArn);
      origin = java.time.Instant.ofEpochMilli(seen == null ? ctx.now() : seen);
    }
    long setAt = cred.path("_role_set_at").asLong(0);
    if (setAt > origin.toEpochMilli()) {
      origin = java.time.Instant.ofEpochMilli(setAt);
    }
    if (RaceGate.isYoung(origin, ctx.clock.instant(), ctx.race.window())) {
      throw new ApiException(
          403,
          "PERMISSION_DENIED",
          "AWS IAM role does not have READ permissions on url "
              + url
              + ". Please contact your account admin to update the storage credential."
              + " PERMISSION_DENIED: Access denied. Cause: AccessDeniedException error from cloud"
              + " storage provider.");
    }
  }

  static String dirUrl(String url) {
    return url.endsWith("/") ? url : url + "/";
  }

  private static void checkUrl(State.Metastore uc, String url, ObjectNode self) {
    if (!url.matches("s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?")) {
      throw ApiException.invalid("External location url must be s3://bucket[/path]: " + url);
    }
    String mine = dirUrl(url);
    for (ObjectNode other : uc.externalLocations.values()) {
      if (other == self) {
        continue;
      }
      String theirs = dirUrl(Json.text(other, "url"));
      if (mine.startsWith(theirs) || theirs.startsWith(mine)) {
        throw ApiException.invalid(
            "Input path url '"
                + url
                + "' overlaps with an existing external location "
                + ApiException.existing(other, "url")
                + ".");
      }
    }
  }

  private HttpResp createLocation(HttpReq q, State s) {
    State.Metastore uc = uc(q, s);
    JsonNode body = q.json();
    String name = key(Json.required(body, "name"));
    String url = Json.required(body, "url");
    ObjectNode cred = credential(uc, Json.required(body, "credential_name"));
    requireNew(uc.externalLocations, name, "EXTERNAL_LOCATION_ALREADY_EXISTS", "External Location");
    url = withoutSlash(url);
    checkUrl(uc, url, null);
    if (!Json.bool(body, "skip_validation", false)) {
      checkLocationAccess(s, cred, url);
    }
    ObjectNode l =
        Json.obj()
            .put("name", name)
            .put("url", url)
            .put("credential_name", Json.text(cred, "name"))
            .put("credential_id", Json.text(cred, "id"))
            .put("comment", Json.text(body, "comment"))
            .put("read_only", Json.bool(body, "read_only", false))
            .put("browse_only", false)
            .put("isolation_mode", "ISOLATION_MODE_OPEN");
    stamp(l, metastoreId(q, s));
    uc.externalLocations.put(name, l);
    ctx.store.changed();
    return ok(l);
  }

  private HttpResp updateLocation(HttpReq q, State s) {
    State.Metastore uc = uc(q, s);
    ObjectNode l = location(uc, q.param("name"));
    JsonNode body = q.json();
    String url = Json.text(body, "url");
    url = url == null ? null : withoutSlash(url);
    if (url != null && !url.equals(Json.text(l, "url"))) {
      checkUrl(uc, url, l);
    } else {
      url = null;
    }
    String credName = Json.text(body, "credential_name");
    ObjectNode cred = credName == null ? null : credential(uc, credName);
    boolean validate =
        (url != null
                || (cred != null
                    && !Json.text(cred, "name").equals(Json.text(l, "credential_name"))))
            && !Json.bool(body, "skip_validation", false);
    if (validate) {
      checkLocationAccess(
          s,
          cred != null ? cred : credential(uc, Json.text(l, "credential_name")),
          url != null ? url : Json.text(l, "url"));
    }
    if (url != null) {
      l.put("url", url);
    }
    if (cred != null) {
      l.put("credential_name", Json.text(cred, "name")).put("credential_id", Json.text(cred, "id"));
    }
    IdentityApi.requireKnownOwner(account(q, s), body);
    return updated(body, uc.externalLocations, l, "EXTERNAL_LOCATION_ALREADY_EXISTS");
  }

  private HttpResp deleteLocation(HttpReq q, State s) {
    State.Metastore uc = uc(q, s);
    ObjectNode l = location(uc, q.param("name"));
    String url = dirUrl(Json.text(l, "url"));
    List<String> users = new ArrayList<>();
    uc.catalogs.values().stream()
        .filter(c -> Json.text(c, "storage_root") != null)
        .filter(c -> dirUrl(Json.text(c, "storage_root")).startsWith(url))
        .forEach(c -> users.add(Json.text(c, "name")));
    if (!users.isEmpty() && !q.queryFlag("force")) {
      throw ApiException.invalidState(
          "External Location '"
              + Json.text(l, "name")
              + "' is used by catalogs "
              + users
              + ". Use force=true to delete it anyway.");
    }
    uc.externalLocations.remove(Json.text(l, "name"));
    uc.bindings.remove("external_location/" + Json.text(l, "name"));
    uc.grants.remove("EXTERNAL_LOCATION/" + Json.text(l, "name"));
    ctx.store.changed();
    return HttpResp.empty();
  }

  // ---- catalogs and schemas ----

  private static ObjectNode catalog(State.Metastore uc, String name) {
    return existing(uc.catalogs, name, "CATALOG_DOES_NOT_EXIST", "Catalog");
  }

  /** ISOLATED catalogs answer only in the workspaces bound to them. */
  private static boolean visibleIn(State.Metastore uc, ObjectNode c, long workspaceId) {
    if (!"ISOLATED".equals(Json.text(c, "isolation_mode"))) {
      return true;
    }
    return uc.bindings
        .getOrDefault("catalog/" + Json.text(c, "name"), Map.of())
        .containsKey(workspaceId);
  }

  private ObjectNode visibleCatalog(HttpReq q, State s, String name) {
    State.Metastore uc = uc(q, s);
    ObjectNode c = catalog(uc, name);
    if (!visibleIn(uc, c, q.workspace.workspaceId())) {
      throw new ApiException(
          403,
          "PERMISSION_DENIED",
          "Catalog '" + name + "' is not accessible in current workspace");
    }
    return c;
  }

  private HttpResp createCatalog(HttpReq q, State s) {
    State.Metastore uc = uc(q, s);
    String mid = metastoreId(q, s);
    JsonNode body = q.json();
    String name = key(Json.required(body, "name"));
    if (!name.matches("[a-z0-9_][a-z0-9_-]*")) {
      throw ApiException.invalid("Invalid catalog name '" + name + "'.");
    }
    requireNew(uc.catalogs, name, "CATALOG_ALREADY_EXISTS", "Catalog");
    String root = Json.text(body, "storage_root");
    ObjectNode metastore = MetastoresApi.find(account(q, s), mid);
    if (root == null && Json.text(metastore, "storage_root") == null) {
      throw ApiException.invalid(
          "Metastore storage root URL does not exist. Please provide a storage location for the"
              + " catalog (storage_root).");
    }
    if (root != null) {
      String dir = dirUrl(root);
      boolean covered =
          uc.externalLocations.values().stream()
              .anyMatch(l -> dir.startsWith(dirUrl(Json.text(l, "url"))));
      if (!covered) {
        throw ApiException.invalid(
            "storage_root " + root + " is not inside any external location of this metastore.");
      }
    }
    ObjectNode c =
        Json.obj()
            .put("name", name)
            .put("full_name", name)
            .put("catalog_type", "MANAGED_CATALOG")
            .put("securable_type", "CATALOG")
            .put("isolation_mode", "OPEN")
            .put("browse_only", false)
            .put("comment", Json.text(body, "comment"));
    String base = root != null ? dirUrl(root) : Json.text(metastore, "storage_root");
    if (root != null) {
      c.put("storage_root", dirUrl(root));
    }
    c.put("storage_location", dirUrl(base) + "__unitystorage/catalogs/" + ctx.uuid());
    if (body.get("properties") != null && body.get("properties").isObject()) {
      c.set("properties", body.get("properties").deepCopy());
    }
    stamp(c, mid);
    uc.catalogs.put(name, c);
    for (String schema : List.of("default", "information_schema")) {
      uc.schemas.put(name + "." + schema, newSchema(mid, name, schema));
    }
    ctx.store.changed();
    return ok(c);
  }

  private ObjectNode newSchema(String mid, String catalog, String name) {
    ObjectNode sc =
        Json.obj()
            .put("name", name)
            .put("catalog_name", catalog)
            .put("full_name", catalog + "." + name)
            .put("schema_id", ctx.uuid())
            .put("catalog_type", "MANAGED_CATALOG");
    if (name.equals("default")) {
      sc.put("comment", "Default schema (auto-created)");
    } else if (name.equals("information_schema")) {
      sc.put("comment", "Information schema (auto-created)");
      sc.put("owner", "System user");
    }
    stamp(sc, mid);
    if (name.equals("information_schema")) {
      sc.put("owner", "System user");
    }
    return sc;
  }

  private HttpResp listCatalogs(HttpReq q, State s) {
    State.Metastore uc = uc(q, s);
    long ws = q.workspace.workspaceId();
    List<ObjectNode> visible = new ArrayList<>();
    uc.catalogs.values().stream().filter(c -> visibleIn(uc, c, ws)).forEach(visible::add);
    return HttpResp.ok("catalogs", Json.visibleAll(visible));
  }

  private HttpResp updateCatalog(HttpReq q, State s) {
    State.Metastore uc = uc(q, s);
    ObjectNode c = visibleCatalog(q, s, q.param("name"));
    JsonNode body = q.json();
    IdentityApi.requireKnownOwner(account(q, s), body);
    // Validated, and deliberately not followed by a binding: isolating a catalog binds no
    // workspace, not even the one that asked, which from then on is refused the catalog until a
    // binding names it (provider issue #2446; the provider binds the current workspace itself
    // after every create and update, "otherwise the read will fail", catalog/bindings
    // AddCurrentWorkspaceBindings, PR #2805).
    Json.enumValue(body, "isolation_mode", ISOLATION, null);
    copy(
        body,
        c,
        "comment",
        "owner",
        "properties",
        "isolation_mode",
        "enable_predictive_optimization");
    String oldName = Json.text(c, "name");
    String newName = Json.text(body, "new_name");
    if (newName != null && !key(newName).equals(oldName)) {
      rename(uc.catalogs, c, newName, "CATALOG_ALREADY_EXISTS");
      String nn = Json.text(c, "name");
      c.put("full_name", nn);
      Map<String, ObjectNode> moved = new LinkedHashMap<>();
      uc.schemas
          .entrySet()
          .removeIf(
              e -> {
                if (e.getKey().startsWith(oldName + ".")) {
                  ObjectNode sc = e.getValue();
                  sc.put("catalog_name", nn).put("full_name", nn + "." + Json.text(sc, "name"));
                  moved.put(Json.text(sc, "full_name"), sc);
                  return true;
                }
                return false;
              });
      uc.schemas.putAll(moved);
      Map<Long, String> b = uc.bindings.remove("catalog/" + oldName);
      if (b != null) {
        uc.bindings.put("catalog/" + nn, b);
      }
      // Privileges belong to the securables, not to their names: the catalog's and its schemas'
      // grants answer under the new names.
      var g = uc.grants.remove("CATALOG/" + oldName);
      if (g != null) {
        uc.grants.put("CATALOG/" + nn, g);
      }
      String oldSchemas = "SCHEMA/" + oldName + ".";
      Map<String, Map<String, TreeSet<String>>> schemaGrants = new LinkedHashMap<>();
      uc.grants
          .entrySet()
          .removeIf(
              e -> {
                if (e.getKey().startsWith(oldSchemas)) {
                  schemaGrants.put(
                      "SCHEMA/" + nn + "." + e.getKey().substring(oldSchemas.length()),
                      e.getValue());
                  return true;
                }
                return false;
              });
      uc.grants.putAll(schemaGrants);
    }
    touched(c);
    return ok(c);
  }

  private HttpResp deleteCatalog(HttpReq q, State s) {
    State.Metastore uc = uc(q, s);
    ObjectNode c = visibleCatalog(q, s, q.param("name"));
    String name = Json.text(c, "name");
    List<String> schemas = new ArrayList<>();
    uc.schemas.values().stream()
        .filter(sc -> name.equals(Json.text(sc, "catalog_name")))
        .map(sc -> Json.text(sc, "name"))
        .filter(n -> !n.equals("information_schema"))
        .forEach(schemas::add);
    if (!schemas.isEmpty() && !q.queryFlag("force")) {
      throw ApiException.invalidState(
          "Catalog '"
              + name
              + "' is not empty. The catalog has "
              + schemas.size()
              + " schema(s) "
              + schemas
              + ". Use force=true to delete it anyway.");
    }
    uc.schemas.keySet().removeIf(k -> k.startsWith(name + "."));
    uc.grants
        .keySet()
        .removeIf(k -> k.equals("CATALOG/" + name) || k.startsWith("SCHEMA/" + name + "."));
    uc.bindings.remove("catalog/" + name);
    uc.catalogs.remove(name);
    ctx.store.changed();
    return HttpResp.empty();
  }

  private static ObjectNode schema(State.Metastore uc, String fullName) {
    return existing(uc.schemas, fullName, "SCHEMA_DOES_NOT_EXIST", "Schema");
  }

  private HttpResp createSchema(HttpReq q, State s) {
    State.Metastore uc = uc(q, s);
    JsonNode body = q.json();
    String name = key(Json.required(body, "name"));
    ObjectNode c = visibleCatalog(q, s, Json.required(body, "catalog_name"));
    String full = Json.text(c, "name") + "." + name;
    requireNew(uc.schemas, full, "SCHEMA_ALREADY_EXISTS", "Schema");
    ObjectNode sc = newSchema(metastoreId(q, s), Json.text(c, "name"), name);
    sc.put("comment", Json.text(body, "comment"));
    uc.schemas.put(full, sc);
    ctx.store.changed();
    return ok(sc);
  }

  private HttpResp listSchemas(HttpReq q, State s) {
    State.Metastore uc = uc(q, s);
    String catalog = q.query("catalog_name");
    if (catalog == null) {
      throw ApiException.missing("catalog_name");
    }
    String c = Json.text(visibleCatalog(q, s, catalog), "name");
    List<ObjectNode> out = new ArrayList<>();
    uc.schemas.values().stream()
        .filter(sc -> c.equals(Json.text(sc, "catalog_name")))
        .forEach(out::add);
    ObjectNode body = Json.obj();
    body.set("schemas", Json.visibleAll(out));
    return HttpResp.ok(body);
  }

  private HttpResp deleteSchema(HttpReq q, State s) {
    State.Metastore uc = uc(q, s);
    ObjectNode sc = schema(uc, q.param("full_name"));
    if ("information_schema".equals(Json.text(sc, "name"))) {
      throw new ApiException(
          403, "PERMISSION_DENIED", "information_schema is a system schema and cannot be deleted.");
    }
    uc.schemas.remove(Json.text(sc, "full_name"));
    uc.grants.remove("SCHEMA/" + Json.text(sc, "full_name"));
    ctx.store.changed();
    return HttpResp.empty();
  }

  // ---- bindings ----

  private String bindingKey(HttpReq q, State s) {
    String type = q.param("securable_type").toLowerCase(Locale.ROOT).replace('-', '_');
    State.Metastore uc = uc(q, s);
    String name = q.param("securable_name");
    switch (type) {
      case "catalog", "catalogs" -> {
        return "catalog/" + Json.text(catalog(uc, name), "name");
      }
      case "external_location", "external_locations" -> {
        return "external_location/" + Json.text(location(uc, name), "name");
      }
      case "storage_credential", "storage_credentials", "credential" -> {
        return "storage_credential/" + Json.text(credential(uc, name), "name");
      }
      default -> throw ApiException.invalid("Unsupported securable type for bindings: " + type);
    }
  }

  private static HttpResp bindings(Map<Long, String> b) {
    ObjectNode out = Json.obj();
    ArrayNode arr = out.putArray("bindings");
    b.forEach((ws, type) -> arr.addObject().put("workspace_id", ws).put("binding_type", type));
    return HttpResp.ok(out);
  }

  private HttpResp getBindings(HttpReq q, State s) {
    return bindings(uc(q, s).bindings.getOrDefault(bindingKey(q, s), Map.of()));
  }

  private HttpResp updateBindings(HttpReq q, State s) {
    State.Metastore uc = uc(q, s);
    String k = bindingKey(q, s);
    if (k.startsWith("catalog/")) {
      ObjectNode c = catalog(uc, k.substring("catalog/".length()));
      if (!"ISOLATED".equals(Json.text(c, "isolation_mode"))) {
        throw ApiException.invalid(
            "Workspace bindings can only be changed for a catalog whose isolation_mode is ISOLATED.");
      }
    }
    State.Account a = account(q, s);
    String mid = metastoreId(q, s);
    JsonNode body = q.json();
    Map<Long, String> b = uc.bindings.computeIfAbsent(k, x -> new LinkedHashMap<>());
    for (JsonNode add : iterable(body.get("add"))) {
      long ws = add.path("workspace_id").asLong();
      ObjectNode assigned = a.metastoreAssignments.get(ws);
      if (assigned == null || !mid.equals(Json.text(assigned, "metastore_id"))) {
        throw ApiException.invalid(
            "Workspace " + ws + " is not assigned to metastore " + mid + " and cannot be bound.");
      }
      b.put(ws, Json.enumValue(add, "binding_type", BINDING_TYPES, "BINDING_TYPE_READ_WRITE"));
    }
    for (JsonNode rm : iterable(body.get("remove"))) {
      b.remove(rm.path("workspace_id").asLong());
    }
    ctx.store.changed();
    return bindings(b);
  }

  private static HttpResp legacyBindings(Map<Long, String> b) {
    ObjectNode out = Json.obj();
    ArrayNode ids = out.putArray("workspaces");
    b.keySet().forEach(ids::add);
    return HttpResp.ok(out);
  }

  private HttpResp getLegacyBindings(HttpReq q, State s) {
    State.Metastore uc = uc(q, s);
    String name = Json.text(catalog(uc, q.param("name")), "name");
    return legacyBindings(uc.bindings.getOrDefault("catalog/" + name, Map.of()));
  }

  /** Body {assign_workspaces: [ids], unassign_workspaces: [ids]}; bindings are read-write. */
  private HttpResp updateLegacyBindings(HttpReq q, State s) {
    State.Metastore uc = uc(q, s);
    ObjectNode c = catalog(uc, q.param("name"));
    if (!"ISOLATED".equals(Json.text(c, "isolation_mode"))) {
      throw ApiException.invalid(
          "Workspace bindings can only be changed for a catalog whose isolation_mode is ISOLATED.");
    }
    State.Account a = account(q, s);
    String mid = metastoreId(q, s);
    JsonNode body = q.json();
    for (JsonNode id : iterable(body.get("assign_workspaces"))) {
      ObjectNode assigned = a.metastoreAssignments.get(id.asLong());
      if (assigned == null || !mid.equals(Json.text(assigned, "metastore_id"))) {
        throw ApiException.invalid(
            "Workspace "
                + id.asLong()
                + " is not assigned to metastore "
                + mid
                + " and cannot be bound.");
      }
    }
    Map<Long, String> b =
        uc.bindings.computeIfAbsent("catalog/" + Json.text(c, "name"), x -> new LinkedHashMap<>());
    for (JsonNode id : iterable(body.get("assign_workspaces"))) {
      b.put(id.asLong(), "BINDING_TYPE_READ_WRITE");
    }
    for (JsonNode id : iterable(body.get("unassign_workspaces"))) {
      b.remove(id.asLong());
    }
    ctx.store.changed();
    return legacyBindings(b);
  }

  private static Iterable<JsonNode> iterable(JsonNode n) {
    List<JsonNode> out = new ArrayList<>();
    if (n != null && n.isArray()) {
      n.forEach(out::add);
    }
    return out;
  }

  // ---- grants ----

  private String securableKey(HttpReq q, State s) {
    String type = q.param("securable_type").toUpperCase(Locale.ROOT).replace('-', '_');
    String name = q.param("full_name");
    State.Metastore uc = uc(q, s);
    String canonical =
        switch (type) {
          // An isolated catalog, and what is in it, is refused to a workspace not bound to it, its
          // grants too (docs "Limit catalog access to specific workspaces": access from an
          // unbound workspace is denied).
          case "CATALOG" -> Json.text(visibleCatalog(q, s, name), "name");
          case "SCHEMA" -> {
            int dot = name.indexOf('.');
            if (dot > 0) {
              visibleCatalog(q, s, name.substring(0, dot));
            }
            yield Json.text(schema(uc, name), "full_name");
          }
          case "EXTERNAL_LOCATION" -> Json.text(location(uc, name), "name");
          case "STORAGE_CREDENTIAL" -> Json.text(credential(uc, name), "name");
          case "METASTORE" -> {
            if (!name.equals(metastoreId(q, s))) {
              throw ApiException.notFound(
                  "METASTORE_DOES_NOT_EXIST", "Metastore '" + name + "' does not exist.");
            }
            yield name;
          }
          default -> throw ApiException.invalid("Unsupported securable type: " + type);
        };
    return type + "/" + canonical;
  }

  private static HttpResp grants(Map<String, TreeSet<String>> g, String principal) {
    ObjectNode out = Json.obj();
    ArrayNode arr = out.putArray("privilege_assignments");
    g.forEach(
        (p, privs) -> {
          if (!privs.isEmpty() && (principal == null || principal.equalsIgnoreCase(p))) {
            ObjectNode item = arr.addObject().put("principal", p);
            privs.forEach(item.putArray("privileges")::add);
          }
        });
    return HttpResp.ok(out);
  }

  private HttpResp getGrants(HttpReq q, State s) {
    return grants(uc(q, s).grants.getOrDefault(securableKey(q, s), Map.of()), q.query("principal"));
  }

  private HttpResp updateGrants(HttpReq q, State s) {
    State.Metastore uc = uc(q, s);
    String k = securableKey(q, s);
    State.Account a = account(q, s);
    JsonNode changes = q.json().get("changes");
    // Validate everything first so a bad change leaves the grants untouched.
    for (JsonNode ch : iterable(changes)) {
      String principal = Json.required(ch, "principal");
      if (!IdentityApi.principalNamed(a, principal)) {
        throw ApiException.notFound(
            "PRINCIPAL_DOES_NOT_EXIST", "Could not find principal with name " + principal);
      }
      for (String p : concat(Json.strings(ch, "add"), Json.strings(ch, "remove"))) {
        if (!PRIVILEGES.contains(p.toUpperCase(Locale.ROOT).replace(' ', '_'))) {
          throw ApiException.invalid("Privilege " + p + " is not applicable to this entity.");
        }
      }
    }
    Map<String, TreeSet<String>> g = uc.grants.computeIfAbsent(k, x -> new LinkedHashMap<>());
    for (JsonNode ch : iterable(changes)) {
      String principal = Json.text(ch, "principal");
      TreeSet<String> privs = g.computeIfAbsent(principal, x -> new TreeSet<>());
      Json.strings(ch, "add").forEach(p -> privs.add(p.toUpperCase(Locale.ROOT).replace(' ', '_')));
      Json.strings(ch, "remove")
          .forEach(p -> privs.remove(p.toUpperCase(Locale.ROOT).replace(' ', '_')));
      if (privs.isEmpty()) {
        g.remove(principal);
      }
    }
    ctx.store.changed();
    return grants(g, null);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  // ---- helpers ----

  /** The securable of this name, or Unity Catalog's 404 {@code code} naming it. */
  private static ObjectNode existing(
      Map<String, ObjectNode> all, String name, String code, String what) {
    ObjectNode o = all.get(key(name));
    if (o == null) {
      throw ApiException.notFound(code, what + " '" + name + "' does not exist.");
    }
    return o;
  }

  /** Refuses a create whose (already normalised) name is taken, with Unity Catalog's 409. */
  private static void requireNew(
      Map<String, ObjectNode> all, String name, String code, String what) {
    if (all.containsKey(name)) {
      throw ApiException.exists(code, what + " '" + name + "' already exists");
    }
  }

  /**
   * The end of a storage credential's or external location's update: the fields that change in
   * place, the rename ({@code new_name}; {@code clash} is the code when the name is taken), and the
   * answer.
   */
  private HttpResp updated(JsonNode body, Map<String, ObjectNode> all, ObjectNode o, String clash) {
    copy(body, o, "comment", "owner", "read_only", "isolation_mode");
    rename(all, o, Json.text(body, "new_name"), clash);
    touched(o);
    return ok(o);
  }

  private static void copy(JsonNode from, ObjectNode to, String... fields) {
    for (String f : fields) {
      JsonNode v = from.get(f);
      if (v != null && !v.isNull()) {
        to.set(f, v.deepCopy());
      }
    }
  }

  private static void rename(
      Map<String, ObjectNode> map, ObjectNode o, String newName, String code) {
    if (newName == null) {
      return;
    }
    String nn = key(newName);
    String old = Json.text(o, "name");
    if (nn.equals(old)) {
      return;
    }
    if (map.containsKey(nn)) {
      throw ApiException.exists(code, "'" + nn + "' already exists");
    }
    map.remove(old);
    o.put("name", nn);
    if (o.has("full_name")) {
      o.put("full_name", nn);
    }
    map.put(nn, o);
  }
}
