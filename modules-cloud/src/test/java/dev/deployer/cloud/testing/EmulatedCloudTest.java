package dev.deployer.cloud.testing;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The start of every test against the AWS emulator: the emulated account reset and a fresh state
 * directory for stack {@code dev}, so no test sees another's objects.
 */
public abstract class EmulatedCloudTest {
  @TempDir protected Path dir;
  protected CloudTestSupport t;
  protected Ec2Client ec2;

  @BeforeEach
  protected void startCloud() {
    t = new CloudTestSupport(dir, "dev");
    ec2 = t.aws.ec2();
  }
}
