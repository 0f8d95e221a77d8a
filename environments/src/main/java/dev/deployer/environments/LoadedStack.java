package dev.deployer.environments;

import dev.deployer.core.Catalogue;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.state.StateStore;
import java.nio.file.Path;

/**
 * A stack ready to plan: its definition, the catalogue of every type's handler, the state store and
 * the clients behind them.
 */
public record LoadedStack(
    String name,
    Path configFile,
    StackDefinition definition,
    Catalogue catalogue,
    StateStore store,
    Clients clients)
    implements AutoCloseable {

  @Override
  public void close() {
    clients.close();
  }
}
