package dev.deployer.environments;

import java.util.Optional;

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
}
