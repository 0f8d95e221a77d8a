package dev.deployer.core.spi;

import java.util.Map;
import java.util.Objects;

/** The result of a create: the new object's id and its outputs. */
public record Created(String id, Map<String, Object> outputs) {
  public Created {
    Objects.requireNonNull(id, "id");
    outputs = Map.copyOf(outputs);
  }
}
