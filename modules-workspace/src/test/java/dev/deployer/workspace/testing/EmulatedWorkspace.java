package dev.deployer.workspace.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.core.model.Resource;
import dev.deployer.workspace.WorkspaceComputeModule;
import dev.deployer.workspace.policy.ClusterPolicies;
import dev.deployer.workspace.policy.ClusterPolicyHandler;
import dev.deployer.workspace.policy.ClusterPolicySpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** An IT's fresh emulator with one workspace for each test, closed by JUnit after it. */
public abstract class EmulatedWorkspace {
  @AutoClose protected WorkspaceTestSupport t;

  /** The test's own directory: the state lives in {@code state} below it, config files beside. */
  protected Path dir;

  @BeforeEach
  void emulatorWithAWorkspace(@TempDir Path dir) throws Exception {
    this.dir = dir;
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

  /**
   * Declares module {@code workspace_compute}: the shared cluster {@code it shared} (m5d, fixed
   * {@code workers}) under {@link #dataTeamPolicy}, with these grants on the policy and on the
   * cluster.
   */
  protected static void sharedClusterUnderDataPolicy(
      WorkspaceTestSupport.Base base,
      long workers,
      boolean start,
      List<WorkspaceComputeModule.Grant> policyGrants,
      List<WorkspaceComputeModule.Grant> clusterGrants) {
    var policy = dataTeamPolicy(base);
    Map<String, JsonNode> rules = new TreeMap<>();
    ClusterPolicies.definition("data", Map.of())
        .fields()
        .forEachRemaining(e -> rules.put(e.getKey(), e.getValue()));
    WorkspaceComputeModule.declare(
        base.builder(),
        "workspace_compute",
        new WorkspaceComputeModule.Inputs(
            base.workspace().out("deployment_name"),
            base.workspace().out("workspace_id"),
            policy.out("policy_id"),
            rules,
            "it shared",
            List.of(base.assignment()),
            policyGrants,
            new WorkspaceComputeModule.SharedCluster(
                null,
                null,
                new WorkspaceComputeModule.NodeType("m5d", null, null, true),
                workers,
                null,
                null,
                null,
                start,
                clusterGrants)));
  }

  /** What a test class adds to the account or workspace before each test. */
  protected void prepare() throws Exception {}
}
