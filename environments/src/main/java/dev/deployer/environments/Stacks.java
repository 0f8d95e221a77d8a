package dev.deployer.environments;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsSettings;
import dev.deployer.core.HandlerRegistry;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.state.FileStateStore;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Turns a stack name into an {@link OpenStack}: loads and validates the config (no API call before
 * this succeeds), builds the clients once for the run, defines the stack.
 */
public final class Stacks {
  private final Path configDir;
  private final Path stateDir;
  private final Target target;

  public Stacks(Path configDir, Path stateDir, Target target) {
    this.configDir = configDir;
    this.stateDir = stateDir;
    this.target = target;
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
    AwsSettings settings =
        target
            .endpoints()
            .map(s -> AwsSettings.emulator(c.aws().region(), s.awsEndpoint()))
            .orElseGet(
                () ->
                    new AwsSettings(
                        c.aws().region(),
                        Optional.ofNullable(c.aws().endpoint()).map(URI::create),
                        c.aws().profileOpt(),
                        Optional.empty()));
    String accountId =
        target
            .endpoints()
            .map(Target.Sandbox::databricksAccountId)
            .orElse(c.databricks().accountId());
    AwsClients aws = new AwsClients(settings);
    try {
      StackDefinition def = EnvironmentStack.define(c, aws, accountId);
      return new OpenStack(
          name,
          ConfigLoader.configFile(configDir, name),
          def,
          HandlerRegistry.of(def, List.of()),
          store(name),
          aws);
    } catch (RuntimeException e) {
      aws.close();
      throw e;
    }
  }
}
