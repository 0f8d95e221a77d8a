package dev.deployer.environments;

import dev.deployer.core.ApiCalls;
import dev.deployer.core.HandlerRegistry;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.state.FileStateStore;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns a stack name into an {@link OpenStack}: loads and validates the config (no API call before
 * this succeeds), builds the clients once for the run, defines the stack.
 */
public final class Stacks {
  private final Path configDir;
  private final Path stateDir;
  private final Target target;
  private final ApiCalls calls;

  public Stacks(Path configDir, Path stateDir, Target target) {
    this(configDir, stateDir, target, new ApiCalls());
  }

  /** Stacks whose clients count their API calls into {@code calls}. */
  public Stacks(Path configDir, Path stateDir, Target target, ApiCalls calls) {
    this.configDir = configDir;
    this.stateDir = stateDir;
    this.target = target;
    this.calls = calls;
  }

  public Path stateDir() {
    return stateDir;
  }

  /** Validates the named stack's config; throws ConfigException naming file and field. */
  public void validate(String name) {
    ConfigLoader.loadEnvironment(configDir, name);
  }

  public FileStateStore store(String name) {
    return new FileStateStore(stateDir, name);
  }

  public OpenStack open(String name) {
    EnvironmentConfig c = ConfigLoader.loadEnvironment(configDir, name);
    Clients clients = Clients.create(c.aws(), c.databricks(), target, calls);
    try {
      StackDefinition def = EnvironmentStack.define(c, clients);
      return new OpenStack(
          name,
          ConfigLoader.configFile(configDir, name),
          def,
          HandlerRegistry.of(def, List.of()),
          store(name),
          clients);
    } catch (RuntimeException e) {
      clients.close();
      throw e;
    }
  }
}
