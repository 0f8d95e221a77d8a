package dev.deployer.cli.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.deployer.core.diff.FieldChange;
import dev.deployer.core.json.Json;
import dev.deployer.core.model.Unknown;
import dev.deployer.core.plan.Action;
import dev.deployer.core.plan.Plan;
import dev.deployer.core.plan.ResourceChange;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The plan in Terraform's layout: symbol, address, attribute-level before -> after, summary. */
public final class PlanRenderer {
  private final Style style;

  public PlanRenderer(Style style) {
    this.style = style;
  }

  public String render(Plan plan) {
    StringBuilder sb = new StringBuilder();
    if (!plan.drift().isEmpty()) {
      sb.append(style.bold("Objects have changed outside of deployer:")).append("\n\n");
      plan.drift()
          .forEach(
              (a, why) ->
                  sb.append("  ")
                      .append(style.yellow("~"))
                      .append(' ')
                      .append(a)
                      .append(": ")
                      .append(why)
                      .append('\n'));
      sb.append('\n');
    }
    if (!plan.hasChanges()) {
      sb.append(style.green(style.bold("No changes.")))
          .append(
              plan.destroy()
                  ? " No objects need to be destroyed.\n"
                  : " Your infrastructure matches the configuration.\n");
      return sb.toString();
    }
    sb.append("deployer will perform the following actions:\n\n");
    for (ResourceChange c : plan.changes()) {
      if (c.action() != Action.NO_OP) {
        renderChange(sb, c);
        sb.append('\n');
      }
    }
    sb.append(style.bold("Plan:")).append(' ').append(summary(plan)).append('\n');
    return sb.toString();
  }

  public static String summary(Plan plan) {
    return (plan.toImport() == 0 ? "" : plan.toImport() + " to import, ")
        + plan.toAdd()
        + " to add, "
        + plan.toChange()
        + " to change, "
        + plan.toDestroy()
        + " to destroy.";
  }

  private String symbol(Action a) {
    String s = a.symbol();
    return switch (a) {
      case CREATE -> style.green(s);
      case DELETE -> style.red(s);
      case UPDATE, IMPORT -> style.yellow(s);
      case DELETE_THEN_CREATE -> style.red("-") + "/" + style.green("+");
      case CREATE_THEN_DELETE -> style.green("+") + "/" + style.red("-");
      case NO_OP -> " ";
    };
  }

  private void renderChange(StringBuilder sb, ResourceChange c) {
    sb.append("  ")
        .append(style.bold("# " + c.address()))
        .append(' ')
        .append(c.action().planPhrase())
        .append('\n');
    if (c.reason() != null) {
      sb.append("  ").append(style.faint("# (" + c.reason() + ")")).append('\n');
    }
    if (c.destroysData() != null) {
      sb.append("  ").append(style.red(style.bold("# destroys data: " + c.destroysData())));
      sb.append('\n');
    }
    String sym = symbol(c.action());
    String pad = c.action().symbol().length() == 3 ? "" : "  ";
    sb.append(pad)
        .append(sym)
        .append(" resource \"")
        .append(c.type())
        .append("\" \"")
        .append(c.address())
        .append("\" {\n");
    String ind = "      ";
    if (c.id() != null) {
      sb.append(ind).append("  id = ").append(quote(c.id())).append('\n');
    }
    switch (c.action()) {
      case CREATE -> fields(sb, ind, c.after(), "+", style::green);
      case DELETE -> fields(sb, ind, c.before(), "-", style::red);
      default -> {
        int hidden = countFields(c.after()) - c.changes().size();
        Map<String, FieldChange> byPath = new LinkedHashMap<>();
        c.changes().forEach(fc -> byPath.put(fc.path(), fc));
        int width = byPath.keySet().stream().mapToInt(String::length).max().orElse(0);
        for (FieldChange fc : byPath.values()) {
          attributeChange(
              sb, ind, fc.path(), width, fc.before(), fc.after(), fc.forcesReplacement());
        }
        if (hidden > 0) {
          sb.append(ind)
              .append("  ")
              .append(
                  style.faint(
                      "# ("
                          + hidden
                          + " unchanged attribute"
                          + (hidden == 1 ? "" : "s")
                          + " hidden)"))
              .append('\n');
        }
      }
    }
    sb.append("    }\n");
  }

  private static int countFields(JsonNode n) {
    return n == null ? 0 : n.size();
  }

  private interface Painter {
    String paint(String s);
  }

