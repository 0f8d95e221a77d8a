package dev.deployer.environments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.deployer.core.config.ConfigException;
import dev.deployer.core.config.ConfigException.ConfigProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Notebook files confined to the config directory and checked for size and type, and credentials in
 * Git folder URLs refused, all at validation (issue 12 findings 10 and 11).
 */
class FilesAndSecretsValidationTest {
  @TempDir Path root;
  Path dir;

  private static final String NOTEBOOK = "\"file\": \"notebooks/smoke_test.py\"";
  private static final String REPO =
      "\"url\": \"https://github.com/databricks/notebook-best-practices\"";

  private ConfigException problemsWith(String from, String to) throws IOException {
    dir = root.resolve("config");
    Files.createDirectories(dir.resolve("notebooks"));
    String shipped = Files.readString(Path.of("config", "dev.json"));
    assertThat(shipped).contains(from);
    Files.writeString(dir.resolve("dev.json"), shipped.replace(from, to));
    try (var files = Files.list(Path.of("config", "notebooks"))) {
      for (Path f : files.toList()) {
        Files.copy(
            f,
            dir.resolve("notebooks").resolve(f.getFileName()),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Throwable t = catchThrowable(() -> ConfigLoader.loadEnvironment(dir, "dev"));
    return t instanceof ConfigException c ? c : null;
  }

  /** Loads dev.json as it is in the directory now; the refusal must name only {@code field}. */
  private ConfigProblem onlyOnLoad(String field) {
    return only(
        (ConfigException) catchThrowable(() -> ConfigLoader.loadEnvironment(dir, "dev")), field);
  }

  private static ConfigProblem only(ConfigException e, String field) {
    assertThat(e).as("the config must be refused").isNotNull();
    assertThat(e.problems()).extracting(ConfigProblem::field).containsExactly(field);
    assertThat(e.problems().get(0).file()).endsWith("dev.json");
    return e.problems().get(0);
  }

  @Test
  void aNotebookPathLeadingOutOfTheConfigDirectory_isRefused() throws IOException {
    Files.writeString(root.resolve("outside.py"), "print('not yours')\n");
    ConfigProblem p =
        only(problemsWith(NOTEBOOK, "\"file\": \"../outside.py\""), "$.notebooks[0].file");
    assertThat(p.message()).contains("outside the config directory");
  }

  @Test
  void aNotebookPathThatClimbsBackIn_isAccepted() throws IOException {
    assertThat(problemsWith(NOTEBOOK, "\"file\": \"notebooks/../notebooks/smoke_test.py\""))
        .isNull();
  }

  @Test
  void anAbsoluteNotebookPath_isRefused() throws IOException {
    ConfigProblem p =
        only(problemsWith(NOTEBOOK, "\"file\": \"/etc/hostname\""), "$.notebooks[0].file");
    assertThat(p.message()).contains("is an absolute path");
  }

  @Test
  void aSymlinkOutOfTheConfigDirectory_isRefused() throws IOException {
    Path secret = root.resolve("bashrc.py");
    Files.writeString(secret, "export TOKEN=x\n");
    problemsWith(NOTEBOOK, "\"file\": \"notebooks/link.py\"");
    Files.createSymbolicLink(dir.resolve("notebooks/link.py"), secret);
    ConfigProblem p = onlyOnLoad("$.notebooks[0].file");
    assertThat(p.message()).contains("symbolic link").contains("outside the config directory");
  }

  @Test
  void aNotebookLargerThanTheImportLimit_isRefused() throws IOException {
    problemsWith(NOTEBOOK, "\"file\": \"notebooks/big.py\"");
    byte[] big = new byte[(int) NotebookFiles.MAX_BYTES + 1];
    java.util.Arrays.fill(big, (byte) 'x');
    Files.write(dir.resolve("notebooks/big.py"), big);
    ConfigProblem p = onlyOnLoad("$.notebooks[0].file");
    assertThat(p.message()).contains("7500001 bytes").contains("10 MB of base64");
    // Exactly at the limit is fine: its base64 is 10,000,000 characters.
    Files.write(dir.resolve("notebooks/big.py"), java.util.Arrays.copyOf(big, big.length - 1));
    assertThat(catchThrowable(() -> ConfigLoader.loadEnvironment(dir, "dev"))).isNull();
  }

  @Test
  void aNotebookWhoseFileIsNotOfItsLanguage_isRefused() throws IOException {
    ConfigProblem p =
        only(
            problemsWith(NOTEBOOK, "\"file\": \"notebooks/table_inventory.sql\""),
            "$.notebooks[0].file");
    assertThat(p.message()).contains("does not look like PYTHON source (expected a .py file)");
  }

  @Test
  void aBinaryFileNamedLikeSource_isRefused() throws IOException {
    problemsWith(NOTEBOOK, "\"file\": \"notebooks/blob.py\"");
    Files.write(dir.resolve("notebooks/blob.py"), new byte[] {0x7f, 'E', 'L', 'F', 0, 0, 1});
    ConfigProblem p = onlyOnLoad("$.notebooks[0].file");
    assertThat(p.message()).contains("is not UTF-8 text");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://x-access-token:ghs_16C7e42F292c6912E7710c838347Ae178B4a@github.com/acme/repo",
        "https://ghp_16C7e42F292c6912E7710c838347Ae178B4a@github.com/acme/repo",
        "https://oauth2:glpat-16C7e42F292c6912E7710c@gitlab.com/acme/repo.git",
        "https://ci-bot:p%40ss@bitbucket.org/acme/repo.git"
      })
  void aCredentialInARepoUrl_isRefusedWithoutRepeatingIt(String url) throws IOException {
    ConfigProblem p = only(problemsWith(REPO, "\"url\": \"" + url + "\""), "$.repos[0].url");
    assertThat(p.message()).contains("before '@'").contains("Git credential");
    String secret = url.substring("https://".length(), url.indexOf('@'));
    assertThat(p.toString()).doesNotContain(secret);
    for (String part : secret.split(":")) {
      assertThat(p.toString()).doesNotContain(part);
    }
  }

  @Test
  void anAzureDevOpsCloneUrl_namingTheOrganisation_isAccepted() throws IOException {
    assertThat(
            problemsWith(
                REPO, "\"url\": \"https://acme@dev.azure.com/acme/platform/_git/notebooks\""))
        .isNull();
  }
}
