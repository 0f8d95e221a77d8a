package dev.deployer.core.graph;

import dev.deployer.core.DeployerException;
import java.util.List;

/** The resources refer to each other in a loop, so there is no order to create them in. */
public final class CycleException extends DeployerException {
  private final List<String> cycle;

  public CycleException(List<String> cycle) {
    super(
        "Dependency cycle: "
            + String.join(" -> ", cycle)
            + ". Remove one of these references so the resources can be ordered.");
    this.cycle = List.copyOf(cycle);
  }

  public List<String> cycle() {
    return cycle;
  }
}
