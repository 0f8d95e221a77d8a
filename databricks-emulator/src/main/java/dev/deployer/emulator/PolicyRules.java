package dev.deployer.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A cluster checked against its policy as Databricks' compute policy reference describes: {@code
 * fixed} values are filled in and must not differ, {@code forbidden} attributes must be absent,
 * {@code allowlist}, {@code blocklist}, {@code regex} and {@code range} limit a value and make it
 * required unless {@code isOptional}, {@code unlimited} limits nothing; {@code defaultValue} fills
 * an omitted attribute when the request asks for the policy's defaults. Paths name fields with
 * dots; under {@code spark_conf}, {@code spark_env_vars} and {@code custom_tags} the rest of the
 * path is one map key. The virtual {@code dbus_per_hour} is the cluster's most DBUs an hour (driver
 * and largest worker count, by the emulator's own per-node estimates) and {@code cluster_type} is
 * {@code all-purpose} for the clusters API.
 */
final class PolicyRules {
  private static final Set<String> MAPS = Set.of("spark_conf", "spark_env_vars", "custom_tags");

  private PolicyRules() {}

  /** Fills the cluster in and returns what breaks the policy, one entry per attribute. */
  static List<String> apply(
      JsonNode definition, ObjectNode cluster, boolean applyDefaults, Map<String, Double> dbus) {
    List<String> broken = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = definition.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> rule = it.next();
      String path = rule.getKey();
      JsonNode r = rule.getValue();
      String type = Json.text(r, "type");
      JsonNode value = virtual(path, cluster, dbus);
      if (value == null && !isVirtual(path)) {
        value = get(cluster, path);
        if (value == null && "fixed".equals(type)) {
          set(cluster, path, r.get("value"));
          value = r.get("value");
        } else if (value == null && applyDefaults && r.has("defaultValue")) {
          set(cluster, path, r.get("defaultValue"));
          value = r.get("defaultValue");
        }
      }
      String problem = check(type, r, value);
      if (problem != null) {
        broken.add("Validation failed for " + path + ", " + problem);
      }
    }
    return broken;
  }

  private static boolean isVirtual(String path) {
    return path.equals("dbus_per_hour") || path.equals("cluster_type");
  }

  private static JsonNode virtual(String path, ObjectNode cluster, Map<String, Double> dbus) {
    if (path.equals("cluster_type")) {
      return Json.MAPPER.getNodeFactory().textNode("all-purpose");
    }
    if (!path.equals("dbus_per_hour")) {
      return null;
    }
    double node = dbus.getOrDefault(Json.text(cluster, "node_type_id"), 0.0);
    double driver = dbus.getOrDefault(Json.text(cluster, "driver_node_type_id"), node);
    long workers =
        cluster.has("autoscale")
            ? cluster.path("autoscale").path("max_workers").asLong(0)
            : cluster.path("num_workers").asLong(0);
    return Json.MAPPER.getNodeFactory().numberNode(driver + node * workers);
  }

  private static String check(String type, JsonNode r, JsonNode value) {
    boolean optional = r.path("isOptional").asBoolean(false);
    switch (type == null ? "" : type) {
      case "fixed":
        return value != null && value.asText().equals(r.path("value").asText())
            ? null
            : "the value must be " + r.path("value").asText() + " (is " + text(value) + ")";
      case "forbidden":
        return value == null ? null : "the value must not be present";
      case "unlimited":
        return null;
      default:
        break;
    }
    if (value == null) {
      return optional ? null : "the value must be present";
    }
    switch (type) {
      case "allowlist":
        for (JsonNode v : r.path("values")) {
          if (v.asText().equals(value.asText())) {
            return null;
          }
        }
        return "the value must be one of " + r.path("values") + " (is " + text(value) + ")";
      case "blocklist":
        for (JsonNode v : r.path("values")) {
          if (v.asText().equals(value.asText())) {
            return "the value must not be " + v.asText();
          }
        }
        return null;
      case "regex":
        try {
          return Pattern.compile(r.path("pattern").asText()).matcher(value.asText()).matches()
              ? null
              : "the value must match " + r.path("pattern").asText() + " (is " + text(value) + ")";
        } catch (PatternSyntaxException e) {
          return "the policy's pattern is invalid: " + e.getMessage();
        }
      case "range":
        if (!value.isNumber() && !value.asText().matches("-?[0-9.]+")) {
          return "the value must be a number (is " + text(value) + ")";
        }
        double d = value.asDouble();
        if (r.has("minValue") && d < r.path("minValue").asDouble()) {
          return "the value must be at least "
              + r.path("minValue").asText()
              + " (is "
              + text(value)
              + ")";
        }
        if (r.has("maxValue") && d > r.path("maxValue").asDouble()) {
          return "the value must be at most "
              + r.path("maxValue").asText()
              + " (is "
              + text(value)
              + ")";
        }
        return null;
      default:
        return "unknown policy type " + type;
    }
  }

  private static String text(JsonNode v) {
    return v == null ? "absent" : v.asText();
  }

  static JsonNode get(ObjectNode cluster, String path) {
    String[] parts = split(path);
    JsonNode cur = cluster;
    for (String p : parts) {
      cur = cur == null ? null : cur.get(p);
    }
    return cur == null || cur.isNull() ? null : cur;
  }

  private static void set(ObjectNode cluster, String path, JsonNode value) {
    if (value == null) {
      return;
    }
    String[] parts = split(path);
    ObjectNode cur = cluster;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode next = cur.get(parts[i]);
      cur = next instanceof ObjectNode o ? o : cur.putObject(parts[i]);
    }
    cur.set(parts[parts.length - 1], value.deepCopy());
  }

  private static String[] split(String path) {
    int dot = path.indexOf('.');
    if (dot > 0 && MAPS.contains(path.substring(0, dot))) {
      return new String[] {path.substring(0, dot), path.substring(dot + 1)};
    }
    return path.split("\\.");
  }
}
