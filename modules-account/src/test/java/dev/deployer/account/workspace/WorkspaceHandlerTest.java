package dev.deployer.account.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.core.diff.Diff;
import dev.deployer.core.diff.FieldChange;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkspaceHandlerTest {
  final WorkspaceHandler handler =
      new WorkspaceHandler(null, Duration.ofMinutes(20), Duration.ofMinutes(2), false);

  static WorkspaceSpec spec(String name, String creds, String storage, String deployment) {
    return new WorkspaceSpec(
        name,
        "us-east-1",
        creds,
        storage,
        "net-1",
        "ENTERPRISE",
        deployment,
        Map.of("Team", "a"),
        null,
        null,
        null);
  }

  static WorkspaceSpec tagged(WorkspaceSpec s, Map<String, String> tags) {
    return new WorkspaceSpec(
        s.workspaceName(),
        s.awsRegion(),
        s.credentialsId(),
        s.storageConfigurationId(),
        s.networkId(),
        s.pricingTier(),
        s.deploymentName(),
        tags,
        null,
        null,
        null);
  }

  final WorkspaceSpec prior = spec("dev", "cred-1", "st-1", "dbc-1234");

  @Test
  void diff_whenNoDeploymentNameIsAskedFor_theChosenOneIsNotDrift() {
    assertThat(handler.diff(prior, spec("dev", "cred-1", "st-1", null)).isEmpty()).isTrue();
  }

  @Test
  void diff_whenCustomTagsChange_updatesInPlace() {
    Diff d = handler.diff(prior, tagged(prior, Map.of("Team", "b")));
    assertThat(d.changes()).extracting(FieldChange::path).containsExactly("custom_tags");
    assertThat(d.forcesReplacement()).isFalse();
  }

  @Test
  void diff_whenPrivateAccessSettingsOrKeysAreAttached_updatesInPlace() {
    WorkspaceSpec hardened =
        new WorkspaceSpec(
            prior.workspaceName(),
            prior.awsRegion(),
            prior.credentialsId(),
            prior.storageConfigurationId(),
            prior.networkId(),
            prior.pricingTier(),
            prior.deploymentName(),
            prior.customTags(),
            "pas-1",
            "cmk-storage",
            "cmk-services");
    Diff d = handler.diff(prior, hardened);
    assertThat(d.changes())
        .extracting(FieldChange::path)
        .containsExactlyInAnyOrder(
            "private_access_settings_id",
            "storage_customer_managed_key_id",
            "managed_services_customer_managed_key_id");
    assertThat(d.forcesReplacement()).isFalse();
  }

  @Test
  void diff_whenCredentialsChange_updatesInPlace() {
    Diff d = handler.diff(prior, spec("dev", "cred-2", "st-1", "dbc-1234"));
    assertThat(d.changes()).extracting(FieldChange::path).containsExactly("credentials_id");
    assertThat(d.forcesReplacement()).isFalse();
  }

  @Test
  void diff_whenNameStorageOrDeploymentChange_replaces() {
    assertThat(handler.diff(prior, spec("dev2", "cred-1", "st-1", "dbc-1234")).replaceFields())
        .containsExactly("workspace_name");
    assertThat(handler.diff(prior, spec("dev", "cred-1", "st-2", "dbc-1234")).replaceFields())
        .containsExactly("storage_configuration_id");
    assertThat(handler.diff(prior, spec("dev", "cred-1", "st-1", "dbc-9")).replaceFields())
        .containsExactly("deployment_name");
  }

  static WorkspaceSpec tier(WorkspaceSpec s, String tier) {
    return new WorkspaceSpec(
        s.workspaceName(),
        s.awsRegion(),
        s.credentialsId(),
        s.storageConfigurationId(),
        s.networkId(),
        tier,
        s.deploymentName(),
        s.customTags(),
        null,
        null,
        null);
  }

  @Test
  void diff_whenTheServiceAnswersTheDeploymentNameWithTheAccountPrefix_isNoChange() {
    WorkspaceSpec seen = spec("dev", "cred-1", "st-1", "acme-analytics");
    assertThat(handler.diff(seen, spec("dev", "cred-1", "st-1", "analytics")).isEmpty()).isTrue();
    // Only a whole prefix: "xanalytics" is another name.
    assertThat(
            handler
                .diff(
                    spec("dev", "cred-1", "st-1", "xanalytics"),
                    spec("dev", "cred-1", "st-1", "analytics"))
                .replaceFields())
        .containsExactly("deployment_name");
  }

  @Test
  void diff_pricingTierInAnotherCaseOrAbsent_isNoChange_aDifferentTierReplaces() {
    assertThat(handler.diff(tier(prior, "enterprise"), prior).isEmpty()).isTrue();
    assertThat(handler.diff(prior, tier(prior, "enterprise")).isEmpty()).isTrue();
    assertThat(handler.diff(tier(prior, null), prior).isEmpty()).isTrue();
    assertThat(handler.diff(tier(prior, "PREMIUM"), prior).replaceFields())
        .containsExactly("pricing_tier");
  }

  @Test
  void tier_acceptsAnyCase_andDefaultsToEnterprise() {
    assertThat(WorkspaceHandler.tier("premium"))
        .isEqualTo(com.databricks.sdk.service.provisioning.PricingTier.PREMIUM);
    assertThat(WorkspaceHandler.tier(null))
        .isEqualTo(com.databricks.sdk.service.provisioning.PricingTier.ENTERPRISE);
  }

  @Test
  void replaceOnChange_coversTheFieldsThePatchCannotChange() {
    assertThat(WorkspaceHandler.TYPE.replaceOnChange())
        .contains("workspace_name", "aws_region", "deployment_name", "storage_configuration_id")
        .doesNotContain("credentials_id", "network_id", "custom_tags");
  }

  @Test
  void spec_copiesTagsAndDefaultsThemToEmpty() {
    WorkspaceSpec s =
        new WorkspaceSpec("w", "us-east-1", "c", "s", "n", null, null, null, null, null, null);
    assertThat(s.customTags()).isEmpty();
  }
}
