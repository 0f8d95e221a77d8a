package dev.deployer.core.spi;

import java.util.Map;
import java.util.Objects;

/**
 * What a read found: the spec as the world has it now, and the outputs.
 *
 * @param broken why the object exists but cannot be used (a workspace that ended FAILED), or null;
 *     a broken object is planned for replacement
 */
public record Observed<S>(S spec, Map<String, Object> outputs, String broken) {
  public Observed {
    Objects.requireNonNull(spec, "spec");
    outputs = Map.copyOf(outputs);
  }

  public Observed(S spec, Map<String, Object> outputs) {
    this(spec, outputs, null);
  }

  /** The same object, known to be unusable for {@code reason}. */
  public static <S> Observed<S> broken(S spec, Map<String, Object> outputs, String reason) {
    return new Observed<>(spec, outputs, Objects.requireNonNull(reason, "reason"));
  }
}
