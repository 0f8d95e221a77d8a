package dev.deployer.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subset of SCIM filters clients use: {@code attr op "value"} with eq, ne, co, sw, ew, joined
 * by {@code and} / {@code or} (evaluated left to right, no parentheses). Attribute names and values
 * compare case-insensitively, as Databricks does for userName and displayName.
 */
final class ScimFilter {
  private static final Pattern CLAUSE =
      Pattern.compile(
          "\\s*([A-Za-z_.]+)\\s+(eq|ne|co|sw|ew)\\s+\"((?:[^\"\\\\]|\\\\.)*)\"\\s*",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern JOIN = Pattern.compile("(?i)\\s*(and|or)\\s+");

  /**
   * Filters are limited to 200 nodes; a larger one is answered 400 INVALID_FILTER (Databricks docs,
   * "Account SCIM v2.1 API", Limits; assumed for the 2.0 path too). Each comparison and each {@code
   * and}/{@code or} counts as a node.
   */
  static final int MAX_NODES = 200;

  private ScimFilter() {}

  static Predicate<JsonNode> parse(String filter) {
    if (filter == null || filter.isBlank()) {
      return n -> true;
    }
    String rest = filter;
    Predicate<JsonNode> result = null;
    String join = null;
    int nodes = 0;
    // "a eq x or a eq y or ..." (how clients look many names up at once) as one set lookup, so
    // a 50-name filter over 10,000 principals does not cost 500,000 comparisons.
    String sameAttr = null;
    boolean onlyEqOr = true;
    java.util.Set<String> eqValues = new java.util.HashSet<>();
    while (!rest.isBlank()) {
      if (++nodes > MAX_NODES) {
        throw new ApiException(
            400,
            "INVALID_FILTER",
            "The filter has more than " + MAX_NODES + " nodes; break it into smaller requests.");
      }
      Matcher m = CLAUSE.matcher(rest);
      if (!m.lookingAt()) {
        throw ApiException.invalid("Unsupported SCIM filter: " + filter);
      }
      String op = m.group(2).toLowerCase(Locale.ROOT);
      String value = m.group(3).replace("\\\"", "\"");
      Predicate<JsonNode> clause = clause(m.group(1), op, value);
      onlyEqOr &=
          op.equals("eq")
              && (join == null || join.equals("or"))
              && (sameAttr == null || sameAttr.equalsIgnoreCase(m.group(1)));
      sameAttr = m.group(1);
      eqValues.add(value.toLowerCase(Locale.ROOT));
      result = result == null ? clause : "or".equals(join) ? result.or(clause) : result.and(clause);
      rest = rest.substring(m.end());
      if (rest.isBlank()) {
        break;
      }
      Matcher j = JOIN.matcher(rest);
      if (!j.lookingAt()) {
        throw ApiException.invalid("Unsupported SCIM filter: " + filter);
      }
      join = j.group(1).toLowerCase(Locale.ROOT);
      nodes++;
      rest = rest.substring(j.end());
    }
    if (onlyEqOr && eqValues.size() > 1) {
      String attr = sameAttr;
      return node ->
          values(node, attr).stream().anyMatch(a -> eqValues.contains(a.toLowerCase(Locale.ROOT)));
    }
    return result;
  }

  private static Predicate<JsonNode> clause(String attr, String op, String value) {
    String v = value.toLowerCase(Locale.ROOT);
    return node -> {
      List<String> actual = values(node, attr);
      boolean any =
          actual.stream()
              .map(a -> a.toLowerCase(Locale.ROOT))
              .anyMatch(
                  a ->
                      switch (op) {
                        case "eq", "ne" -> a.equals(v);
                        case "co" -> a.contains(v);
                        case "sw" -> a.startsWith(v);
                        default -> a.endsWith(v);
                      });
      return "ne".equals(op) ? !any : any;
    };
  }

  /** Values of a (possibly dotted, possibly multi-valued) attribute, matched case-insensitively. */
  static List<String> values(JsonNode node, String attr) {
    List<JsonNode> current = new ArrayList<>(List.of(node));
    for (String part : attr.split("\\.")) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode n : current) {
        JsonNode child = field(n, part);
        if (child == null) {
          continue;
        }
        if (child.isArray()) {
          child.forEach(next::add);
        } else {
          next.add(child);
        }
      }
      current = next;
    }
    List<String> out = new ArrayList<>();
    current.stream().filter(JsonNode::isValueNode).forEach(n -> out.add(n.asText()));
    return out;
  }

  private static JsonNode field(JsonNode n, String name) {
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (f.equalsIgnoreCase(name)) {
        return n.get(f);
      }
    }
    return null;
  }
}
