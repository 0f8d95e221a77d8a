package dev.deployer.cli;

import dev.deployer.sandbox.ProjectPaths;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Prints a completion script from picocli's generator. Its {@code --env} candidates are not fixed
 * when the script is made: the script lists the config directory's environments each time it
 * completes (the {@code --config-dir} on the line being completed, else the directory given here).
 */
@Command(
    name = "completion",
    description = {
      "Print a shell completion script for bash or zsh.",
      "bash: source <(deployer completion bash)   zsh: source <(deployer completion zsh)"
    })
final class CompletionCommand implements Callable<Integer> {
  enum Shell {
    bash,
    zsh
  }

  @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
  Shell shell;

  @Option(
      names = "--config-dir",
      paramLabel = "DIR",
      description =
          "Where the --env names come from when the line being completed names no --config-dir"
              + " (default: environments/config of this installation).")
  Path configDir;

  @Spec CommandSpec spec;

  /** What the generator sees as {@code --env}'s candidates; the script replaces it by a lookup. */
  static final String ENV_PLACEHOLDER = "__deployer_envs__";

  /** picocli asks this for {@code --env}'s values while generating. */
  static final class EnvCandidates implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return java.util.List.of(ENV_PLACEHOLDER).iterator();
    }
  }

  @Override
  public Integer call() {
    Path dir =
        configDir != null
            ? configDir.toAbsolutePath().normalize()
            : ProjectPaths.root().resolve("environments/config");
    spec.commandLine().getOut().print(script(Main.commandLine(), dir));
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }

  /**
   * picocli's script (which also runs in zsh through bashcompinit, as its header sets up) with the
   * {@code --env} candidates looked up when completing.
   */
  static String script(CommandLine root, Path defaultConfigDir) {
    String generated = AutoComplete.bash("deployer", root);
    String quoted = "'" + defaultConfigDir.toString().replace("'", "'\\''") + "'";
    String lookup =
        "\n# The stacks are the config directory's <name>.json files (schemas excluded), read when\n"
            + "# completing, from the --config-dir on the line or else the default below.\n"
            + "function _deployer_envs() {\n"
            + "  local dir="
            + quoted
            + " i\n"
            + "  for ((i = 1; i < ${#COMP_WORDS[@]}; i++)); do\n"
            + "    if [[ \"${COMP_WORDS[i]}\" == --config-dir ]]; then dir=\"${COMP_WORDS[i+1]}\";"
            + " fi\n"
            + "    if [[ \"${COMP_WORDS[i]}\" == --config-dir=* ]]; then"
            + " dir=\"${COMP_WORDS[i]#--config-dir=}\"; fi\n"
            + "  done\n"
            + "  local f\n"
            + "  for f in \"$dir\"/*.json; do\n"
            + "    [[ -f \"$f\" && \"$f\" != *.schema.json ]] || continue\n"
            + "    f=\"${f##*/}\"; echo \"${f%.json}\"\n"
            + "  done\n"
            + "}\n";
    // The generator writes the candidates as a quoted word list: replace it by the lookup.
    String withLookup = generated.replace("\"" + ENV_PLACEHOLDER + "\"", "$(_deployer_envs)");
    withLookup = withLookup.replace("'" + ENV_PLACEHOLDER + "'", "$(_deployer_envs)");
    withLookup = withLookup.replace(ENV_PLACEHOLDER, "$(_deployer_envs)");
    int at = withLookup.lastIndexOf("\ncomplete -F ");
    if (at < 0) {
      throw new IllegalStateException("picocli's script has no complete line");
    }
    at = withLookup.lastIndexOf("\n\n", at);
    return withLookup.substring(0, at) + "\n" + lookup + withLookup.substring(at);
  }
}
