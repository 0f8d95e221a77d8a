package dev.deployer.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.deployer.core.config.ConfigException.ConfigProblem;
import dev.deployer.core.json.Json;
import dev.deployer.core.json.JsonErrors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Reads a JSON config file, checks it against a JSON Schema (networknt json-schema-validator, draft
 * 2020-12) and binds it to a record. Every problem names the file and the field's JSON path.
 */
public final class JsonConfigReader {
  private final JsonSchema schema;

  public JsonConfigReader(String schemaResource) {
    JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .pathType(com.networknt.schema.PathType.JSON_PATH)
            .build();
    try (InputStream in = JsonConfigReader.class.getResourceAsStream(schemaResource)) {
      if (in == null) {
        throw new IllegalStateException("schema resource missing: " + schemaResource);
      }
      this.schema = factory.getSchema(in, config);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses and schema-checks {@code file}; throws {@link ConfigException} on any problem. */
  public JsonNode readTree(Path file) {
    String name = file.toString();
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(name, "", "file not found");
    } catch (IOException e) {
      throw new ConfigException(name, "", "cannot read: " + e.getMessage());
    }
    JsonNode tree;
    try {
      ObjectMapper strict =
          Json.mapper()
              .copy()
              .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      tree = strict.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ConfigException(name, "", JsonErrors.reason(e));
    }
    if (tree == null || tree.isMissingNode()) {
      throw new ConfigException(name, "", "the file is empty");
    }
    Set<ValidationMessage> messages = schema.validate(tree);
    if (!messages.isEmpty()) {
      List<ConfigProblem> problems = new ArrayList<>();
      messages.stream()
          .sorted(
              Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString())
                  .thenComparing(ValidationMessage::getMessage))
          .forEach(m -> problems.add(new ConfigProblem(name, field(m), describe(m))));
      throw new ConfigException(problems);
    }
    return tree;
  }

  /** Schema-checks and binds {@code file} to {@code type}. */
  public <T> T read(Path file, Class<T> type) {
    JsonNode tree = readTree(file);
    if (tree instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
      o.remove("$schema"); // editor hint, not a setting
    }
    try {
      return Json.mapper()
          .copy()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .treeToValue(tree, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new ConfigException(file.toString(), JsonErrors.field(e), JsonErrors.reason(e));
    }
  }

  private static String field(ValidationMessage m) {
    String path = m.getInstanceLocation().toString();
    // For a missing or unknown property, name the property itself, not its parent object.
    if (("required".equals(m.getType()) || "additionalProperties".equals(m.getType()))
        && m.getProperty() != null) {
      return (path.isEmpty() ? "$" : path) + "." + m.getProperty();
    }
    return path;
  }

  private static String describe(ValidationMessage m) {
    String text = m.getMessage();
    String prefix = m.getInstanceLocation().toString() + ": ";
    if (text.startsWith(prefix)) {
      text = text.substring(prefix.length());
    }
    return switch (m.getType()) {
      case "required" -> "is required";
      case "additionalProperties" ->
          "is not a known field (check the spelling; see docs/configuration.md)";
      default -> text;
    };
  }
}
