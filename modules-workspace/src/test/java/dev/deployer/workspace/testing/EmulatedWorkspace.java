package dev.deployer.workspace.testing;

import java.nio.file.Path;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** An IT's fresh emulator with one workspace for each test, closed by JUnit after it. */
public abstract class EmulatedWorkspace {
  @AutoClose protected WorkspaceTestSupport t;

  @BeforeEach
  void emulatorWithAWorkspace(@TempDir Path dir) throws Exception {
    t = new WorkspaceTestSupport(dir.resolve("state"));
    prepare();
  }

  /** What a test class adds to the account or workspace before each test. */
  protected void prepare() {}
}
