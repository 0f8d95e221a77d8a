package dev.deployer.emulator;

import static dev.deployer.emulator.Router.Scope.ACCOUNT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;

/** Account-level Unity Catalog metastores and their workspace assignments. */
record MetastoresApi(Ctx ctx, Workspaces workspaces) {
  static final String NO_METASTORE = "No metastore assigned for the current workspace.";
  private static final String BASE = "/api/2.0/accounts/{account_id}";
  private static final AccountObjects.Wrapped WRAPPED =
      new AccountObjects.Wrapped("metastore_info");

  void register(Router r) {
    r.add("POST", BASE + "/metastores", ACCOUNT, this::create);
    r.add("GET", BASE + "/metastores", ACCOUNT, this::list);
    r.add("GET", BASE + "/metastores/{metastore_id}", ACCOUNT, this::get);
    r.add("PUT", BASE + "/metastores/{metastore_id}", ACCOUNT, this::update);
    r.add("DELETE", BASE + "/metastores/{metastore_id}", ACCOUNT, this::delete);
    r.add("GET", BASE + "/metastores/{metastore_id}/workspaces", ACCOUNT, this::assigned);
    String assign = BASE + "/workspaces/{workspace_id}/metastores/{metastore_id}";
    r.add("POST", assign, ACCOUNT, (q, s) -> assign(q, s, true));
    r.add("PUT", assign, ACCOUNT, (q, s) -> assign(q, s, false));
    r.add("DELETE", assign, ACCOUNT, this::unassign);
    r.add("GET", BASE + "/workspaces/{workspace_id}/metastore", ACCOUNT, this::getAssignment);
  }

  static ObjectNode find(State.Account a, String id) {
    return AccountObjects.find(
        a.metastores,
        id,
        unknown ->
            ApiException.notFound(
                "METASTORE_DOES_NOT_EXIST", "Metastore '" + unknown + "' does not exist."));
  }

  private HttpResp create(HttpReq q, State s) {
    State.Account a = AccountConfigsApi.acct(q, s);
    JsonNode info = WRAPPED.body(q);
    String name = Json.required(info, "name");
    String region = Json.required(info, "region");
    for (ObjectNode m : a.metastores.values()) {
      if (name.equalsIgnoreCase(Json.text(m, "name"))) {
        throw ApiException.exists(
            "METASTORE_ALREADY_EXISTS", "Metastore '" + name + "' already exists.");
      }
    }
    String root = Json.text(info, "storage_root");
    if (root != null && !root.startsWith("s3://")) {
      throw ApiException.invalid("storage_root must be an s3:// URL: " + root);
    }
    ObjectNode inRegion = inRegion(a, region);
    if (inRegion != null) {
      // One metastore per region per account (provider #1665, #2482); the wording is ours.
      throw ApiException.invalidState(
          "This account already has a metastore in region "
              + region
              + ": "
              + ApiException.existing(inRegion, "metastore_id")
              + ". Only one metastore per region is allowed.");
    }
    return WRAPPED.answer(newMetastore(a, name, region, root, info));
  }

  /** The account's metastore in {@code region}, or null. */
  static ObjectNode inRegion(State.Account a, String region) {
    for (ObjectNode m : a.metastores.values()) {
      if (region.equalsIgnoreCase(Json.text(m, "region"))) {
        return m;
      }
    }
    return null;
  }

  private ObjectNode newMetastore(
      State.Account a, String name, String region, String root, JsonNode info) {
    String id = ctx.uuid();
    long now = ctx.now();
    ObjectNode m =
        Json.obj()
            .put("metastore_id", id)
            .put("name", name)
            .put("region", region)
            .put("cloud", "aws")
            .put("owner", IdentityApi.ME_USER)
            .put("global_metastore_id", "aws:" + region + ":" + id)
            .put("privilege_model_version", "1.0")
            .put("delta_sharing_scope", "INTERNAL")
            .put("external_access_enabled", Json.bool(info, "external_access_enabled", false))
            .put("created_at", now)
            .put("created_by", IdentityApi.ME_USER)
            .put("updated_at", now)
            .put("updated_by", IdentityApi.ME_USER);
    if (root != null) {
      m.put("storage_root", root.endsWith("/") ? root : root + "/");
    }
    a.metastores.put(id, m);
    ctx.store.changed();
    return m;
  }

