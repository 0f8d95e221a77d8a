package dev.deployer.cli.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.cli.render.PlanJson;
import dev.deployer.core.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a stack's plan will create, read from its JSON form (values known only after apply read
 * "(known after apply)"), and what its state already holds.
 */
record Planned(String stack, List<Created> creates, Map<String, String> stateIds) {
  static final String UNKNOWN = "(known after apply)";

  record Created(String stack, String address, String type, JsonNode after) {
    /** A field of the new object, or empty when it is absent or known only after apply. */
    Optional<String> field(String name) {
      JsonNode v = after == null ? null : after.get(name);
      if (v == null || !v.isTextual() || v.asText().contains(UNKNOWN)) {
        return Optional.empty();
      }
      return Optional.of(v.asText());
    }

    /** The key of a keyed address: {@code network.nat_gateway["us-east-1a"]} -> us-east-1a. */
    Optional<String> key() {
      int open = address.indexOf("[\"");
      return open < 0
          ? Optional.empty()
          : Optional.of(address.substring(open + 2, address.lastIndexOf("\"]")));
    }
  }

  static Planned of(Plan plan, Map<String, String> stateIds) {
    List<Created> creates = new ArrayList<>();
    for (JsonNode c : PlanJson.of(plan).get("resource_changes")) {
      String action = c.get("action").asText();
      if (action.equals("create")
          || action.equals("delete_then_create")
          || action.equals("create_then_delete")) {
        creates.add(
            new Created(
                plan.stack(), c.get("address").asText(), c.get("type").asText(), c.get("after")));
      }
    }
    return new Planned(plan.stack(), creates, stateIds);
  }

  List<Created> ofType(String type) {
    return creates.stream().filter(c -> c.type().equals(type)).toList();
  }
}
