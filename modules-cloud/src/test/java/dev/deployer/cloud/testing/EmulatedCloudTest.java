package dev.deployer.cloud.testing;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Route;

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

  /** The route of {@code table} to {@code cidr}, or null when it has none. */
  protected Route route(String table, String cidr) {
    return ec2
        .describeRouteTables(r -> r.routeTableIds(table))
        .routeTables()
        .get(0)
        .routes()
        .stream()
        .filter(x -> cidr.equals(x.destinationCidrBlock()))
        .findFirst()
        .orElse(null);
  }
}