  /**
   * Automatic Unity Catalog enablement, run when a workspace is created: the workspace is assigned
   * the region's metastore, which is created first if the region has none. The name follows the
   * pattern the service uses for these ({@code metastore_aws_<region>}; not confirmed).
   */
  void autoEnable(State.Account a, ObjectNode ws) {
    if (!ctx.autoUnityCatalog(a)) {
      return;
    }
    String region = Json.text(ws, "aws_region");
    ObjectNode m = inRegion(a, region);
    if (m == null) {
      m = newMetastore(a, "metastore_aws_" + region.replace('-', '_'), region, null, Json.obj());
    }
    long wsId = ws.path("workspace_id").asLong();
    ObjectNode assignment =
        Json.obj()
            .put("workspace_id", wsId)
            .put("metastore_id", Json.text(m, "metastore_id"))
            .put("default_catalog_name", "hive_metastore");
    assignment.put("_assigned_at", ctx.now());
    a.metastoreAssignments.put(wsId, assignment);
    a.uc(Json.text(m, "metastore_id"));
    ctx.store.changed();
  }

  /**
   * Throws "No metastore assigned" while the workspace's assignment is younger than the UC lag
   * (provider #1632, #1832, #2061): the account API already shows it, the workspace does not yet.
   */
  static void checkPropagated(Ctx ctx, ObjectNode assignment) {
    long at = assignment.path("_assigned_at").asLong(0);
    if (!ctx.ucLag.isZero() && ctx.now() < at + ctx.ucLag.toMillis()) {
      throw ApiException.notFound("METASTORE_DOES_NOT_EXIST", NO_METASTORE);
    }
  }

  private HttpResp list(HttpReq q, State s) {
    return HttpResp.ok(
        "metastores", Json.visibleAll(AccountConfigsApi.acct(q, s).metastores.values()));
  }

  private HttpResp get(HttpReq q, State s) {
    return WRAPPED.answer(find(AccountConfigsApi.acct(q, s), q.param("metastore_id")));
  }

  private HttpResp update(HttpReq q, State s) {
    State.Account a = AccountConfigsApi.acct(q, s);
    ObjectNode m = find(a, q.param("metastore_id"));
    JsonNode info = q.json().path(WRAPPED.field());
    IdentityApi.requireKnownOwner(a, info);
    for (String immutable : new String[] {"region", "storage_root"}) {
      String v = Json.text(info, immutable);
      if (v != null && !v.equals(Json.text(m, immutable))) {
        throw ApiException.invalid("Field " + immutable + " of a metastore cannot be updated.");
      }
    }
    String newName =
        Json.text(info, "new_name") != null ? Json.text(info, "new_name") : Json.text(info, "name");
    if (newName != null && !newName.equalsIgnoreCase(Json.text(m, "name"))) {
      for (ObjectNode other : a.metastores.values()) {
        if (other != m && newName.equalsIgnoreCase(Json.text(other, "name"))) {
          throw ApiException.exists(
              "METASTORE_ALREADY_EXISTS", "Metastore '" + newName + "' already exists.");
        }
      }
      m.put("name", newName);
    }
    for (String f :
        new String[] {
          "owner",
          "delta_sharing_scope",
          "delta_sharing_organization_name",
          "delta_sharing_recipient_token_lifetime_in_seconds",
          "privilege_model_version",
          "storage_root_credential_id",
          "external_access_enabled"
        }) {
      if (info.has(f) && !info.get(f).isNull()) {
        m.set(f, info.get(f).deepCopy());
      }
    }
    m.put("updated_at", ctx.now()).put("updated_by", IdentityApi.ME_USER);
    ctx.store.changed();
    return WRAPPED.answer(m);
  }

  private HttpResp delete(HttpReq q, State s) {
    State.Account a = AccountConfigsApi.acct(q, s);
    String id = q.param("metastore_id");
    find(a, id);
    boolean force = q.queryFlag("force");
    long assigned =
        a.metastoreAssignments.values().stream()
            .filter(x -> id.equals(Json.text(x, "metastore_id")))
            .count();
    State.Metastore uc = a.unityCatalog.get(id);
    boolean hasObjects =
        uc != null
            && (!uc.catalogs.isEmpty()
                || !uc.storageCredentials.isEmpty()
                || !uc.externalLocations.isEmpty());
    if (!force && (assigned > 0 || hasObjects)) {
      throw ApiException.invalidState(
          "Metastore "
              + id
              + " is not empty ("
              + assigned
              + " workspace assignment(s)"
              + (hasObjects ? ", catalogs or credentials" : "")
              + "). Use force=true to delete it anyway.");
    }
    a.metastoreAssignments.values().removeIf(x -> id.equals(Json.text(x, "metastore_id")));
    a.unityCatalog.remove(id);
    a.metastores.remove(id);
    ctx.store.changed();
    return HttpResp.empty();
  }

