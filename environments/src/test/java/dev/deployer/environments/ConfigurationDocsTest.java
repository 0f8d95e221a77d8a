package dev.deployer.environments;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docs/configuration.md documents exactly the fields the JSON Schemas define, so they cannot drift.
 */
class ConfigurationDocsTest {
  private static final Pattern ROW =
      Pattern.compile("^\\| `([a-z0-9_.\\[\\]]+)` \\|", Pattern.MULTILINE);

  @ParameterizedTest
  @CsvSource({
    "environment.schema.json, Environment stacks",
    "common.schema.json, The common stack"
  })
  void everySchemaFieldIsDocumented_andNothingElse(String schemaFile, String heading)
      throws IOException {
    Path schemaPath = Path.of("config", schemaFile);
    if (!Files.exists(schemaPath)) {
      return; // the common stack's schema arrives with the common stack
    }
    JsonNode schema = Json.mapper().readTree(schemaPath.toFile());
    Set<String> fields = new TreeSet<>();
    collect(schema, "", fields);
    String docs = Files.readString(Path.of("..", "docs", "configuration.md"));
    int start = docs.indexOf("## " + heading);
    assertThat(start)
        .as("docs/configuration.md has a section '## " + heading + "'")
        .isNotNegative();
    int end = docs.indexOf("\n## ", start + 3);
    String section = end < 0 ? docs.substring(start) : docs.substring(start, end);
    Set<String> documented = new TreeSet<>();
    Matcher m = ROW.matcher(section);
    while (m.find()) {
      documented.add(m.group(1));
    }
    assertThat(documented)
        .as("fields documented under '" + heading + "' vs " + schemaFile)
        .containsExactlyInAnyOrderElementsOf(fields);
  }

  private static void collect(JsonNode node, String prefix, Set<String> out) {
    JsonNode props = node.get("properties");
    if (props == null) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals("$schema")) {
        continue;
      }
      String path = prefix + e.getKey();
      out.add(path);
      JsonNode v = e.getValue();
      if (v.has("properties")) {
        collect(v, path + ".", out);
      } else if (v.has("items") && v.get("items").has("properties")) {
        collect(v.get("items"), path + "[].", out);
      }
    }
  }
}
