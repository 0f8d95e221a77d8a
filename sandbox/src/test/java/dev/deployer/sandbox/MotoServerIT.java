package dev.deployer.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.sandbox.testing.AwsEmulator;
import org.junit.jupiter.api.Test;

class MotoServerIT {
  @Test
  void sharedEmulator_startsAndResets() {
    AwsEmulator aws = AwsEmulator.shared();
    assertThat(MotoServer.isUp(aws.endpoint())).isTrue();
    aws.reset();
    assertThat(MotoServer.isUp(aws.endpoint())).isTrue();
  }
}
