package dev.deployer.environments;

import dev.deployer.core.HandlerRegistry;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.state.StateStore;
import java.nio.file.Path;

/** A stack ready to plan: its definition, handlers, state store and the clients behind them. */
public record OpenStack(
    String name,
    Path configFile,
    StackDefinition definition,
    HandlerRegistry registry,
    StateStore store,
    Clients clients)
    implements AutoCloseable {

  @Override
  public void close() {
    clients.close();
  }
}
