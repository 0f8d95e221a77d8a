package dev.deployer.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.account.DatabricksClients;
import dev.deployer.account.DatabricksSettings;
import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsSettings;
import dev.deployer.core.graph.Graph;
import dev.deployer.core.model.Resource;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.workspace.testing.FixedOutputsHandler;
import dev.deployer.workspace.testing.WorkspaceTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceModuleGraphTest {
  static final String ASSIGNMENT = "account.metastore_assignment";
  @TempDir Path dir;

  StackDefinition stack() throws Exception {
    Files.writeString(dir.resolve("hello.py"), "print('hello')\n");
    StackBuilder b = new StackBuilder("dev", Map.of());
    Resource<FixedOutputsHandler.Spec> workspace =
        b.add(
            "account.workspace",
            new FixedOutputsHandler(
                    "test_workspace", Map.of("deployment_name", "d", "workspace_id", "1"))
                .type(),
            r -> new FixedOutputsHandler.Spec("1"));
    Resource<FixedOutputsHandler.Spec> aws =
        b.add(
            "cloud.account",
            new FixedOutputsHandler("test_aws", Map.of("account_id", "123456789012")).type(),
            r -> new FixedOutputsHandler.Spec("a"));
    Resource<FixedOutputsHandler.Spec> assignment =
        b.add(
            ASSIGNMENT,
            new FixedOutputsHandler("test_assignment", Map.of()).type(),
            r -> new FixedOutputsHandler.Spec(r.get(workspace.out("workspace_id"))));
    try (AwsClients awsClients =
        new AwsClients(AwsSettings.emulator("us-east-1", "http://127.0.0.1:1"))) {
      DatabricksClients db =
          new DatabricksClients(
              new DatabricksSettings(
                  "http://127.0.0.1:1",
                  "acct",
                  "http://{deployment}.localhost:1",
                  Optional.empty(),
                  true));
      WorkspaceTestSupport.declareWorkspaceModule(
          b,
          aws.out("account_id"),
          workspace.out("deployment_name"),
          workspace.out("workspace_id"),
          assignment,
          "acme_dev",
          "admins");
      WorkspaceFilesModule.declare(
          b,
          "workspace_files",
          new WorkspaceFilesModule.Inputs(
              workspace.out("deployment_name"),
              workspace.out("workspace_id"),
              assignment,
              List.of(
                  new WorkspaceFilesModule.Repo(
                      "https://github.com/acme/etl.git",
                      "gitHub",
                      "/Repos/acme/etl",
                      "main",
                      null)),
              List.of(
                  new WorkspaceFilesModule.Notebook(
                      "/Shared/acme/hello", "hello.py", "python", null)),
              dir));
      return b.build();
    }
  }

  @Test
  void everyDatabricksWorkspaceResource_startsAfterTheMetastoreAssignment() throws Exception {
    StackDefinition def = stack();
    Graph g = def.graph();
    List<String> databricks =
        def.resources().values().stream()
            .filter(d -> d.type().name().startsWith("databricks_"))
            .map(d -> d.address())
            .toList();
    assertThat(databricks)
        .contains(
            "workspace.catalog",
            "workspace.storage_credential",
            "workspace.cluster_policy",
            "workspace.workspace_conf",
            "workspace_files.repo[\"/Repos/acme/etl\"]",
            "workspace_files.notebook[\"/Shared/acme/hello\"]");
    for (String address : databricks) {
      assertThat(reachable(g, address)).as(address).contains(ASSIGNMENT);
    }
    // The catalog comes after its location, which comes after its credential.
    assertThat(reachable(g, "workspace.catalog"))
        .contains("workspace.external_location", "workspace.storage_credential");
    assertThat(g.topologicalOrder().indexOf(ASSIGNMENT))
        .isLessThan(g.topologicalOrder().indexOf("workspace.catalog"));
  }

  private static java.util.Set<String> reachable(Graph g, String from) {
    java.util.Set<String> seen = new java.util.LinkedHashSet<>();
    java.util.Deque<String> todo = new java.util.ArrayDeque<>(g.dependenciesOf(from));
    while (!todo.isEmpty()) {
      String n = todo.pop();
      if (seen.add(n)) {
        todo.addAll(g.dependenciesOf(n));
      }
    }
    return seen;
  }
}
