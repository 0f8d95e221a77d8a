package dev.deployer.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What the account API's objects kept by id share: the refusal of an id the account does not have,
 * the list and get routes that answer with the bare objects (no wrapping field), as the
 * provisioning API (credentials, storage, networks, VPC endpoints, private access settings, keys)
 * does, keeping and forgetting an object, and the refusal to delete one a workspace uses. The
 * workspace 2.0 APIs' look-up of a required id (clusters, cluster policies) is here too.
 */
final class AccountObjects {
  private AccountObjects() {}

  /** The object with this id, else {@code unknown}'s exception for the id (a 404 of the API). */
  static ObjectNode find(
      Map<String, ObjectNode> objects, String id, Function<String, ApiException> unknown) {
    ObjectNode o = id == null ? null : objects.get(id);
    if (o == null) {
      throw unknown.apply(id);
    }
    return o;
  }

  /**
   * The object a request's {@code field} names, as the workspace 2.0 APIs look it up: the missing
   * field is refused first (400), then an id they do not have, in {@code unknown}'s words (clusters
   * and cluster policies code and word that differently).
   */
  static ObjectNode findRequired(
      Map<String, ObjectNode> objects,
      String field,
      String id,
      Function<String, ApiException> unknown) {
    if (id == null) {
      throw ApiException.missing(field);
    }
    return find(objects, id, unknown);
  }

  /**
   * The object with this id, else the provisioning API's 404 for it: RESOURCE_DOES_NOT_EXIST,
   * "{@code label} {id} does not exist." (keys, log delivery, VPC endpoints, private access
   * settings all word it so).
   */
  static ObjectNode find(Map<String, ObjectNode> objects, String id, String label) {
    return find(
        objects, id, unknown -> ApiException.notFound(label + " " + unknown + " does not exist."));
  }

  /**
   * An account API family that carries its object in one named field both ways, in the create body
   * and in every answer (log delivery: {@code log_delivery_configuration}; metastores: {@code
   * metastore_info}), where the provisioning API sends bare objects.
   */
  record Wrapped(String field) {
    /** The create body's object; 400 when the field is missing. */
    JsonNode body(HttpReq q) {
      return Json.requiredObject(q.json(), field);
    }

    /** The answer: the object under the field, without the emulator's own fields. */
    HttpResp answer(ObjectNode o) {
      return HttpResp.ok(field, Json.visible(o));
    }
  }

  /** {@code GET .../{account_id}/<kind>}: every object of the kind, as a JSON array. */
  static Router.Handler list(Function<State.Account, Map<String, ObjectNode>> objects) {
    return (q, s) ->
        HttpResp.ok(Json.visibleAll(objects.apply(AccountConfigsApi.acct(q, s)).values()));
  }

  /** {@code GET .../{account_id}/<kind>/{id}}: the one object, through the kind's own lookup. */
  static Router.Handler get(BiFunction<State.Account, String, ObjectNode> find) {
    return (q, s) ->
        HttpResp.ok(Json.visible(find.apply(AccountConfigsApi.acct(q, s), q.param("id"))));
  }

  /** Keeps a new or replaced object under its id, saves, and answers with it. */
  static HttpResp stored(Ctx ctx, Map<String, ObjectNode> objects, String id, ObjectNode o) {
    objects.put(id, o);
    ctx.store.changed();
    return HttpResp.ok(Json.visible(o));
  }

  /** Forgets the object with this id (found before), saves, and answers with what it was. */
  static HttpResp removed(Ctx ctx, Map<String, ObjectNode> objects, String id) {
    ObjectNode o = objects.remove(id);
    ctx.store.changed();
    return HttpResp.ok(Json.visible(o));
  }

  /** The account refuses to delete what a workspace refers to in one of {@code fields}. */
  static void refuseWhileAWorkspaceUses(
      State.Account a, String id, String label, String... fields) {
    for (ObjectNode ws : a.workspaces.values()) {
      for (String f : fields) {
        if (id.equals(Json.text(ws, f))) {
          throw ApiException.invalidState(
              label
                  + " "
                  + id
                  + " is used by workspace "
                  + ws.path("workspace_id").asLong()
                  + " and cannot be deleted.");
        }
      }
    }
  }
}
