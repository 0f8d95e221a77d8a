package dev.deployer.workspace.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.core.json.Json;
import dev.deployer.core.model.ResourceDecl;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.workspace.WorkspaceFilesModule;
import dev.deployer.workspace.testing.FixedOutputsHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A notebook's source is recorded relative to the config directory (issue 12 finding 10): the same
 * checkout in two places gives the same state, so moving it plans no re-upload, and the handler
 * still reads the file of this run.
 */
class NotebookSourceInStateTest {
  @TempDir Path root;

  private static JsonNode notebookInputs(Path configDir) throws Exception {
    Files.createDirectories(configDir.resolve("notebooks"));
    Files.writeString(configDir.resolve("notebooks/hello.py"), "print('hello')\n");
    StackBuilder b = new StackBuilder("dev", Map.of());
    var assignment =
        b.add(
            "account.metastore_assignment",
            new FixedOutputsHandler("test_assignment", Map.of()).type(),
            r -> new FixedOutputsHandler.Spec("1"));
    WorkspaceFilesModule.declare(
        b,
        "workspace_files",
        new WorkspaceFilesModule.Inputs(
            assignment.id(),
            assignment.id(),
            assignment,
            List.of(),
            List.of(
                new WorkspaceFilesModule.Notebook(
                    "/Shared/acme/hello", "notebooks/hello.py", "python", null)),
            configDir));
    StackDefinition def = b.build();
    @SuppressWarnings("unchecked")
    ResourceDecl<NotebookSpec> decl =
        (ResourceDecl<NotebookSpec>)
            def.resources().get("workspace_files.notebook[\"/Shared/acme/hello\"]");
    NotebookSpec spec = def.evaluate(decl, ref -> "x", null);
    assertThat(spec.sourceFile()).isEqualTo(configDir.resolve("notebooks/hello.py"));
    return Json.tree(spec);
  }

  @Test
  void theSourceIsStoredRelative_soAMovedCheckoutHasTheSameInputs() throws Exception {
    JsonNode here = notebookInputs(root.resolve("checkout-a/environments/config"));
    JsonNode moved = notebookInputs(root.resolve("elsewhere/b/config"));

    assertThat(here.get("source").asText()).isEqualTo("notebooks/hello.py");
    assertThat(here.has("source_dir")).isFalse();
    assertThat(here.has("sourceDir")).isFalse();
    assertThat(moved).isEqualTo(here);
  }

  @Test
  void aSpecReadFromState_hasNoDirectory_andResolvesOnlyWhatItRecorded() {
    NotebookSpec stored =
        Json.convert(
            Json.tree(
                new NotebookSpec(
                    "d",
                    "1",
                    "/Shared/x",
                    "PYTHON",
                    "SOURCE",
                    "notebooks/x.py",
                    "abc",
                    Path.of("/somewhere"))),
            NotebookSpec.class);

    assertThat(stored.sourceDir()).isNull();
    assertThat(stored.sourceFile()).isEqualTo(Path.of("notebooks/x.py"));
  }
}
