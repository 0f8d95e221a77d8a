package dev.deployer.cloud.testing;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsSettings;
import dev.deployer.cloud.CloudHandlers;
import dev.deployer.core.spi.ResourceHandler;
import dev.deployer.core.testing.EngineTestSupport;
import dev.deployer.sandbox.testing.AwsEmulator;
import java.nio.file.Path;
import java.util.List;

/** Runs stacks against the AWS emulator with a temp-dir state store. */
public final class CloudTestSupport extends EngineTestSupport {
  public final AwsEmulator emulator = AwsEmulator.shared();
  public final AwsClients aws =
      new AwsClients(AwsSettings.emulator(AwsEmulator.REGION, emulator.endpoint()));

  public CloudTestSupport(Path dir, String stack) {
    this(dir, stack, true);
  }

  /** With {@code reset} false, a second stack (or a lost state) in the same emulated account. */
  public CloudTestSupport(Path dir, String stack, boolean reset) {
    super(dir, stack);
    if (reset) {
      emulator.reset();
    }
  }

  @Override
  protected List<ResourceHandler<?>> handlers() {
    return CloudHandlers.all(aws);
  }
}
