package dev.deployer.environments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.deployer.core.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {
  @TempDir Path dir;

  static String shipped(String name) throws IOException {
    Path p = Path.of("config", name);
    return Files.readString(p);
  }

  /** Writes the shipped dev.json with {@code from} replaced by {@code to}, and its notebooks. */
  private void writeDev(String from, String to) throws IOException {
    Files.writeString(dir.resolve("dev.json"), shipped("dev.json").replace(from, to));
    Files.createDirectories(dir.resolve("notebooks"));
    try (var files = Files.list(Path.of("config", "notebooks"))) {
      for (Path f : files.toList()) {
        Files.copy(
            f,
            dir.resolve("notebooks").resolve(f.getFileName()),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private ConfigException problemsWith(String from, String to) throws IOException {
    writeDev(from, to);
    return (ConfigException)
        org.assertj.core.api.Assertions.catchThrowable(
            () -> ConfigLoader.loadEnvironment(dir, "dev"));
  }

  /** An edit of the shipped dev.json ({@code from} becomes {@code to}) and what it must say. */
  private static Arguments refused(String from, String to, String... mustSay) {
    return arguments(from, to, List.of(mustSay));
  }

  /** Each problem of a refusal as its field and message on one line; the refusal must exist. */
  private static List<String> fieldsAndMessages(ConfigException e) {
    assertThat(e).as("the config must be refused").isNotNull();
    return e.problems().stream().map(p -> p.field() + " " + p.message()).toList();
  }

  /** One-place edits of the shipped dev.json that the loader refuses. */
  static Stream<Arguments> refusedEdits() {
    String prefix = "\"prefix\": \"acme-dev\",";
    String bucket = "acme-dev-workspace-root";
    return Stream.of(
        refused("\"force_destroy\"", "\"force_destory\"", "$.storage.force_destory", "not a known"),
        refused("\"root_bucket\": \"" + bucket + "\",", "", "$.storage.root_bucket"),
        refused(prefix, "\"prefix\": \"acme-dev\"", "malformed JSON at line"),
        refused(prefix, prefix + " \"prefix\": \"x-y\",", "Duplicate field 'prefix'"),
        refused(bucket, "acme..root", "$.storage.root_bucket"),
        refused(bucket, "192.168.1.1", "$.storage.root_bucket", "IP address"),
        refused(bucket, "Upper-Case", "$.storage.root_bucket"),
        refused("\"Owner\":", "\"deployer:x\": \"y\", \"Owner\":", "$.tags"),
        refused(
            "\"admin_principal\": \"data-platform-admins\"",
            "\"admin_principal\": \"admins\"",
            "$.catalog.admin_principal",
            "workspace-local"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("refusedEdits")
  void aBadEdit_isRefusedSayingWhatAndWhere(String from, String to, List<String> mustSay)
      throws IOException {
    ConfigException e = problemsWith(from, to);
    assertThat(e).as("%s -> %s must be refused", from, to).isNotNull();
    assertThat(e.getMessage()).contains(mustSay);
  }

  @Test
  void shippedDevConfig_isValid() {
    EnvironmentConfig c = ConfigLoader.loadEnvironment(Path.of("config"), "dev");
    assertThat(c.environment()).isEqualTo("dev");
    assertThat(c.tags()).containsKeys("Owner", "Resource");
    assertThat(c.databricks().accountHostOrDefault())
        .isEqualTo("https://accounts.cloud.databricks.com");
  }

  /**
   * dev.json with its first identity (admin@example.com, a user, ADMIN) followed by {@code twin}.
   */
  private List<ConfigException.ConfigProblem> withIdentityAfterTheAdmin(String twin)
      throws IOException {
    ConfigException e =
        problemsWith(
            "\"principal\": \"admin@example.com\",",
            "\"principal\": \"admin@example.com\", \"kind\": \"user\", \"permission\": \"ADMIN\" }, "
                + twin
                + ", { \"principal\": \"spare@example.com\",");
    assertThat(e).as("dev.json with %s must be refused", twin).isNotNull();
    return e.problems();
  }

  @Test
  void twoUserEntriesDifferingOnlyInCase_areOneUser_refusedNamingFileAndField() throws IOException {
    assertThat(
            withIdentityAfterTheAdmin(
                "{ \"principal\": \"ADMIN@Example.com\", \"kind\": \"user\", \"permission\": \"USER\" }"))
        .anySatisfy(
            p -> {
              assertThat(p.file()).endsWith("dev.json");
              assertThat(p.field()).isEqualTo("$.identities[1].principal");
              assertThat(p.message())
                  .contains("'ADMIN@Example.com' is the same user as $.identities[0]")
                  .contains("'admin@example.com'")
                  .contains("without case")
                  .contains("USER")
                  .contains("ADMIN");
            });
  }

  @Test
  void servicePrincipalIdsDifferingOnlyInCase_areOnePrincipal_refused() throws IOException {
    assertThat(
            withIdentityAfterTheAdmin(
                "{ \"principal\": \"6F1E2D3C-4B5A-4968-8776-655443322110\", \"kind\":"
                    + " \"service_principal\", \"permission\": \"USER\" }, { \"principal\":"
                    + " \"6f1e2d3c-4b5a-4968-8776-655443322110\", \"kind\": \"service_principal\","
                    + " \"permission\": \"ADMIN\" }"))
        .extracting(p -> p.field())
        .containsExactly("$.identities[2].principal");
  }

  @Test
  void groupsDifferingOnlyInCase_areTwoGroups_butAnExactRepeatIsRefused() throws IOException {
    // Databricks keeps group names case-sensitive: "Admins" and "admins" are two groups.
    writeDev(
        "\"principal\": \"admin@example.com\",",
        "\"principal\": \"admin@example.com\", \"kind\": \"user\", \"permission\":"
            + " \"ADMIN\" }, { \"principal\": \"Data-Engineers\", \"kind\": \"group\","
            + " \"permission\": \"USER\" }, { \"principal\": \"spare@example.com\",");
    assertThat(ConfigLoader.loadEnvironment(dir, "dev").identities())
        .extracting(EnvironmentConfig.Identity::principal)
        .contains("Data-Engineers", "data-engineers");

    assertThat(
            withIdentityAfterTheAdmin(
                "{ \"principal\": \"data-engineers\", \"kind\": \"group\", \"permission\": \"USER\" }"))
        .anySatisfy(
            p -> {
              assertThat(p.message()).contains("'data-engineers' is the same group");
              assertThat(p.message()).doesNotContain("without case");
            });
  }

  @Test
  void environmentMustMatchFileName() throws IOException {
    assertThat(problemsWith("\"environment\": \"dev\"", "\"environment\": \"qa\"").problems())
        .extracting(ConfigException.ConfigProblem::field)
        .containsExactly("$.environment");
  }

  @Test
  void missingNotebookFile_isNamedWithItsField() throws IOException {
    assertThat(problemsWith("notebooks/smoke_test.py", "notebooks/nope.py").problems())
        .extracting(ConfigException.ConfigProblem::field)
        .containsExactly("$.notebooks[0].file");
  }

  @Test
  void missingFile_listsAvailableEnvironments() {
    assertThatThrownBy(() -> ConfigLoader.loadEnvironment(Path.of("config"), "uat"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("uat.json")
        .hasMessageContaining("dev");
  }

  @Test
  void shippedProdConfig_turnsTheHardeningOn() {
    EnvironmentConfig c = ConfigLoader.loadEnvironment(Path.of("config"), "prod");
    assertThat(c.security().ipAccessLists().enforceOrDefault()).isTrue();
    assertThat(c.security().ipAccessLists().lists()).isNotEmpty();
    assertThat(c.security().maxTokenLifetimeDays()).isNotNull();
    assertThat(c.security().complianceSecurityProfile()).isNotNull();
    assertThat(c.security().enhancedSecurityMonitoring()).isTrue();
    assertThat(ConfigLoader.loadEnvironment(Path.of("config"), "dev").security().ipAccessLists())
        .isNull();
  }

  @Test
  void securitySection_badAddressRepeatedLabelAndMonitoringOffUnderTheProfile_areRefused()
      throws IOException {
    ConfigException e =
        problemsWith(
            "\"team\": \"data-platform\",",
            "\"team\": \"data-platform\", \"security\": {\"ip_access_lists\": {\"lists\": ["
                + "{\"label\": \"a\", \"list_type\": \"ALLOW\", \"ip_addresses\":"
                + " [\"10.0.0.1/24\"]},"
                + "{\"label\": \"a\", \"list_type\": \"BLOCK\", \"ip_addresses\": [\"10.9.9.9\"]}]},"
                + " \"compliance_security_profile\": {\"compliance_standards\": []},"
                + " \"enhanced_security_monitoring\": false},");
    assertThat(fieldsAndMessages(e))
        .anyMatch(
            m -> m.startsWith("$.security.ip_access_lists.lists[0].ip_addresses[0] '10.0.0.1/24'"))
        .anyMatch(m -> m.startsWith("$.security.ip_access_lists.lists[1].label 'a' names another"))
        .anyMatch(m -> m.startsWith("$.security.enhanced_security_monitoring cannot be false"));
  }

  @Test
  void sandboxCaller_isAddedOnlyBesideAllowLists() {
    var allow =
        new dev.deployer.workspace.WorkspaceSecurityModule.IpList(
            "corp", "ALLOW", java.util.List.of("203.0.113.0/24"), null);
    var block =
        new dev.deployer.workspace.WorkspaceSecurityModule.IpList(
            "bad", "BLOCK", java.util.List.of("192.0.2.1"), null);
    var withAllow =
        new EnvironmentConfig.Security(
            new EnvironmentConfig.Security.IpAccessLists(null, java.util.List.of(allow, block)),
            null,
            null,
            null);
    assertThat(withAllow.withSandboxCaller().ipAccessLists().lists())
        .extracting(l -> l.label())
        .containsExactly(EnvironmentConfig.Security.SANDBOX_CALLER_LABEL, "corp", "bad");
    var blockOnly =
        new EnvironmentConfig.Security(
            new EnvironmentConfig.Security.IpAccessLists(null, java.util.List.of(block)),
            null,
            null,
            null);
    assertThat(blockOnly.withSandboxCaller()).isSameAs(blockOnly);
  }

  @Test
  void compute_unassignedGrantee_autoterminationAgainstPolicy_bothWorkerForms_areRefused()
      throws IOException {
    ConfigException e =
        problemsWith(
            "\"team\": \"data-platform\",",
            "\"team\": \"data-platform\", \"shared_cluster\": {\"num_workers\": 1,"
                + " \"autoscale\": {\"min_workers\": 1, \"max_workers\": 2},"
                + " \"autotermination_minutes\": 45, \"permissions\": [{\"principal\":"
                + " \"nobody-here\", \"kind\": \"group\", \"permission_level\": \"CAN_ATTACH_TO\"}]},");
    assertThat(fieldsAndMessages(e))
        .anyMatch(
            m ->
                m.startsWith(
                    "$.shared_cluster.permissions[0].principal 'nobody-here' is not in $.identities"))
        .anyMatch(m -> m.startsWith("$.shared_cluster give num_workers or autoscale, not both"))
        .anyMatch(
            m ->
                m.startsWith("$.shared_cluster.autotermination_minutes is 45")
                    && m.contains("fixes autotermination_minutes at"));
  }

  @Test
  void groups_repeatedNameAndACycleThroughMemberGroups_areRefused() throws IOException {
    ConfigException e =
        problemsWith(
            "\"team\": \"data-platform\",",
            "\"team\": \"data-platform\", \"groups\": ["
                + "{\"display_name\": \"a\", \"members\": [{\"principal\": \"b\", \"kind\": \"group\"}]},"
                + "{\"display_name\": \"b\", \"members\": [{\"principal\": \"a\", \"kind\": \"group\"}]},"
                + "{\"display_name\": \"b\"}],");
    assertThat(fieldsAndMessages(e))
        .anyMatch(m -> m.startsWith("$.groups[0].members group 'a' would contain itself"))
        .anyMatch(m -> m.startsWith("$.groups[2].display_name 'b' is another entry's group too"));
  }
}
