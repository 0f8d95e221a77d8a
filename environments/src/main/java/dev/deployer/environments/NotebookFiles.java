package dev.deployer.environments;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.core.config.ConfigException.ConfigProblem;
import dev.deployer.core.json.Json;
import dev.deployer.workspace.WorkspaceFilesModule;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks a notebook's source file before anything runs: inside the config directory (relative, no
 * {@code ..} out of it, no symlink out of it), small enough for the import API, and of the type its
 * language and format say. A config copied from elsewhere must not be able to upload {@code
 * /etc/hostname} or {@code ~/.bashrc} into a workspace.
 */
public final class NotebookFiles {
  /**
   * The Workspace API's import limit: the base64-encoded content "has a limit of 10 MB"; above it
   * the call fails with MAX_NOTEBOOK_SIZE_EXCEEDED (databricks-sdk-java, {@code
   * com.databricks.sdk.service.workspace.Import#content}). Whether MB means 10^6 or 2^20 bytes is
   * not documented, so the smaller is taken: base64 makes 4 characters of 3 bytes.
   */
  public static final long MAX_BASE64_CHARS = 10_000_000L;

  public static final long MAX_BYTES = MAX_BASE64_CHARS / 4 * 3;

  private static final Map<String, Set<String>> EXTENSIONS =
      Map.of(
          "PYTHON", Set.of("py"),
          "SQL", Set.of("sql"),
          "SCALA", Set.of("scala", "sc"),
          "R", Set.of("r"));

  private NotebookFiles() {}

  static void check(
      Path configDir,
      WorkspaceFilesModule.Notebook nb,
      String configFile,
      String field,
      List<ConfigProblem> problems) {
    String problem = problem(configDir, nb);
    if (problem != null) {
      problems.add(new ConfigProblem(configFile, field, problem));
    }
  }

  private static String problem(Path configDir, WorkspaceFilesModule.Notebook nb) {
    Path given;
    try {
      given = Path.of(nb.file());
    } catch (InvalidPathException e) {
      return "'" + nb.file() + "' is not a file path (" + e.getReason() + ")";
    }
    if (given.isAbsolute()) {
      return "'"
          + nb.file()
          + "' is an absolute path; give the file relative to the config directory "
          + configDir
          + " (notebook sources must live beside the config)";
    }
    Path base = configDir.toAbsolutePath().normalize();
    Path source = base.resolve(given).normalize();
    if (!source.startsWith(base)) {
      return "'"
          + nb.file()
          + "' is outside the config directory "
          + base
          + "; notebook sources must live in it (no '..' out of it)";
    }
    if (!Files.isRegularFile(source)) {
      return "no such file: " + source;
    }
    try {
      Path real = source.toRealPath();
      Path realBase = base.toRealPath();
      if (!real.startsWith(realBase)) {
        return "'"
            + nb.file()
            + "' is a symbolic link to "
            + real
            + ", outside the config directory "
            + realBase
            + "; copy the file into it instead";
      }
      long size = Files.size(real);
      if (size > MAX_BYTES) {
        return "'"
            + nb.file()
            + "' is "
            + size
            + " bytes; the Workspace API imports at most 10 MB of base64 content ("
            + MAX_BYTES
            + " bytes of source), so split the notebook or ship the data another way";
      }
      return typeProblem(nb, real, Files.readAllBytes(real));
    } catch (IOException e) {
      return "cannot read " + source + ": " + e.getMessage();
    }
  }

  private static String typeProblem(WorkspaceFilesModule.Notebook nb, Path file, byte[] bytes) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    String format = nb.format() == null ? "SOURCE" : nb.format().toUpperCase(Locale.ROOT);
    String language = nb.language().toUpperCase(Locale.ROOT);
    if (format.equals("JUPYTER")) {
      if (!ext.equals("ipynb")) {
        return "'" + nb.file() + "' is imported as JUPYTER but is not a .ipynb file";
      }
      try {
        JsonNode tree = Json.mapper().readTree(bytes);
        if (tree == null || !tree.path("cells").isArray()) {
          return "'" + nb.file() + "' is not a Jupyter notebook (no \"cells\" list)";
        }
      } catch (IOException e) {
        return "'" + nb.file() + "' is not a Jupyter notebook (not JSON)";
      }
      return null;
    }
    Set<String> allowed = EXTENSIONS.getOrDefault(language, Set.of());
    if (!allowed.contains(ext)) {
      return "'"
          + nb.file()
          + "' does not look like "
          + language
          + " source (expected a ."
          + String.join(" or .", allowed.stream().sorted().toList())
          + " file)";
    }
    if (!isText(bytes)) {
      return "'" + nb.file() + "' is not UTF-8 text, as SOURCE notebooks must be";
    }
    return null;
  }

  private static boolean isText(byte[] bytes) {
    for (byte b : bytes) {
      if (b == 0) {
        return false;
      }
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
