package dev.deployer.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.core.diff.Diff;
import dev.deployer.core.json.Json;
import dev.deployer.core.model.Unknown;
import dev.deployer.core.spi.ResourceType;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * IAM policy documents as JSON trees, and their normal form: AWS accepts a string or a one-element
 * list for Action, Resource and Principal values, and may reorder them, so diffs compare the normal
 * form (lists, sorted) rather than the text.
 */
public final class PolicyDocuments {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private PolicyDocuments() {}

  public static ObjectNode document(List<ObjectNode> statements) {
    ObjectNode doc = F.objectNode();
    doc.put("Version", "2012-10-17");
    ArrayNode st = doc.putArray("Statement");
    statements.forEach(st::add);
    return doc;
  }

  /**
   * A trust policy: the AWS principal {@code principalArn} may assume the role when it passes
   * {@code externalId} as external id. {@code externalId} is a string or a list of strings, written
   * as given (IAM reads both alike; the documents keep the form their source writes).
   */
  public static ObjectNode assumeRoleTrust(String principalArn, Object externalId) {
    return document(
        List.of(
            statement(
                null,
                "Allow",
                Map.of("AWS", List.of(principalArn)),
                List.of("sts:AssumeRole"),
                null,
                Map.of("StringEquals", Map.of("sts:ExternalId", externalId)))));
  }

  /** A statement; {@code condition} maps operator to key to value, e.g. StringEquals. */
  public static ObjectNode statement(
      String sid,
      String effect,
      Map<String, List<String>> principal,
      List<String> actions,
      List<String> resources,
      Map<String, Map<String, Object>> condition) {
    ObjectNode s = F.objectNode();
    if (sid != null) {
      s.put("Sid", sid);
    }
    s.put("Effect", effect);
    if (principal != null) {
      ObjectNode p = s.putObject("Principal");
      principal.forEach((k, v) -> p.set(k, strings(v)));
    }
    s.set("Action", strings(actions));
    if (resources != null) {
      s.set("Resource", strings(resources));
    }
    if (condition != null && !condition.isEmpty()) {
      s.set("Condition", Json.tree(condition));
    }
    return s;
  }

  public static ArrayNode strings(List<String> values) {
    ArrayNode a = F.arrayNode();
    values.forEach(a::add);
    return a;
  }

  /** Parses a policy as IAM returns it (URL-encoded) or as S3 returns it (plain). */
  public static JsonNode parse(String text) {
    String t = text.trim();
    if (!t.startsWith("{")) {
      t = URLDecoder.decode(t, StandardCharsets.UTF_8);
    }
    try {
      return Json.mapper().readTree(t);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a JSON policy document: " + e.getMessage(), e);
    }
  }

  public static String toJson(JsonNode doc) {
    try {
      return Json.mapper()
          .writer()
          .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(doc);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The normal form used for comparison. */
  public static JsonNode normalize(JsonNode node) {
    if (node == null || node.isNull()) {
      return node;
    }
    if (node.isObject()) {
      ObjectNode out = F.objectNode();
      Map<String, JsonNode> sorted = new TreeMap<>();
      node.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
      sorted.forEach(
          (k, v) -> {
            if (k.equals("Statement") && v.isObject()) {
              ArrayNode a = F.arrayNode();
              a.add(normalize(v));
              out.set(k, a);
            } else if (k.equals("Statement")) {
              out.set(k, normalize(v));
            } else if (isListValued(k) && v.isTextual()) {
              out.set(k, F.arrayNode().add(v.textValue()));
            } else if (isListValued(k) && v.isArray()) {
              out.set(k, sortedStrings(v));
            } else if (k.equals("Principal") || k.equals("Condition") || isConditionBlock(v)) {
              out.set(k, normalizeMapOfLists(v));
            } else {
              out.set(k, normalize(v));
            }
          });
      return out;
    }
    if (node.isArray()) {
      ArrayNode a = F.arrayNode();
      node.forEach(n -> a.add(normalize(n)));
      return a;
    }
    return node;
  }

  private static boolean isListValued(String key) {
    return key.equals("Action")
        || key.equals("NotAction")
        || key.equals("Resource")
        || key.equals("NotResource");
  }

  private static boolean isConditionBlock(JsonNode v) {
    return false;
  }

  private static JsonNode normalizeMapOfLists(JsonNode v) {
    if (!v.isObject()) {
      return v; // "Principal": "*"
    }
    ObjectNode out = F.objectNode();
    Map<String, JsonNode> sorted = new TreeMap<>();
    v.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
    sorted.forEach(
        (k, x) -> {
          if (x.isObject()) {
            out.set(k, normalizeMapOfLists(x));
          } else if (x.isArray() && x.size() == 1) {
            out.set(k, x.get(0));
          } else if (x.isArray()) {
            out.set(k, sortedStrings(x));
          } else {
            out.set(k, x);
          }
        });
    return out;
  }

  private static ArrayNode sortedStrings(JsonNode arr) {
    List<String> list = new ArrayList<>();
    for (Iterator<JsonNode> it = arr.elements(); it.hasNext(); ) {
      list.add(it.next().asText());
    }
    list.sort(null);
    return strings(list);
  }

  /**
   * The type's spec diff without {@code field}, a policy document, when the recorded and the
   * desired documents are the same policy in normal form (IAM and S3 return them reordered and
   * reformatted).
   */
  public static <S> Diff diff(
      ResourceType<S> type, S prior, S desired, String field, Function<S, JsonNode> policy) {
    Diff diff = Diff.of(prior, desired, type.replaceOnChange());
    JsonNode wanted = policy.apply(desired);
    return !Unknown.in(wanted) && equivalent(policy.apply(prior), wanted)
        ? diff.without(field)
        : diff;
  }

  public static boolean equivalent(JsonNode a, JsonNode b) {
    return normalize(a).equals(normalize(b));
  }

  /**
   * An update's put of a policy document: calls {@code put} with the desired document as JSON only
   * when it differs from the prior one in normal form (AWS's reformatting is no change).
   */
  public static void putIfChanged(
      JsonNode prior, JsonNode desired, java.util.function.Consumer<String> put) {
    if (!equivalent(prior, desired)) {
      put.accept(toJson(desired));
    }
  }

  /**
   * What a read should report: the recorded document when the one read is equivalent to it (so
   * AWS's reformatting does not show as drift), else the one read.
   */
  public static JsonNode stable(JsonNode recorded, JsonNode read) {
    return recorded != null && !recorded.isNull() && equivalent(recorded, read) ? recorded : read;
  }
}
