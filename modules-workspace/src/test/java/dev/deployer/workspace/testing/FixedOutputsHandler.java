package dev.deployer.workspace.testing;

import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceHandler;
import dev.deployer.core.spi.ResourceType;
import java.util.Map;
import java.util.Optional;

/**
 * A stand-in for an upstream resource (the workspace, the metastore assignment) whose outputs are
 * fixed: lets tests hand workspace-level modules real references without the account layer.
 */
public final class FixedOutputsHandler implements ResourceHandler<FixedOutputsHandler.Spec> {
  public record Spec(String id) {}

  private final ResourceType<Spec> type;
  private final Map<String, Object> outputs;

  public FixedOutputsHandler(String type, Map<String, Object> outputs) {
    this.type = ResourceType.of(type, Spec.class).outputs(outputs.keySet().toArray(String[]::new));
    this.outputs = Map.copyOf(outputs);
  }

  @Override
  public ResourceType<Spec> type() {
    return type;
  }

  @Override
  public Optional<Observed<Spec>> read(HandlerContext ctx, String id, Spec prior) {
    return Optional.of(new Observed<>(prior, outputs));
  }

  @Override
  public Created create(HandlerContext ctx, Spec spec) {
    return new Created(spec.id(), outputs);
  }

  @Override
  public Map<String, Object> update(HandlerContext ctx, String id, Spec prior, Spec desired) {
    return outputs;
  }

  @Override
  public void delete(HandlerContext ctx, String id, Spec prior) {}
}
