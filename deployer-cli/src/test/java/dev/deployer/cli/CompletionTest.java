package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated script in a real bash: registered for deployer, --env from the config dir. */
class CompletionTest {
  @TempDir Path work;
  Path script;
  Path config;

  @BeforeEach
  void generate() throws IOException {
    config = Files.createDirectories(work.resolve("config"));
    for (String f : List.of("common.json", "dev.json", "qa.json", "environment.schema.json")) {
      Files.writeString(config.resolve(f), "{}");
    }
    Files.createDirectories(config.resolve("notebooks"));
    java.io.StringWriter out = new java.io.StringWriter();
    picocli.CommandLine cl = Main.commandLine();
    cl.setOut(new java.io.PrintWriter(out));
    int rc = cl.execute("completion", "bash", "--config-dir", config.toString());
    assertThat(rc).isZero();
    script = work.resolve("deployer_completion");
    Files.writeString(script, out.toString());
  }

  /** Sources the script in bash, runs {@code body}, returns what it printed. */
  private String bash(String body) throws Exception {
    Process p =
        new ProcessBuilder(
                "bash", "--norc", "--noprofile", "-c", "source '" + script + "'\n" + body)
            .redirectErrorStream(false)
            .start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private List<String> complete(String... words) throws Exception {
    StringBuilder arr = new StringBuilder();
    for (String w : words) {
      arr.append(" '").append(w).append("'");
    }
    String out =
        bash(
            "COMP_WORDS=("
                + arr
                + ")\nCOMP_CWORD="
                + (words.length - 1)
                + "\n_complete_deployer 2>/dev/null\nprintf '%s\\n' \"${COMPREPLY[@]}\"");
    return Arrays.stream(out.split("\n")).filter(s -> !s.isEmpty()).toList();
  }

  @Test
  void sourcingTheScript_registersTheCompletionFunctionForDeployer() throws Exception {
    assertThat(bash("complete -p deployer")).contains("-F _complete_deployer").contains("deployer");
  }

  @Test
  void completingEnv_listsTheConfigDirectorysStacks_withoutSchemas() throws Exception {
    assertThat(complete("deployer", "plan", "--env", "")).containsExactly("common", "dev", "qa");
    assertThat(complete("deployer", "apply", "-e", "d")).containsExactly("dev");
  }

  @Test
  void completingEnv_readsTheDirectoryWhenCompleting_soANewConfigIsOfferedWithoutRegenerating()
      throws Exception {
    Files.writeString(config.resolve("prod.json"), "{}");
    assertThat(complete("deployer", "destroy", "--env", "p")).containsExactly("prod");
  }

  @Test
  void completingEnv_followsTheConfigDirOnTheLine() throws Exception {
    Path other = Files.createDirectories(work.resolve("other"));
    Files.writeString(other.resolve("sandbox1.json"), "{}");
    assertThat(complete("deployer", "plan", "--config-dir", other.toString(), "--env", ""))
        .containsExactly("sandbox1");
  }

  @Test
  void completingACommand_offersTheSubcommands() throws Exception {
    assertThat(complete("deployer", "")).contains("apply", "destroy", "completion");
    assertThat(complete("deployer", "compl")).containsExactly("completion");
  }

  @Test
  void theZshScript_isPicoclisScript_whichLoadsBashcompinitInZsh() {
    java.io.StringWriter out = new java.io.StringWriter();
    picocli.CommandLine cl = Main.commandLine();
    cl.setOut(new java.io.PrintWriter(out));
    assertThat(cl.execute("completion", "zsh", "--config-dir", config.toString())).isZero();
    assertThat(out.toString()).contains("bashcompinit").contains("_deployer_envs");
  }
}
