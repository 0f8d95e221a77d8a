package dev.deployer.cloud.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.cloud.testing.CloudTestSupport;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.state.ResourceState;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two stacks with the same addresses in one account (dev, then qa): the look for this stack's
 * tagged objects before each create must find only this stack's, whatever the emulator does with
 * tag filters (LocalStack's answer once gave qa dev's NAT gateway).
 */
class TwoStacksIT {
  @TempDir Path dir;

  static StackDefinition stack(String name, String cidr16) {
    StackBuilder b = new StackBuilder(name, Map.of("Owner", "it"));
    NetworkModule.declare(
        b,
        "us-east-1",
        "network",
        new NetworkInputs(
            name,
            cidr16 + ".0.0/16",
            List.of("us-east-1a", "us-east-1b"),
            List.of(cidr16 + ".0.0/24", cidr16 + ".1.0/24"),
            List.of(cidr16 + ".16.0/20", cidr16 + ".32.0/20"),
            null,
            null,
            true,
            null));
    return b.build();
  }

  @Test
  void aSecondStackWithTheSameAddresses_getsObjectsOfItsOwn() {
    CloudTestSupport dev = new CloudTestSupport(dir.resolve("dev"), "dev");
    dev.applyOk(stack("dev", "10.30"));
    CloudTestSupport qa = new CloudTestSupport(dir.resolve("qa"), "qa", false);

    qa.applyOk(stack("qa", "10.31"));

    Set<String> devIds = new HashSet<>();
    dev.store.read().orElseThrow().resources().stream().map(ResourceState::id).forEach(devIds::add);
    assertThat(qa.store.read().orElseThrow().resources())
        .extracting(ResourceState::id)
        .doesNotContainAnyElementsOf(devIds);
    assertThat(dev.plan(stack("dev", "10.30")).hasChanges()).isFalse();
    assertThat(qa.plan(stack("qa", "10.31")).hasChanges()).isFalse();
  }
}
