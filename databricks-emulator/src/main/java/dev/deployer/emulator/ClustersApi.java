package dev.deployer.emulator;

import static dev.deployer.emulator.Router.Scope.WORKSPACE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * All-purpose clusters ({@code /api/2.0/clusters/*}, SDK {@code ClustersAPI}): the workspace's
 * runtime versions and node types, and the cluster life cycle the service runs. Create answers at
 * once with the cluster PENDING; it is RUNNING once the provisioning delay (as set now, so an admin
 * change applies to clusters already starting) has passed since the request. Edit of a RUNNING
 * cluster restarts it (RESTARTING, then RUNNING); a TERMINATED one stays terminated with the new
 * spec; any other state is refused INVALID_STATE (Clusters API reference, "edit"). Delete
 * terminates; permanent-delete removes. A cluster under a policy is checked against it ({@link
 * PolicyRules}) on create and edit.
 */
record ClustersApi(Ctx ctx) {
  static final String BASE = "/api/2.0/clusters";

  /** Runtime versions as the service lists them (key, name); LTS in the name. */
  private static final String[][] VERSIONS = {
    {"13.3.x-scala2.12", "13.3 LTS (includes Apache Spark 3.4.1, Scala 2.12)"},
    {"14.3.x-scala2.12", "14.3 LTS (includes Apache Spark 3.5.0, Scala 2.12)"},
    {"15.4.x-scala2.12", "15.4 LTS (includes Apache Spark 3.5.0, Scala 2.12)"},
    {"15.4.x-cpu-ml-scala2.12", "15.4 LTS ML (includes Apache Spark 3.5.0, Scala 2.12)"},
    {"16.4.x-scala2.12", "16.4 LTS (includes Apache Spark 3.5.2, Scala 2.12)"},
    {"16.4.x-photon-scala2.12", "16.4 LTS Photon (includes Apache Spark 3.5.2, Scala 2.12)"},
    {"16.4.x-gpu-ml-scala2.12", "16.4 LTS ML (includes Apache Spark 3.5.2, GPU, Scala 2.12)"},
    {"17.0.x-scala2.13", "17.0 (includes Apache Spark 4.0.0, Scala 2.13)"},
    {"17.1.x-scala2.13", "17.1 (includes Apache Spark 4.0.0, Scala 2.13)"},
    {"17.2.x-scala2.13", "17.2 Beta (includes Apache Spark 4.0.0, Scala 2.13)"},
  };

  /**
   * AWS node types: id, cores, memory MB, local NVMe disks, their size GB, GPUs, graviton, and the
   * emulator's own DBU-per-hour estimate (the service prices nodes itself; these only feed the
   * {@code dbus_per_hour} policy check).
   */
  private static final Object[][] NODES = {
    {"m5d.large", 2, 8192, 1, 75, 0, false, 0.34},
    {"m5d.xlarge", 4, 16384, 1, 150, 0, false, 0.69},
    {"m5d.2xlarge", 8, 32768, 1, 300, 0, false, 1.37},
    {"m5d.4xlarge", 16, 65536, 2, 300, 0, false, 2.74},
    {"m6id.large", 2, 8192, 1, 118, 0, false, 0.34},
    {"m6idn.xlarge", 4, 16384, 1, 237, 0, false, 0.76},
    {"i3.xlarge", 4, 31232, 1, 950, 0, false, 1.0},
    {"i3.2xlarge", 8, 62464, 1, 1900, 0, false, 2.0},
    {"r5d.large", 2, 16384, 1, 75, 0, false, 0.45},
    {"c5d.xlarge", 4, 8192, 1, 100, 0, false, 0.61},
    {"m7gd.xlarge", 4, 16384, 1, 237, 0, true, 0.6},
    {"g4dn.xlarge", 4, 16384, 1, 125, 1, false, 0.71},
  };

  private static final Set<String> SECURITY_MODES =
      Set.of(
          "NONE",
          "SINGLE_USER",
          "USER_ISOLATION",
          "DATA_SECURITY_MODE_AUTO",
          "DATA_SECURITY_MODE_STANDARD",
          "DATA_SECURITY_MODE_DEDICATED",
          "LEGACY_TABLE_ACL",
          "LEGACY_PASSTHROUGH",
          "LEGACY_SINGLE_USER",
          "LEGACY_SINGLE_USER_STANDARD");

  /** Request fields that steer the call rather than describe the cluster. */
  private static final Set<String> CONTROL = Set.of("cluster_id", "apply_policy_default_values");

  /** What the service keeps of its own on an edit; everything else is the caller's spec. */
  private static final Set<String> SERVICE =
      Set.of(
          "cluster_id",
          "state",
          "state_message",
          "creator_user_name",
          "cluster_source",
          "default_tags",
          "start_time",
          "terminated_time",
          "termination_reason",
          "_since");

  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("MMdd-HHmmss").withZone(ZoneOffset.UTC);

  /** databricks-sdk-java 0.141.0 calls {@code /api/2.1/clusters}; older clients 2.0. */
  void register(Router r) {
    for (String base : List.of(BASE, "/api/2.1/clusters")) {
      r.add("GET", base + "/spark-versions", WORKSPACE, (q, s) -> HttpResp.ok(versions()));
      r.add("GET", base + "/list-node-types", WORKSPACE, (q, s) -> HttpResp.ok(nodeTypes()));
      r.add("POST", base + "/create", WORKSPACE, this::create);
      r.add("POST", base + "/edit", WORKSPACE, this::edit);
      r.add("POST", base + "/start", WORKSPACE, this::start);
      r.add("POST", base + "/delete", WORKSPACE, this::terminate);
      r.add("POST", base + "/permanent-delete", WORKSPACE, this::permanentDelete);
      r.add("GET", base + "/get", WORKSPACE, Router.getByQuery("cluster_id", this::find));
      r.add("GET", base + "/list", WORKSPACE, this::list);
    }
  }

  private static ObjectNode versions() {
    ObjectNode out = Json.obj();
    ArrayNode arr = out.putArray("versions");
    for (String[] v : VERSIONS) {
      arr.addObject().put("key", v[0]).put("name", v[1]);
    }
    return out;
  }

  private static ObjectNode nodeTypes() {
    ObjectNode out = Json.obj();
    ArrayNode arr = out.putArray("node_types");
    for (Object[] n : NODES) {
      ObjectNode t =
          arr.addObject()
              .put("node_type_id", (String) n[0])
              .put("instance_type_id", (String) n[0])
              .put("num_cores", (Integer) n[1])
              .put("memory_mb", (Integer) n[2])
              .put("num_gpus", (Integer) n[5])
              .put("is_graviton", (Boolean) n[6])
              .put("category", (Integer) n[5] > 0 ? "GPU Accelerated" : "General Purpose")
              .put("description", (String) n[0])
              .put("is_deprecated", false)
              .put("is_io_cache_enabled", true)
              .put("support_port_forwarding", true)
              .put("photon_driver_capable", (Integer) n[5] == 0)
              .put("photon_worker_capable", (Integer) n[5] == 0)
              .put("is_hidden", false);
      t.putObject("node_instance_type")
          .put("instance_type_id", (String) n[0])
          .put("local_nvme_disks", (Integer) n[3])
          .put("local_nvme_disk_size_gb", (Integer) n[4]);
    }
    return out;
  }

  private static Map<String, Double> dbus() {
    Map<String, Double> m = new LinkedHashMap<>();
    for (Object[] n : NODES) {
      m.put((String) n[0], (Double) n[7]);
    }
    return m;
  }

  /** A cluster with its state moved on by the clock (the service starts clusters meanwhile). */
  private ObjectNode find(HttpReq q, State s, String id) {
    ObjectNode c =
        AccountObjects.findRequired(
            s.workspaceData(q).clusters,
            "cluster_id",
            id,
            unknown -> ApiException.invalid("Cluster " + unknown + " does not exist"));
    advance(c);
    return c;
  }

  private void advance(ObjectNode c) {
    String state = Json.text(c, "state");
    if (("PENDING".equals(state) || "RESTARTING".equals(state))
        && ctx.now() >= c.path("_since").asLong(0) + ctx.provisioningDelay.toMillis()) {
      c.put("state", "RUNNING").put("state_message", "");
      c.put("start_time", ctx.now());
      ctx.store.changed();
    }
  }

  private static ObjectNode view(ObjectNode c) {
    return Json.visible(c);
  }

  /** Checks and completes a create or edit body into the cluster's spec. */
  private ObjectNode spec(HttpReq q, State s, JsonNode body) {
    ObjectNode c = Json.obj();
    body.fields()
        .forEachRemaining(
            e -> {
              if (!CONTROL.contains(e.getKey()) && !e.getValue().isNull()) {
                c.set(e.getKey(), e.getValue().deepCopy());
              }
            });
    String policyId = Json.text(body, "policy_id");
    if (policyId != null) {
      ObjectNode policy = s.workspaceData(q).clusterPolicies.get(policyId);
      if (policy == null) {
        throw ApiException.invalid("Cluster policy " + policyId + " does not exist.");
      }
      JsonNode definition;
      try {
        definition = Json.MAPPER.readTree(Json.text(policy, "definition"));
      } catch (IOException e) {
        throw ApiException.invalid("The policy definition of " + policyId + " is not JSON.");
      }
      List<String> broken =
          PolicyRules.apply(
              definition, c, Json.bool(body, "apply_policy_default_values", false), dbus());
      if (!broken.isEmpty()) {
        throw ApiException.invalid(String.join("; ", broken));
      }
    }
    String version = Json.required(c, "spark_version");
    boolean known = false;
    for (String[] v : VERSIONS) {
      known |= v[0].equals(version);
    }
    if (!known) {
      throw ApiException.invalid("Invalid spark version " + version + ".");
    }
    String node = Json.required(c, "node_type_id");
    if (!dbus().containsKey(node)) {
      throw ApiException.invalid("Node type " + node + " is not supported.");
    }
    if (!c.has("driver_node_type_id")) {
      c.put("driver_node_type_id", node);
    }
    if (!c.has("num_workers") && !c.has("autoscale")) {
      c.put("num_workers", 0);
    }
    if (c.has("autoscale")) {
      long min = c.path("autoscale").path("min_workers").asLong(-1);
      long max = c.path("autoscale").path("max_workers").asLong(-1);
      if (min < 0 || max < min) {
        throw ApiException.invalid(
            "autoscale needs min_workers >= 0 and max_workers >= min_workers.");
      }
    }
    long minutes = c.path("autotermination_minutes").asLong(120);
    if (minutes != 0 && (minutes < 10 || minutes > 10000)) {
      throw ApiException.invalid(
          "Automatic termination must be between 10 and 10000 minutes, or 0 to disable it.");
    }
    Json.enumValue(c, "data_security_mode", SECURITY_MODES, null);
    if (!c.has("autotermination_minutes")) {
      c.put("autotermination_minutes", 120);
    }
    return c;
  }

  private HttpResp create(HttpReq q, State s) {
    ObjectNode c = spec(q, s, q.json());
    String id = ID_TIME.format(ctx.clock.instant()) + "-" + ctx.hex(8);
    c.put("cluster_id", id)
        .put("state", "PENDING")
        .put(
            "state_message",
            "Finding instances for new nodes, acquiring more instances if necessary")
        .put("creator_user_name", IdentityApi.ME_USER)
        .put("cluster_source", "API")
        .put("_since", ctx.now());
    defaultTags(c);
    s.workspaceData(q).clusters.put(id, c);
    ctx.store.changed();
    return HttpResp.ok(Json.obj().put("cluster_id", id));
  }

  private static void defaultTags(ObjectNode c) {
    c.putObject("default_tags")
        .put("Vendor", "Databricks")
        .put("Creator", IdentityApi.ME_USER)
        .put("ClusterName", c.path("cluster_name").asText(""))
        .put("ClusterId", c.path("cluster_id").asText());
  }

  private HttpResp edit(HttpReq q, State s) {
    JsonNode body = q.json();
    ObjectNode c = find(q, s, Json.text(body, "cluster_id"));
    String state = Json.text(c, "state");
    if (!"RUNNING".equals(state) && !"TERMINATED".equals(state)) {
      throw ApiException.invalidState(
          "Cluster "
              + Json.text(c, "cluster_id")
              + " is in unexpected state "
              + pretty(state)
              + ".");
    }
    ObjectNode spec = spec(q, s, body);
    c.retain(SERVICE);
    c.setAll(spec);
    defaultTags(c);
    if ("RUNNING".equals(state)) {
      c.put("state", "RESTARTING")
          .put("state_message", "Restarting the cluster to apply the new configuration")
          .put("_since", ctx.now());
    }
    ctx.store.changed();
    return HttpResp.empty();
  }

  private static String pretty(String state) {
    return state.charAt(0) + state.substring(1).toLowerCase(java.util.Locale.ROOT);
  }

  private HttpResp start(HttpReq q, State s) {
    ObjectNode c = find(q, s, Json.text(q.json(), "cluster_id"));
    if (!"TERMINATED".equals(Json.text(c, "state"))) {
      throw ApiException.invalidState(
          "Cluster "
              + Json.text(c, "cluster_id")
              + " is in unexpected state "
              + pretty(Json.text(c, "state"))
              + ".");
    }
    c.put("state", "PENDING").put("state_message", "Starting the cluster").put("_since", ctx.now());
    c.remove("termination_reason");
    ctx.store.changed();
    return HttpResp.empty();
  }

  private HttpResp terminate(HttpReq q, State s) {
    ObjectNode c = find(q, s, Json.text(q.json(), "cluster_id"));
    if (!"TERMINATED".equals(Json.text(c, "state"))) {
      c.put("state", "TERMINATED").put("state_message", "Terminated by user");
      c.put("terminated_time", ctx.now());
      c.putObject("termination_reason").put("code", "USER_REQUEST").put("type", "SUCCESS");
      ctx.store.changed();
    }
    return HttpResp.empty();
  }

  /** Terminates if need be and removes the cluster with its ACL. */
  private HttpResp permanentDelete(HttpReq q, State s) {
    String id = Json.text(find(q, s, Json.text(q.json(), "cluster_id")), "cluster_id");
    PermissionsApi.forget(s.workspaceData(q), "clusters", id);
    s.workspaceData(q).clusters.remove(id);
    ctx.store.changed();
    return HttpResp.empty();
  }

  private HttpResp list(HttpReq q, State s) {
    ObjectNode out = Json.obj();
    ArrayNode arr = out.putArray("clusters");
    for (ObjectNode c : s.workspaceData(q).clusters.values()) {
      advance(c);
      arr.add(view(c));
    }
    return HttpResp.ok(out);
  }
}
