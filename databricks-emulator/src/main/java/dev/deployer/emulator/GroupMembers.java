package dev.deployer.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Account group membership (SCIM {@code members} of {@code /scim/v2/Groups}): members are users,
 * service principals or other groups of the account, by SCIM id, each answered with its {@code
 * display} and {@code $ref}. PATCH takes SCIM PatchOp operations {@code add} (a list of {@code
 * {value}}), {@code remove} (path {@code members[value eq "id"]}, or a value list) and {@code
 * replace} of the member list (RFC 7644 3.5.2; the provider's scim/resource_group_member.go sends
 * exactly these). An unknown member is refused, and so is a group made a member of itself, directly
 * or through others. A deleted principal leaves every group it was in.
 */
final class GroupMembers {
  private static final Pattern BY_VALUE =
      Pattern.compile("members\\[value eq \"?([^\"\\]]+)\"?\\]");

  private GroupMembers() {}

  /** The account object (user, group, service principal) with that SCIM id and its kind. */
  private static Map.Entry<IdentityApi.Kind, ObjectNode> principal(State.Account a, String id) {
    for (IdentityApi.Kind k : IdentityApi.Kind.values()) {
      ObjectNode o = k.of(a).get(id);
      if (o != null) {
        return Map.entry(k, o);
      }
    }
    return null;
  }

  private static ObjectNode member(State.Account a, String id) {
    var p = principal(a, id);
    if (p == null) {
      throw ApiException.invalid("Member " + id + " does not exist in this account.");
    }
    String display = Json.text(p.getValue(), "displayName");
    return Json.obj()
        .put("value", id)
        .put("display", display == null ? Json.text(p.getValue(), p.getKey().key) : display)
        .put("$ref", p.getKey().path + "/" + id);
  }

  /** Checks and completes the members a create names. */
  static void checkCreate(State.Account a, ObjectNode group) {
    Map<String, ObjectNode> members = new LinkedHashMap<>();
    for (JsonNode m : group.path("members")) {
      String id = Json.required(m, "value");
      members.put(id, member(a, id));
    }
    ArrayNode arr = group.putArray("members");
    members.values().forEach(arr::add);
  }

  static HttpResp patch(Ctx ctx, State.Account a, ObjectNode group, JsonNode body) {
    JsonNode ops = body.get("Operations");
    if (ops == null || !ops.isArray()) {
      throw ApiException.invalid("Missing required field: Operations");
    }
    Map<String, ObjectNode> members = new LinkedHashMap<>();
    group.path("members").forEach(m -> members.put(m.path("value").asText(), (ObjectNode) m));
    for (JsonNode op : ops) {
      String verb = Json.required(op, "op").toLowerCase(java.util.Locale.ROOT);
      String path = Json.text(op, "path");
      JsonNode value = op.get("value");
      switch (verb) {
        case "add" -> {
          requireMembersPath(path);
          for (JsonNode m : listOf(value)) {
            String id = Json.required(m, "value");
            members.put(id, member(a, id));
          }
        }
        case "remove" -> {
          Matcher by = path == null ? null : BY_VALUE.matcher(path);
          if (by != null && by.matches()) {
            members.remove(by.group(1));
          } else {
            requireMembersPath(path);
            for (JsonNode m : listOf(value)) {
              members.remove(Json.required(m, "value"));
            }
          }
        }
        case "replace" -> {
          if ("displayName".equals(path)) {
            group.put("displayName", value.asText());
            continue;
          }
          requireMembersPath(path);
          members.clear();
          for (JsonNode m : listOf(value)) {
            String id = Json.required(m, "value");
            members.put(id, member(a, id));
          }
        }
        default -> throw ApiException.invalid("Unsupported PatchOp op '" + verb + "'.");
      }
    }
    String self = Json.text(group, "id");
    for (String id : members.keySet()) {
      if (reaches(a, id, self)) {
        throw ApiException.invalid(
            "Group " + self + " cannot be a member of itself (through member " + id + ").");
      }
    }
    ArrayNode arr = group.putArray("members");
    members.values().forEach(arr::add);
    ctx.store.changed();
    return HttpResp.noContent();
  }

  private static void requireMembersPath(String path) {
    if (!"members".equals(path)) {
      throw ApiException.invalid("Unsupported PatchOp path '" + path + "'; expected members.");
    }
  }

  private static Iterable<JsonNode> listOf(JsonNode value) {
    if (value == null || value.isNull()) {
      throw ApiException.invalid("A PatchOp on members needs a value.");
    }
    return value.isArray() ? value : java.util.List.of(value);
  }

  /** Whether {@code target} is {@code from} or a group {@code from} contains, at any depth. */
  private static boolean reaches(State.Account a, String from, String target) {
    Deque<String> todo = new ArrayDeque<>(java.util.List.of(from));
    Set<String> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      String id = todo.pop();
      if (id.equals(target)) {
        return true;
      }
      ObjectNode g = a.groups.get(id);
      if (g != null && seen.add(id)) {
        g.path("members").forEach(m -> todo.push(m.path("value").asText()));
      }
    }
    return false;
  }

  /** A deleted principal leaves every group. */
  static void forget(State.Account a, String id) {
    for (ObjectNode g : a.groups.values()) {
      JsonNode members = g.get("members");
      if (members instanceof ArrayNode arr) {
        for (int i = arr.size() - 1; i >= 0; i--) {
          if (id.equals(arr.get(i).path("value").asText())) {
            arr.remove(i);
          }
        }
      }
    }
  }
}
