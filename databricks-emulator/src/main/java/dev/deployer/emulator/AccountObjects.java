package dev.deployer.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What the account API's objects kept by id share: the refusal of an id the account does not have,
 * and the list and get routes that answer with the bare objects (no wrapping field), as the
 * provisioning API (credentials, storage, networks, VPC endpoints, private access settings, keys)
 * does.
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
}
