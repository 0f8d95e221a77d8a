package dev.deployer.environments;

import dev.deployer.core.ApiCalls;
import dev.deployer.core.DeployerException;
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

  /**
   * The stacks whose outputs {@code name} reads and that have not produced them yet (the common
   * stack's metastore_id, unless the config names a metastore id itself).
   */
  public List<String> missingUpstream(String name) {
    if (COMMON.equals(name)) {
      return List.of();
    }
    EnvironmentConfig c = ConfigLoader.loadEnvironment(configDir, name);
    if (c.metastore().id() != null) {
      return List.of();
    }
    String from = c.metastore().fromStackOrDefault();
    return upstreamOutput(from, "metastore_id").isPresent() ? List.of() : List.of(from);
  }

  /** An output of another stack, from its state. */
  public java.util.Optional<String> upstreamOutput(String stack, String output) {
    return store(stack).read().map(s -> s.outputs().get(output)).map(String::valueOf);
  }

  /**
   * The metastore an environment's workspace is assigned to: from config, or the upstream stack.
   */
  String metastoreId(EnvironmentConfig c) {
    if (c.metastore().id() != null) {
      return c.metastore().id();
    }
    String from = c.metastore().fromStackOrDefault();
    return upstreamOutput(from, "metastore_id")
        .orElseThrow(
            () ->
                new DeployerException(
                    "Stack "
                        + c.environment()
                        + " reads metastore_id from stack '"
                        + from
                        + "', which has no such output in "
                        + store(from).location()
                        + ". Apply it first ('deployer apply --env "
                        + from
                        + "'), or set "
                        + "metastore.id in "
                        + ConfigLoader.configFile(configDir, c.environment())
                        + "."));
  }

  public static final String COMMON = "common";

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
