package dev.deployer.environments.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.environments.ConfigLoader;
import dev.deployer.environments.EnvironmentConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --write-config: a config proposed from the reference's dev state. */
class ProposedConfigTest {
  static final Path DEV_STATE = TerraformMapperTest.REFERENCE.resolve("databricks_dev");

  @Test
  void theProposal_carriesTheEstatesNamesCidrsAndSettings() {
    ObjectNode c = ProposedConfig.propose("dev", TerraformState.readAll(DEV_STATE));
    assertThat(c.path("prefix").asText()).isEqualTo("acme-dev");
    assertThat(c.at("/aws/region").asText()).isEqualTo("us-east-1");
    assertThat(c.at("/tags/Owner").asText()).isEqualTo("platform-team@example.com");
    assertThat(c.at("/tags").has("Name")).isFalse();
    assertThat(c.at("/network/vpc_cidr").asText()).isEqualTo("10.10.0.0/16");
    assertThat(c.at("/network/private_subnet_cidrs").toString())
        .isEqualTo("[\"10.10.16.0/20\",\"10.10.32.0/20\"]");
    assertThat(c.at("/network/public_subnet_cidrs").toString())
        .isEqualTo("[\"10.10.0.0/24\",\"10.10.1.0/24\"]");
    assertThat(c.at("/network/single_nat_gateway").asBoolean()).isFalse();
    assertThat(c.at("/network/security_group_egress_ports").toString())
        .startsWith("[\"443\",\"2443\"");
    assertThat(c.at("/storage/root_bucket").asText()).isEqualTo("acme-dev-workspace-root");
    assertThat(c.at("/catalog/name").asText()).isEqualTo("acme-dev-catalog-3141592653589793");
    assertThat(c.at("/catalog/admin_principal").asText()).isEqualTo("admin@example.com");
    assertThat(c.at("/identities/0/principal").asText()).isEqualTo("admin@example.com");
    assertThat(c.at("/team").asText()).isEqualTo("data-platform");
    assertThat(c.at("/cluster_policy/overrides").fieldNames())
        .toIterable()
        .containsExactly("spark_conf.spark.databricks.io.cache.enabled");
    // Only what differs from deployer's hardening defaults.
    assertThat(c.at("/workspace_conf").isEmpty()).isTrue();
  }

  @Test
  void aStateOfTheOtherKindOfStack_isRefused_namingWhatItLacks() {
    Path common = TerraformMapperTest.REFERENCE.resolve("common_infrastructure");
    assertThatThrownBy(() -> ProposedConfig.propose("dev", TerraformState.readAll(common)))
        .hasMessage(
            "The Terraform state holds neither a databricks_mws_workspaces nor an aws_vpc: there"
                + " is nothing to propose a config for.");
    assertThatThrownBy(() -> ProposedConfig.proposeCommon(TerraformState.readAll(DEV_STATE)))
        .hasMessageContaining("neither a databricks_metastore nor a log-delivery role");
  }

  @Test
  void theProposal_isAValidConfig_underWhichEveryReferenceObjectMaps(@TempDir Path dir) {
    ProposedConfig.write("dev", TerraformState.readAll(DEV_STATE), dir.resolve("dev.json"));
    EnvironmentConfig c = ConfigLoader.loadEnvironment(dir, "dev");
    StackDefinition def = TerraformMapperTest.devFrom(dir);
    Mapping m = TerraformMapper.map(def, TerraformState.readAll(DEV_STATE));
    assertThat(m.adopted()).hasSize(47);
    // The names Terraform chose are kept, so that adopting replaces nothing.
    assertThat(c.adopted().get("network.security_group").path("group_name").asText())
        .startsWith("terraform-");
    assertThat(c.adopted().get("network.security_group").path("description").asText())
        .isEqualTo("Managed by Terraform");
    assertThat(c.adopted().get("workspace.catalog_role_policy").path("policy_name").asText())
        .isEqualTo("acme-dev-unity-catalog-policy-3141592653589793");
    assertThat(c.adopted().get("workspace.external_location").path("name").asText())
        .isEqualTo("acme-dev-catalog-3141592653589793");
    assertThat(c.adopted()).doesNotContainKey("cross_account.role_policy");
    assertThat(
            m.adopted().stream()
                .filter(r -> r.deployerAddress().equals("network.security_group"))
                .findFirst()
                .orElseThrow()
                .desired()
                .path("group_name")
                .asText())
        .startsWith("terraform-");
    assertThat(m.toCreate())
        .extracting(Mapping.ToCreate::deployerAddress)
        .containsExactly("workspace.catalog_binding");
  }

  @Test
  void theCommonProposal_keepsTheReferencesLogDeliveryNames_soEverythingMapsByName(
      @TempDir Path dir) {
    List<TerraformState> states =
        TerraformState.readAll(TerraformMapperTest.REFERENCE.resolve("common_infrastructure"));
    ProposedConfig.write("common", states, dir.resolve("common.json"));
    dev.deployer.common.CommonConfig c = ConfigLoader.loadCommon(dir);
    assertThat(c.prefix()).isEqualTo("acme-shared");
    assertThat(c.logging().bucket()).isEqualTo("acme-shared-log-delivery");
    assertThat(c.logging().billableUsagePrefix()).isEqualTo("billable-usage-logs");
    assertThat(c.metastore().name()).isEqualTo("unity-catalog-acme-shared");
    assertThat(c.tags()).containsEntry("Owner", "platform-team@example.com");
    assertThat(c.adopted().get("logging.credentials").path("credentials_name").asText())
        .isEqualTo("acme-shared-log-delivery-credential");
    assertThat(c.adopted().get("logging.billable_usage").path("config_name").asText())
        .isEqualTo("Billable Usage Logs");

    Mapping m =
        TerraformMapper.map(
            dev.deployer.common.CommonStack.define(c, c.databricks().accountId()), states);
    assertThat(m.toCreate()).isEmpty();
    assertThat(m.unmapped()).isEmpty();
    assertThat(m.adopted())
        .filteredOn(r -> r.deployerAddress().equals("logging.storage_configuration"))
        .singleElement()
        .satisfies(r -> assertThat(r.how()).startsWith("storage_configuration_name="));
  }
}
