package dev.deployer.environments;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.storage.StorageModule;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;

/** The one environment stack definition; dev, qa and prod differ only by their config. */
public final class EnvironmentStack {
  private EnvironmentStack() {}

  /**
   * @param accountId the Databricks account id in effect (the sandbox's, in the sandbox)
   */
  public static StackDefinition define(EnvironmentConfig c, AwsClients aws, String accountId) {
    StackBuilder b = new StackBuilder(c.environment(), c.tags());
    StorageModule.Outputs storage =
        StorageModule.declare(
            b,
            aws,
            "storage",
            c.storage().rootBucket(),
            accountId,
            c.storage().forceDestroyOrDefault());
    b.output("root_bucket", storage.bucketName());
    return b.build();
  }
}
