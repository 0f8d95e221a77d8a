package dev.deployer.account.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.core.diff.Diff;
import dev.deployer.core.diff.FieldChange;
import dev.deployer.core.json.Json;
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

  /** {@code s} with the given spec fields (snake_case, as the diff names them) set. */
  static WorkspaceSpec with(WorkspaceSpec s, Map<String, Object> fields) {
    ObjectNode tree = (ObjectNode) Json.tree(s);
    fields.forEach((field, value) -> tree.set(field, Json.tree(value)));
    return Json.convert(tree, WorkspaceSpec.class);
  }

  final WorkspaceSpec prior = spec("dev", "cred-1", "st-1", "dbc-1234");
  final WorkspaceSpec hardened =
      with(
          prior,
          Map.of(
              "private_access_settings_id", "pas-1",
              "storage_customer_managed_key_id", "cmk-storage",
              "managed_services_customer_managed_key_id", "cmk-services"));

  @Test
  void diff_whenNoDeploymentNameIsAskedFor_theChosenOneIsNotDrift() {
    assertThat(handler.diff(prior, spec("dev", "cred-1", "st-1", null)).isEmpty()).isTrue();
  }

  @Test
  void diff_whenCustomTagsChange_updatesInPlace() {
    Diff d = handler.diff(prior, with(prior, Map.of("custom_tags", Map.of("Team", "b"))));
    assertThat(d.changes()).extracting(FieldChange::path).containsExactly("custom_tags");
    assertThat(d.forcesReplacement()).isFalse();
  }

  @Test
  void diff_whenPrivateAccessSettingsOrKeysAreAttached_updatesInPlace() {
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
    assertThat(handler.diff(prior.withPricingTier("enterprise"), prior).isEmpty()).isTrue();
    assertThat(handler.diff(prior, prior.withPricingTier("enterprise")).isEmpty()).isTrue();
    assertThat(handler.diff(prior.withPricingTier(null), prior).isEmpty()).isTrue();
    assertThat(handler.diff(prior.withPricingTier("PREMIUM"), prior).replaceFields())
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

  /**
   * What the workspace API refuses (or ignores) in place is refused at plan time, and by update.
   */
  @Test
  void refuseUpdate_whatTheServiceCannotTakeAwayOrSwap() {
    // Switching private access settings, rotating the managed services key, new tags: fine.
    assertThat(
            handler.refuseUpdate(
                hardened,
                with(
                    hardened,
                    Map.of(
                        "private_access_settings_id", "pas-2",
                        "managed_services_customer_managed_key_id", "cmk-services-2",
                        "custom_tags", Map.of("Team", "b")))))
        .isEmpty();
    // Adding a storage key to a workspace without one: fine.
    assertThat(handler.refuseUpdate(prior, hardened)).isEmpty();

    assertThat(
            handler.refuseUpdate(
                hardened, with(hardened, Map.of("storage_customer_managed_key_id", "cmk-2"))))
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .contains("workspace dev")
                    .contains("storage key cmk-storage would be changed")
                    .contains("deploy a new workspace"));
    WorkspaceSpec noPrivateLink =
        new WorkspaceSpec(
            "dev",
            "us-east-1",
            "cred-1",
            "st-1",
            "net-1",
            "ENTERPRISE",
            "dbc-1234",
            Map.of(),
            null,
            null,
            "cmk-services");
    assertThat(handler.refuseUpdate(hardened, noPrivateLink))
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .contains("private access settings pas-1 would be removed")
                    .contains("storage key cmk-storage would be removed")
                    .contains("all custom tags would be removed"));

    // The same refusal before anything is sent, for values known only at apply time.
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> handler.update(null, "123", hardened, noPrivateLink))
        .isInstanceOf(dev.deployer.core.DeployerException.class)
        .hasMessageContaining("Nothing was sent for it.");
  }
}
