package dev.deployer.environments;

import dev.deployer.cloud.AwsSettings;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where a run points: the real clouds as the config says, or the local sandbox, whose endpoints and
 * account replace the config's and whose state is kept apart.
 */
public record Target(boolean sandbox, Optional<Sandbox> endpoints) {

  /** The sandbox's endpoints and its Databricks account. */
  public record Sandbox(
      String awsEndpoint,
      String databricksHost,
      String databricksAccountId,
      String workspaceHostTemplate) {}

  public static Target real() {
    return new Target(false, Optional.empty());
  }

  public static Target sandbox(Sandbox s) {
    return new Target(true, Optional.of(s));
  }

  /**
   * The AWS settings of a run in {@code region}: the sandbox's endpoint and fake credentials
   * replace whatever the config says, which {@code configured} reads only for a real run.
   */
  public AwsSettings aws(String region, Supplier<AwsSettings> configured) {
    return endpoints()
        .map(s -> AwsSettings.emulator(region, s.awsEndpoint()))
        .orElseGet(configured);
  }
}
