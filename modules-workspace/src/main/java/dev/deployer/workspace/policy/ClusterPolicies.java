package dev.deployer.workspace.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.core.json.Json;
import java.util.Map;
import java.util.TreeMap;

/** The per-environment cluster policy of RESOURCES.md 4.2: defaults merged with overrides. */
public final class ClusterPolicies {
  private ClusterPolicies() {}

  public static String name(String team) {
    return team + " cluster policy";
  }

  /** The defaults for a team; an override replaces a default attribute whole. */
  public static ObjectNode definition(String team, Map<String, JsonNode> overrides) {
    Map<String, JsonNode> rules = new TreeMap<>();
    rules.put(
        "dbus_per_hour", Json.mapper().createObjectNode().put("type", "range").put("maxValue", 10));
    rules.put(
        "autotermination_minutes",
        Json.mapper().createObjectNode().put("type", "fixed").put("value", 20).put("hidden", true));
    rules.put(
        "custom_tags.Team",
        Json.mapper().createObjectNode().put("type", "fixed").put("value", team));
    if (overrides != null) {
      rules.putAll(overrides);
    }
    ObjectNode def = Json.mapper().createObjectNode();
    rules.forEach(def::set);
    return def;
  }
}
