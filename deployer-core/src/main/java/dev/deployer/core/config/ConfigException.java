package dev.deployer.core.config;

import dev.deployer.core.DeployerException;
import java.util.List;

/** Invalid user input: every problem names the file and the field. Raised before any API call. */
public final class ConfigException extends DeployerException {
  private final List<ConfigProblem> problems;

  public ConfigException(List<ConfigProblem> problems) {
    super(render(problems));
    this.problems = List.copyOf(problems);
  }

  public ConfigException(String file, String field, String message) {
    this(List.of(new ConfigProblem(file, field, message)));
  }

  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String render(List<ConfigProblem> problems) {
    StringBuilder sb = new StringBuilder("Invalid configuration:");
    for (ConfigProblem p : problems) {
      sb.append("\n  ").append(p);
    }
    sb.append("\nFix the values above and run the command again; nothing was changed.");
    return sb.toString();
  }

  /** One problem: the file, the JSON path of the field, and what is wrong with it. */
  public record ConfigProblem(String file, String field, String message) {
    @Override
    public String toString() {
      return file
          + ": "
          + (field == null || field.isEmpty() ? "(document)" : field)
          + ": "
          + message;
    }
  }
}
