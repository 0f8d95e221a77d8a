package dev.deployer.environments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.core.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  static String shipped(String name) throws IOException {
    Path p = Path.of("config", name);
    return Files.readString(p);
  }

  private ConfigException problemsWith(String from, String to) throws IOException {
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
    return (ConfigException)
        org.assertj.core.api.Assertions.catchThrowable(
            () -> ConfigLoader.loadEnvironment(dir, "dev"));
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
  private ConfigException withIdentityAfterTheAdmin(String twin) throws IOException {
    return problemsWith(
        "\"principal\": \"admin@example.com\",",
        "\"principal\": \"admin@example.com\", \"kind\": \"user\", \"permission\": \"ADMIN\" }, "
            + twin
            + ", { \"principal\": \"spare@example.com\",");
  }

  @Test
  void twoUserEntriesDifferingOnlyInCase_areOneUser_refusedNamingFileAndField() throws IOException {
    ConfigException e =
        withIdentityAfterTheAdmin(
            "{ \"principal\": \"ADMIN@Example.com\", \"kind\": \"user\", \"permission\": \"USER\" }");
    assertThat(e).isNotNull();
    assertThat(e.problems())
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
    ConfigException e =
        withIdentityAfterTheAdmin(
            "{ \"principal\": \"6F1E2D3C-4B5A-4968-8776-655443322110\", \"kind\":"
                + " \"service_principal\", \"permission\": \"USER\" }, { \"principal\":"
                + " \"6f1e2d3c-4b5a-4968-8776-655443322110\", \"kind\": \"service_principal\","
                + " \"permission\": \"ADMIN\" }");
    assertThat(e).isNotNull();
    assertThat(e.problems())
        .extracting(p -> p.field())
        .containsExactly("$.identities[2].principal");
  }

  @Test
  void groupsDifferingOnlyInCase_areTwoGroups_butAnExactRepeatIsRefused() throws IOException {
    // Databricks keeps group names case-sensitive: "Admins" and "admins" are two groups.
    Files.writeString(
        dir.resolve("dev.json"),
        shipped("dev.json")
            .replace(
                "\"principal\": \"admin@example.com\",",
                "\"principal\": \"admin@example.com\", \"kind\": \"user\", \"permission\":"
                    + " \"ADMIN\" }, { \"principal\": \"Data-Engineers\", \"kind\": \"group\","
                    + " \"permission\": \"USER\" }, { \"principal\": \"spare@example.com\","));
    Files.createDirectories(dir.resolve("notebooks"));
    try (var files = Files.list(Path.of("config", "notebooks"))) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve("notebooks").resolve(f.getFileName()));
      }
    }
    assertThat(ConfigLoader.loadEnvironment(dir, "dev").identities())
        .extracting(EnvironmentConfig.Identity::principal)
        .contains("Data-Engineers", "data-engineers");

    ConfigException e =
        withIdentityAfterTheAdmin(
            "{ \"principal\": \"data-engineers\", \"kind\": \"group\", \"permission\": \"USER\" }");
    assertThat(e).isNotNull();
    assertThat(e.problems())
        .anySatisfy(
            p -> {
              assertThat(p.message()).contains("'data-engineers' is the same group");
              assertThat(p.message()).doesNotContain("without case");
            });
  }

  @Test
  void unknownField_namesFieldAndFile() throws IOException {
    ConfigException e = problemsWith("\"force_destroy\"", "\"force_destory\"");
    assertThat(e.problems())
        .anySatisfy(
            p -> {
              assertThat(p.file()).endsWith("dev.json");
              assertThat(p.field()).isEqualTo("$.storage.force_destory");
              assertThat(p.message()).contains("not a known field");
            });
  }

  @Test
  void missingRequiredField_namesIt() throws IOException {
    ConfigException e = problemsWith("\"root_bucket\": \"acme-dev-workspace-root\",", "");
    assertThat(e.problems())
        .extracting(ConfigException.ConfigProblem::field)
        .contains("$.storage.root_bucket");
  }

  @Test
  void malformedJson_givesLineAndColumn() throws IOException {
    ConfigException e = problemsWith("\"prefix\": \"acme-dev\",", "\"prefix\": \"acme-dev\"");
    assertThat(e.getMessage()).contains("malformed JSON at line");
  }

  @Test
  void duplicateKey_isRejected() throws IOException {
    ConfigException e =
        problemsWith("\"prefix\": \"acme-dev\",", "\"prefix\": \"acme-dev\", \"prefix\": \"x-y\",");
    assertThat(e.getMessage()).contains("Duplicate field 'prefix'");
  }

  @Test
  void badBucketNames_areRejectedWithTheRule() throws IOException {
    assertThat(problemsWith("acme-dev-workspace-root", "acme..root").getMessage())
        .contains("$.storage.root_bucket");
    assertThat(problemsWith("acme-dev-workspace-root", "192.168.1.1").getMessage())
        .contains("IP address");
    assertThat(problemsWith("acme-dev-workspace-root", "Upper-Case").getMessage())
        .contains("$.storage.root_bucket");
  }

  @Test
  void environmentMustMatchFileName() throws IOException {
    assertThat(problemsWith("\"environment\": \"dev\"", "\"environment\": \"qa\"").problems())
        .extracting(ConfigException.ConfigProblem::field)
        .containsExactly("$.environment");
  }

  @Test
  void reservedTagPrefixes_areRejected() throws IOException {
    assertThat(problemsWith("\"Owner\":", "\"deployer:x\": \"y\", \"Owner\":").getMessage())
        .contains("$.tags");
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
    assertThat(e).isNotNull();
    assertThat(e.problems())
        .extracting(p -> p.field() + " " + p.message())
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
    assertThat(e).isNotNull();
    assertThat(e.problems())
        .extracting(p -> p.field() + " " + p.message())
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
    assertThat(e).isNotNull();
    assertThat(e.problems())
        .extracting(p -> p.field() + " " + p.message())
        .anyMatch(m -> m.startsWith("$.groups[0].members group 'a' would contain itself"))
        .anyMatch(m -> m.startsWith("$.groups[2].display_name 'b' is another entry's group too"));
  }
}
