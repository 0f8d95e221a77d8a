package dev.deployer.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.common.CommonConfig;
import dev.deployer.core.json.Json;
import dev.deployer.environments.ConfigLoader;
import dev.deployer.environments.EnvironmentConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The example configs load through the same checks as real ones, and set every schema field. */
class ExampleConfigsTest {
  private static final Path EXAMPLES = Path.of("configs");

  @Test
  void environmentExample_isValid() {
    EnvironmentConfig c = ConfigLoader.loadEnvironment(EXAMPLES, "environment");
    assertThat(c.network().availabilityZones()).hasSize(3);
    assertThat(c.identities()).hasSize(4);
    assertThat(c.groups()).hasSize(1);
  }

  @Test
  void commonExample_isValid() {
    CommonConfig c = ConfigLoader.loadCommon(EXAMPLES);
    assertThat(c.metastore().owner()).isEqualTo("data-platform-admins");
  }

  @Test
  void examplesSetEveryFieldTheSchemasDefine() throws IOException {
    Set<String> expected = schemaFields("environment.schema.json");
    // Left out on purpose (examples/configs/README.md says why): an emulator endpoint, and the
    // alternative to reading the metastore id from the common stack, and the names an estate
    // adopted from Terraform keeps; and the shared cluster's fixed worker count, which autoscale
    // (set in the example) excludes.
    expected.removeAll(
        Set.of("aws.endpoint", "metastore.id", "adopted", "shared_cluster.num_workers"));
    assertThat(fields("environment.json")).containsAll(expected);
    Set<String> common = schemaFields("common.schema.json");
    common.removeAll(
        Set.of(
            "aws.endpoint",
            "databricks.workspace_host_template",
            "databricks.account_host",
            "adopted"));
    assertThat(fields("common.json")).containsAll(common);
  }

  private static Set<String> fields(String example) throws IOException {
    Set<String> out = new TreeSet<>();
    walk(Json.mapper().readTree(EXAMPLES.resolve(example).toFile()), "", out, false);
    return out;
  }

  private static Set<String> schemaFields(String schema) throws IOException {
    Set<String> out = new TreeSet<>();
    walk(
        Json.mapper().readTree(Path.of("..", "environments", "config", schema).toFile()),
        "",
        out,
        true);
    return out;
  }

  /**
   * Dotted paths of object fields (array items as {@code []}); for schemas, of their properties.
   */
  private static void walk(
      com.fasterxml.jackson.databind.JsonNode n, String prefix, Set<String> out, boolean schema) {
    if (schema) {
      var props = n.get("properties");
      String arrayPrefix =
          (prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix) + "[].";
      if (props == null) {
        if (n.has("items")) {
          walk(n.get("items"), arrayPrefix, out, true);
        }
        return;
      }
      for (Iterator<String> it = props.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!k.equals("$schema")) {
          out.add(prefix + k);
          walk(props.get(k), prefix + k + ".", out, true);
        }
      }
      if (n.has("items")) {
        walk(n.get("items"), arrayPrefix, out, true);
      }
      return;
    }
    if (n.isObject()
        && !prefix.startsWith("tags.")
        && !prefix.contains("overrides.")
        && !prefix.startsWith("workspace_conf.")
        && !prefix.contains("custom_tags.")) {
      for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!k.equals("$schema")) {
          out.add(prefix + k);
          walk(n.get(k), prefix + k + ".", out, false);
        }
      }
    } else if (n.isArray()) {
      String p = prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
      for (var x : n) {
        walk(x, p + "[].", out, false);
      }
    }
  }
}
