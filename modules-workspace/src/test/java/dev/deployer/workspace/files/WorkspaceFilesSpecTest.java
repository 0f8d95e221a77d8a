package dev.deployer.workspace.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WorkspaceFilesSpecTest {
  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void hash_ignoresTheExportHeaderLineEndingsAndTrailingBlankLines() {
    String local = NotebookContent.sha256(b("print('hi')\nx = 1\n"));
    assertThat(NotebookContent.sha256(b("# Databricks notebook source\nprint('hi')\nx = 1")))
        .isEqualTo(local);
    assertThat(NotebookContent.sha256(b("print('hi')\r\nx = 1\r\n\r\n"))).isEqualTo(local);
    assertThat(NotebookContent.sha256(b("-- Databricks notebook source\nselect 1")))
        .isEqualTo(NotebookContent.sha256(b("select 1\n")));
    assertThat(local).hasSize(64).matches("[0-9a-f]+");
  }

  @Test
  void hash_changesWithTheContent() {
    assertThat(NotebookContent.sha256(b("print('hi')")))
        .isNotEqualTo(NotebookContent.sha256(b("print('hello')")));
  }

  @Test
  void notebookSpec_rejectsUnknownLanguageAndRelativePaths() {
    assertThatThrownBy(() -> new NotebookSpec("d", "1", "/Shared/x", "COBOL", null, "f", "h", null))
        .hasMessageContaining("COBOL");
    assertThatThrownBy(() -> new NotebookSpec("d", "1", "Shared/x", "PYTHON", null, "f", "h", null))
        .hasMessageContaining("path");
    assertThat(new NotebookSpec("d", "1", "/Shared/x", "PYTHON", null, "f", "h", null).format())
        .isEqualTo("SOURCE");
  }

  @Test
  void repoSpec_takesABranchOrATagNotBoth() {
    assertThatThrownBy(
            () ->
                new RepoSpec(
                    "d", "1", "https://github.com/a/b.git", "gitHub", "/Repos/a/b", "main", "v1"))
        .hasMessageContaining("not both");
    assertThatThrownBy(
            () -> new RepoSpec("d", "1", "not a url", "gitHub", "/Repos/a/b", "main", null))
        .hasMessageContaining("url");
  }

  @Test
  void handlers_declareWhatForcesReplacement() {
    assertThat(RepoHandler.TYPE.replaceOnChange())
        .contains("url", "provider", "path", "workspace_id")
        .doesNotContain("branch", "tag");
    assertThat(NotebookHandler.TYPE.replaceOnChange())
        .contains("path")
        .doesNotContain("content_sha256", "language");
  }
}
