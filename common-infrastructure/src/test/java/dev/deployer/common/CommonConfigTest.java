package dev.deployer.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.core.config.ConfigException;
import dev.deployer.core.config.JsonConfigReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** environments/config/common.json against common.schema.json, bound to CommonConfig. */
class CommonConfigTest {
  static final Path EXAMPLE = Path.of("../environments/config/common.json");
  static final JsonConfigReader READER =
      new JsonConfigReader("/dev/deployer/environments/common.schema.json");

  @TempDir Path dir;

  /** The minimal config with {@code section} added before its tags. */
  CommonConfig readWith(String section) throws Exception {
    return READER.read(
        write(MINIMAL.replace("\"tags\"", section + ", \"tags\"")), CommonConfig.class);
  }

  Path write(String json) throws Exception {
    Path f = dir.resolve("common.json");
    Files.writeString(f, json);
    return f;
  }

  static final String MINIMAL =
      """
      {"environment": "common", "prefix": "acme-shared",
       "aws": {"region": "eu-west-1"},
       "databricks": {"account_id": "0d7e4a3c-1b2f-4c5d-8e9f-a1b2c3d4e5f6"},
       "tags": {"Owner": "o", "Resource": "r"}}
      """;

  @Test
  void theExampleConfig_passesTheSchema_andBinds() {
    CommonConfig c = READER.read(EXAMPLE, CommonConfig.class);
    assertThat(c.environment()).isEqualTo("common");
    assertThat(c.prefix()).isEqualTo("acme-shared");
    assertThat(c.databricks().accountId()).isEqualTo("0d7e4a3c-1b2f-4c5d-8e9f-a1b2c3d4e5f6");
    assertThat(c.tags()).containsKeys("Owner", "Resource");
    assertThat(c.logging().bucket()).isEqualTo("acme-shared-log-delivery");
    assertThat(c.logging().billableUsagePrefix()).isEqualTo("billable-usage-logs");
    assertThat(c.logging().auditLogsPrefix()).isEqualTo("audit-logs");
    assertThat(c.metastore().name()).isEqualTo("unity-catalog-acme-shared");
    assertThat(c.metastore().region()).isEqualTo(c.aws().region());
  }

  @Test
  void omittedSections_takeTheirDefaults() throws Exception {
    CommonConfig c = READER.read(write(MINIMAL), CommonConfig.class);
    assertThat(c.logging().bucket()).isEqualTo("acme-shared-log-delivery");
    assertThat(c.logging().billableUsagePrefix()).isEqualTo("billable-usage-logs");
    assertThat(c.logging().auditLogsPrefix()).isEqualTo("audit-logs");
    assertThat(c.logging().forceDestroyOrDefault()).isFalse();
    assertThat(c.metastore().name()).isEqualTo("unity-catalog-acme-shared");
    assertThat(c.metastore().region()).isEqualTo("eu-west-1");
    assertThat(c.metastore().owner()).isNull();
    assertThat(c.databricks().accountHostOrDefault())
        .isEqualTo("https://accounts.cloud.databricks.com");
    assertThat(c.raceDeadline()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void environment_mustBeCommon() throws Exception {
    assertThatThrownBy(
            () -> READER.read(write(MINIMAL.replace("\"common\"", "\"dev\"")), CommonConfig.class))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("$.environment");
    assertThatThrownBy(
            () ->
                new CommonConfig(
                    "dev",
                    "p",
                    new CommonConfig.Aws("us-east-1", null, null),
                    new CommonConfig.Databricks("a", null, null, null),
                    null,
                    null,
                    null,
                    null,
                    null))
        .hasMessageContaining("environment must be 'common'");
  }

  @Test
  void unknownFields_badPrefixes_andBadNames_areRejectedNamingTheField() throws Exception {
    assertThatThrownBy(() -> readWith("\"logging\": {\"bukket\": \"x\"}"))
        .hasMessageContaining("$.logging.bukket");
    assertThatThrownBy(() -> readWith("\"logging\": {\"audit_logs_prefix\": \"/audit\"}"))
        .hasMessageContaining("$.logging.audit_logs_prefix");
    assertThatThrownBy(() -> readWith("\"metastore\": {\"region\": \"Europe\"}"))
        .hasMessageContaining("$.metastore.region");
    assertThatThrownBy(() -> readWith("\"logging\": {\"billable_usage_prefix\": \"a//b\"}"))
        .hasMessageContaining("$.logging.billable_usage_prefix");
    assertThatThrownBy(
            () -> READER.read(write(MINIMAL.replace("acme-shared", "Acme")), CommonConfig.class))
        .hasMessageContaining("$.prefix");
  }
}
