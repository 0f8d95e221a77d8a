package dev.deployer.workspace.testing;

import dev.deployer.core.model.Resource;
import dev.deployer.workspace.policy.ClusterPolicies;
import dev.deployer.workspace.policy.ClusterPolicyHandler;
import dev.deployer.workspace.policy.ClusterPolicySpec;
import java.nio.file.Path;
import java.util.Map;
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

  /** The default cluster policy of team {@code data}, declared on the stand-in workspace. */
  protected static Resource<ClusterPolicySpec> dataTeamPolicy(WorkspaceTestSupport.Base base) {
    var dep = base.workspace().out("deployment_name");
    var ws = base.workspace().out("workspace_id");
    return base.builder()
        .add(
            "workspace.cluster_policy",
            ClusterPolicyHandler.TYPE,
            r ->
                new ClusterPolicySpec(
                    r.get(dep),
                    r.get(ws),
                    ClusterPolicies.name("data"),
                    ClusterPolicies.definition("data", Map.of()),
                    "it"));
  }

  /** What a test class adds to the account or workspace before each test. */
  protected void prepare() {}
}