  private HttpResp assigned(HttpReq q, State s) {
    State.Account a = AccountConfigsApi.acct(q, s);
    String id = q.param("metastore_id");
    find(a, id);
    ArrayNode ids = Json.arr();
    a.metastoreAssignments.values().stream()
        .filter(x -> id.equals(Json.text(x, "metastore_id")))
        .forEach(x -> ids.add(x.path("workspace_id").asLong()));
    return HttpResp.ok("workspace_ids", ids);
  }

  private HttpResp assign(HttpReq q, State s, boolean create) {
    State.Account a = AccountConfigsApi.acct(q, s);
    ObjectNode ws = workspaces.get(q, s);
    String mid = q.param("metastore_id");
    JsonNode body = q.json().path("metastore_assignment");
    String bodyMid = Json.text(body, "metastore_id");
    if (bodyMid != null && !bodyMid.equals(mid)) {
      throw ApiException.invalid("metastore_id in the body does not match the path.");
    }
    assignTo(
        ctx,
        a,
        ws,
        mid,
        Json.text(body, "default_catalog_name"),
        create ? Mode.CREATE : Mode.UPDATE);
    return HttpResp.empty();
  }

  /** How an assignment call treats an existing assignment. */
  enum Mode {
    /** Account POST: refused if the workspace already has one. */
    CREATE,
    /** PUT/PATCH of an existing assignment: refused if there is none. */
    UPDATE,
    /** Workspace-level PUT: creates or overwrites. */
    UPSERT
  }

  /** Assigns {@code mid} to the workspace, checking region and existing assignment per mode. */
  static void assignTo(
      Ctx ctx, State.Account a, ObjectNode ws, String mid, String catalog, Mode mode) {
    long wsId = ws.path("workspace_id").asLong();
    ObjectNode m = find(a, mid);
    String wsRegion = Json.text(ws, "aws_region");
    if (wsRegion != null && !wsRegion.equalsIgnoreCase(Json.text(m, "region"))) {
      throw ApiException.invalid(
          "Metastore "
              + mid
              + " is in region "
              + Json.text(m, "region")
              + " but workspace "
              + wsId
              + " is in "
              + wsRegion
              + ".");
    }
    ObjectNode current = a.metastoreAssignments.get(wsId);
    if (mode == Mode.CREATE && current != null) {
      throw ApiException.exists(
          "Workspace "
              + wsId
              + " already has metastore "
              + Json.text(current, "metastore_id")
              + " assigned.");
    }
    if (mode == Mode.UPDATE && current == null) {
      throw ApiException.notFound("METASTORE_DOES_NOT_EXIST", NO_METASTORE);
    }
    ObjectNode assignment = current != null ? current : Json.obj().put("workspace_id", wsId);
    if (current == null || !mid.equals(Json.text(current, "metastore_id"))) {
      assignment.put("_assigned_at", ctx.now());
    }
    assignment.put("metastore_id", mid);
    // Deprecated (SDK CreateMetastoreAssignment): still stored and echoed, as provider #3850 saw.
    if (catalog != null) {
      assignment.put("default_catalog_name", catalog.toLowerCase(Locale.ROOT));
    } else if (!assignment.has("default_catalog_name")) {
      assignment.put("default_catalog_name", "hive_metastore");
    }
    a.metastoreAssignments.put(wsId, assignment);
    a.uc(mid);
    ctx.store.changed();
  }

  /** Removes the workspace's assignment of {@code mid} and the workspace's bindings in it. */
  static void unassignFrom(Ctx ctx, State.Account a, long wsId, String mid) {
    ObjectNode current = a.metastoreAssignments.get(wsId);
    if (current == null || !mid.equals(Json.text(current, "metastore_id"))) {
      throw ApiException.notFound(
          "METASTORE_DOES_NOT_EXIST",
          "Metastore " + mid + " is not assigned to workspace " + wsId + ".");
    }
    a.metastoreAssignments.remove(wsId);
    for (Map<Long, String> b : a.uc(mid).bindings.values()) {
      b.remove(wsId);
    }
    ctx.store.changed();
  }

  private HttpResp unassign(HttpReq q, State s) {
    State.Account a = AccountConfigsApi.acct(q, s);
    long wsId = workspaces.get(q, s).path("workspace_id").asLong();
    unassignFrom(ctx, a, wsId, q.param("metastore_id"));
    return HttpResp.empty();
  }

  private HttpResp getAssignment(HttpReq q, State s) {
    State.Account a = AccountConfigsApi.acct(q, s);
    long wsId = workspaces.get(q, s).path("workspace_id").asLong();
    ObjectNode current = a.metastoreAssignments.get(wsId);
    if (current == null) {
      throw ApiException.notFound("METASTORE_DOES_NOT_EXIST", NO_METASTORE);
    }
    return HttpResp.ok("metastore_assignment", Json.visible(current));
  }
}
