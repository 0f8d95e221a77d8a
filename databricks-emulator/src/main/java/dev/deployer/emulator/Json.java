package dev.deployer.emulator;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** JSON helpers over Jackson trees; the emulator keeps its objects as {@link ObjectNode}s. */
final class Json {
  static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private Json() {}

  static ObjectNode obj() {
    return MAPPER.createObjectNode();
  }

  static ArrayNode arr() {
    return MAPPER.createArrayNode();
  }

  /** Text of a field, or null when absent, null or empty. */
  static String text(JsonNode node, String field) {
    if (node == null) {
      return null;
    }
    JsonNode v = node.get(field);
    if (v == null || v.isNull() || v.isContainerNode()) {
      return null;
    }
    String s = v.asText();
    return s.isEmpty() ? null : s;
  }

  static String required(JsonNode node, String field) {
    String s = text(node, field);
    if (s == null) {
      throw ApiException.missing(field);
    }
    return s;
  }

  static ObjectNode requiredObject(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || !v.isObject()) {
      throw ApiException.missing(field);
    }
    return (ObjectNode) v;
  }

  static List<String> strings(JsonNode node, String field) {
    List<String> out = new ArrayList<>();
    JsonNode v = node == null ? null : node.get(field);
    if (v != null && v.isArray()) {
      v.forEach(e -> out.add(e.asText()));
    }
    return out;
  }

  static boolean bool(JsonNode node, String field, boolean dflt) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || v.isNull() ? dflt : v.asBoolean();
  }

  static String enumValue(JsonNode node, String field, Set<String> allowed, String dflt) {
    String v = text(node, field);
    if (v == null) {
      return dflt;
    }
    if (!allowed.contains(v)) {
      throw ApiException.invalid(
          "Invalid value '" + v + "' for " + field + "; expected one of " + allowed);
    }
    return v;
  }

  /** A copy without the emulator's bookkeeping fields (names starting with '_'). */
  static ObjectNode visible(ObjectNode node) {
    ObjectNode copy = node.deepCopy();
    for (Iterator<String> it = copy.fieldNames(); it.hasNext(); ) {
      if (it.next().startsWith("_")) {
        it.remove();
      }
    }
    return copy;
  }

  static ArrayNode visibleAll(Iterable<ObjectNode> nodes) {
    ArrayNode out = arr();
    nodes.forEach(n -> out.add(visible(n)));
    return out;
  }
}
