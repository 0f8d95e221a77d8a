package dev.deployer.cli.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.deployer.core.diff.FieldChange;
import dev.deployer.core.json.Json;
import dev.deployer.core.model.Unknown;
import dev.deployer.core.plan.Plan;
import dev.deployer.core.plan.ResourceChange;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/** The machine-readable plan: stable field names, a format version, unknowns spelled out. */
public final class PlanJson {
  public static final int FORMAT_VERSION = 1;

  private PlanJson() {}

  public static ObjectNode of(Plan plan) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("format_version", FORMAT_VERSION);
    root.put("stack", plan.stack());
    root.put("destroy", plan.destroy());
    root.put("has_changes", plan.hasChanges());
    ObjectNode summary = root.putObject("summary");
    summary.put("import", plan.toImport());
    summary.put("add", plan.toAdd());
    summary.put("change", plan.toChange());
    summary.put("destroy", plan.toDestroy());
    ArrayNode changes = root.putArray("resource_changes");
    for (ResourceChange c : plan.changes()) {
      ObjectNode n = changes.addObject();
      n.put("address", c.address());
      n.put("type", c.type());
      n.put("action", c.action().name().toLowerCase(Locale.ROOT));
      if (c.id() != null) {
        n.put("id", c.id());
      }
      n.set("before", clean(c.before()));
      n.set("after", clean(c.after()));
      ArrayNode fields = n.putArray("changed_fields");
      for (FieldChange fc : c.changes()) {
        ObjectNode f = fields.addObject();
        f.put("path", fc.path());
        f.set("before", clean(fc.before()));
        f.set("after", clean(fc.after()));
        f.put("forces_replacement", fc.forcesReplacement());
      }
      if (c.reason() != null) {
        n.put("reason", c.reason());
      }
      if (c.destroysData() != null) {
        n.put("destroys_data", c.destroysData());
      }
    }
    ObjectNode drift = root.putObject("drift");
    plan.drift().forEach(drift::put);
    return root;
  }

  /** A copy with unknown markers replaced by "(known after apply)". */
  static JsonNode clean(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return null;
    }
    if (n.isTextual()) {
      return Unknown.in(n.textValue()) ? new TextNode(Unknown.render(n.textValue())) : n;
    }
    if (n.isObject()) {
      ObjectNode o = Json.mapper().createObjectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        o.set(e.getKey(), clean(e.getValue()));
      }
      return o;
    }
    if (n.isArray()) {
      ArrayNode a = Json.mapper().createArrayNode();
      n.forEach(x -> a.add(clean(x)));
      return a;
    }
    return n;
  }
}
