package dev.deployer.core.spi;

import java.util.Map;
import java.util.Objects;

/** What a read found: the spec as the world has it now, and the outputs. */
public record Observed<S>(S spec, Map<String, Object> outputs) {
  public Observed {
    Objects.requireNonNull(spec, "spec");
    outputs = Map.copyOf(outputs);
  }
}
