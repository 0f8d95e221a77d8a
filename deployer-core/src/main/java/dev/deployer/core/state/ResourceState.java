package dev.deployer.core.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One recorded resource: its address and type, the id the API gave it (null while pending-create
 * and not yet known), the spec it was created or last read with, its outputs and the addresses it
 * depended on when it was recorded (destroy order needs them once the config is gone), and the
 * region its object lives in (null for objects that have none, and in state written before regions
 * were recorded): refresh and delete must reach it there, whatever region the config names now.
 */
public record ResourceState(
    String address,
    String type,
    String id,
    JsonNode inputs,
    Map<String, Object> outputs,
    List<String> dependencies,
    Status status,
    String region) {

  public ResourceState {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(type, "type");
    inputs = inputs == null ? JsonNodeFactory.instance.objectNode() : inputs.deepCopy();
    outputs =
        outputs == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(outputs));
    dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
    Objects.requireNonNull(status, "status");
  }

  public ResourceState withStatus(Status s) {
    return new ResourceState(address, type, id, inputs, outputs, dependencies, s, region);
  }

  public ResourceState withRegion(String r) {
    return new ResourceState(address, type, id, inputs, outputs, dependencies, status, r);
  }

  public ResourceState withObserved(JsonNode newInputs, Map<String, Object> newOutputs) {
    return new ResourceState(
        address, type, id, newInputs, newOutputs, dependencies, status, region);
  }
}