  private void fields(StringBuilder sb, String ind, JsonNode node, String sym, Painter p) {
    if (node == null) {
      return;
    }
    int width = 0;
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      width = Math.max(width, it.next().length());
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isNull()) {
        continue;
      }
      sb.append(ind)
          .append(p.paint(sym))
          .append(' ')
          .append(padRight(e.getKey(), width))
          .append(" = ")
          .append(value(e.getValue(), ind + "  "))
          .append('\n');
    }
  }

  /** {@code <ind><symbol> <name padded> = } : the start of every attribute line. */
  private static StringBuilder head(
      StringBuilder sb, String ind, String symbol, String name, int width) {
    return sb.append(ind).append(symbol).append(' ').append(padRight(name, width)).append(" = ");
  }

  private void attributeChange(
      StringBuilder sb,
      String ind,
      String name,
      int width,
      JsonNode before,
      JsonNode after,
      boolean forces) {
    String marker = forces ? " " + style.red("# forces replacement") : "";
    boolean bEmpty = before == null || before.isMissingNode() || before.isNull();
    boolean aEmpty = after == null || after.isMissingNode() || after.isNull();
    if (bEmpty) {
      head(sb, ind, style.green("+"), name, width)
          .append(value(after, ind + "  "))
          .append(marker)
          .append('\n');
    } else if (aEmpty) {
      head(sb, ind, style.red("-"), name, width)
          .append(value(before, ind + "  "))
          .append(" -> null")
          .append(marker)
          .append('\n');
    } else if (before.isObject() && after.isObject() && !Unknown.in(after)) {
      head(sb, ind, style.yellow("~"), name, width).append("{").append(marker).append('\n');
      objectBody(sb, ind, before, after);
      sb.append(ind).append("  }\n");
    } else if (before.isArray() && after.isArray() && !Unknown.in(after)) {
      head(sb, ind, style.yellow("~"), name, width).append("[").append(marker).append('\n');
      List<JsonNode> bl = list(before);
      List<JsonNode> al = list(after);
      if (bl.size() == al.size()
          && bl.stream().allMatch(JsonNode::isObject)
          && al.stream().allMatch(JsonNode::isObject)) {
        // Same length, objects: show what changed inside each element (policy statements).
        int unchanged = 0;
        for (int i = 0; i < bl.size(); i++) {
          if (bl.get(i).equals(al.get(i))) {
            unchanged++;
            continue;
          }
          sb.append(ind).append("    ").append(style.yellow("~")).append(" {\n");
          objectBody(sb, ind + "    ", bl.get(i), al.get(i));
          sb.append(ind).append("      },\n");
        }
        hidden(sb, ind, unchanged);
        sb.append(ind).append("  ]\n");
        return;
      }
      elementsNotIn(sb, ind, style.red("-"), bl, al);
      elementsNotIn(sb, ind, style.green("+"), al, bl);
      int same = (int) bl.stream().filter(al::contains).count();
      hidden(sb, ind, same);
      sb.append(ind).append("  ]\n");
    } else {
      head(sb, ind, style.yellow("~"), name, width)
          .append(value(before, ind + "  "))
          .append(" -> ")
          .append(value(after, ind + "  "))
          .append(marker)
          .append('\n');
    }
  }

  /** The changed keys of two objects, one level deeper than {@code ind}. */
  private void objectBody(StringBuilder sb, String ind, JsonNode before, JsonNode after) {
    TreeSet<String> keys = new TreeSet<>();
    before.fieldNames().forEachRemaining(keys::add);
    after.fieldNames().forEachRemaining(keys::add);
    int w = keys.stream().mapToInt(k -> k.length() + 2).max().orElse(0);
    int same = 0;
    for (String k : keys) {
      JsonNode b = before.has(k) ? before.get(k) : MissingNode.getInstance();
      JsonNode a = after.has(k) ? after.get(k) : MissingNode.getInstance();
      if (b.equals(a)) {
        same++;
      } else {
        attributeChange(sb, ind + "    ", quote(k), w, b, a, false);
      }
    }
    hidden(sb, ind, same);
  }

  /** The count of unchanged elements or keys a diff does not show, if any. */
  private void hidden(StringBuilder sb, String ind, int n) {
    if (n > 0) {
      sb.append(ind)
          .append("      ")
          .append(style.faint("# (" + n + " unchanged element" + (n == 1 ? "" : "s") + " hidden)"))
          .append('\n');
    }
  }

  private static List<JsonNode> list(JsonNode arr) {
    List<JsonNode> l = new ArrayList<>();
    arr.forEach(l::add);
    return l;
  }

  /** A value as HCL-like text: strings quoted, objects and lists on several lines. */
  static String value(JsonNode v, String ind) {
    if (v == null || v.isMissingNode() || v.isNull()) {
      return "null";
    }
    if (v.isTextual()) {
      String t = v.textValue();
      return Unknown.isWhole(t) ? Unknown.DISPLAY : quote(Unknown.render(t));
    }
    if (v.isObject()) {
      if (v.isEmpty()) {
        return "{}";
      }
      StringBuilder sb = new StringBuilder("{\n");
      int w = 0;
      for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
        w = Math.max(w, it.next().length() + 2);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        sb.append(ind)
            .append("    ")
            .append(padRight(quote(e.getKey()), w))
            .append(" = ")
            .append(value(e.getValue(), ind + "    "))
            .append('\n');
      }
      return sb.append(ind).append("}").toString();
    }
    if (v.isArray()) {
      if (v.isEmpty()) {
        return "[]";
      }
      boolean simple = true;
      for (JsonNode x : v) {
        simple &= x.isValueNode();
      }
      if (simple && v.size() <= 3) {
        List<String> items = new ArrayList<>();
        v.forEach(x -> items.add(value(x, ind)));
        return "[" + String.join(", ", items) + "]";
      }
      StringBuilder sb = new StringBuilder("[\n");
      for (JsonNode x : v) {
        sb.append(ind).append("    ").append(value(x, ind + "    ")).append(",\n");
      }
      return sb.append(ind).append("]").toString();
    }
    return v.toString();
  }

  static String quote(String s) {
    return Json.write(s).replace("\n", "");
  }

  private static String padRight(String s, int w) {
    return s.length() >= w ? s : s + " ".repeat(w - s.length());
  }

  /** One line per element of {@code these} that {@code others} lacks, after {@code marker}. */
  private void elementsNotIn(
      StringBuilder sb, String ind, String marker, List<JsonNode> these, List<JsonNode> others) {
    for (JsonNode e : these) {
      if (!others.contains(e)) {
        sb.append(ind)
            .append("    ")
            .append(marker)
            .append(' ')
            .append(value(e, ind + "      "))
            .append(",\n");
      }
    }
  }
}
