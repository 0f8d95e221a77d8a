package dev.deployer.workspace.conf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkspaceConfResetTest {
  @Test
  void reset_flipsAFlag_andClearsAValueThatIsNoFlag() {
    assertThat(WorkspaceConfHandler.reset("true")).isEqualTo("false");
    assertThat(WorkspaceConfHandler.reset("false")).isEqualTo("true");
    assertThat(WorkspaceConfHandler.reset("90")).isEmpty();
  }
}
