package dev.deployer.account.logdelivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.core.diff.Diff;
import dev.deployer.core.model.Ref;
import dev.deployer.core.model.Unknown;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogDeliverySpecTest {

  static LogDeliverySpec spec(String type, String format, String prefix) {
    return new LogDeliverySpec("acme-billable-usage", type, format, "c", "s", prefix, null, null);
  }

  @Test
  void billableUsageInCsv_andAuditLogsInJson_areAccepted_withStatusDefaultingToEnabled() {
    assertThat(spec("BILLABLE_USAGE", "CSV", "billable-usage-logs").status()).isEqualTo("ENABLED");
    assertThat(spec("AUDIT_LOGS", "JSON", "audit-logs").workspaceIdsFilter()).isEmpty();
  }

  @Test
  void typeAndFormat_mustPair() {
    assertThatThrownBy(() -> spec("BILLABLE_USAGE", "JSON", "x"))
        .hasMessageContaining("BILLABLE_USAGE logs are delivered as CSV, not JSON");
    assertThatThrownBy(() -> spec("AUDIT_LOGS", "CSV", "x"))
        .hasMessageContaining("AUDIT_LOGS logs are delivered as JSON, not CSV");
    assertThatThrownBy(() -> spec("USAGE", "CSV", "x"))
        .hasMessageContaining("BILLABLE_USAGE or AUDIT_LOGS");
  }

  @Test
  void prefix_mustNotStartOrEndWithASlash_norBeEmpty() {
    assertThatThrownBy(() -> spec("AUDIT_LOGS", "JSON", "/audit"))
        .hasMessageContaining("must not start or end with '/'");
    assertThatThrownBy(() -> spec("AUDIT_LOGS", "JSON", "audit/")).hasMessageContaining("'/'");
    assertThatThrownBy(() -> spec("AUDIT_LOGS", "JSON", "")).hasMessageContaining("non-empty");
    assertThat(spec("AUDIT_LOGS", "JSON", "logs/audit").deliveryPathPrefix())
        .isEqualTo("logs/audit");
    assertThat(spec("AUDIT_LOGS", "JSON", null).deliveryPathPrefix()).isNull();
  }

  @Test
  void valuesKnownOnlyAfterApply_pass() {
    String marker = Unknown.of(new Ref("logging.credentials", "credentials_id"));
    assertThat(
            new LogDeliverySpec(
                    "n", "AUDIT_LOGS", "JSON", marker, marker, marker + "/x", null, "ENABLED")
                .credentialsId())
        .isEqualTo(marker);
    assertThat(spec(marker, "JSON", "x").logType()).isEqualTo(marker);
  }

  @Test
  void status_isEnabledOrDisabled() {
    assertThatThrownBy(
            () -> new LogDeliverySpec("n", "AUDIT_LOGS", "JSON", "c", "s", "p", null, "PAUSED"))
        .hasMessageContaining("ENABLED or DISABLED");
  }

  @Test
  void workspaceFilter_isASortedSet() {
    LogDeliverySpec s =
        new LogDeliverySpec("n", "AUDIT_LOGS", "JSON", "c", "s", "p", List.of(3L, 1L, 3L), null);
    assertThat(s.workspaceIdsFilter()).containsExactly(1L, 3L);
  }

  @Test
  void diff_statusChangesInPlace_everythingElseReplaces() {
    LogDeliveryHandler h = new LogDeliveryHandler(null);
    LogDeliverySpec enabled = spec("AUDIT_LOGS", "JSON", "audit-logs");
    Diff reEnable = h.diff(enabled.withStatus("DISABLED"), enabled);
    assertThat(reEnable.isEmpty()).isFalse();
    assertThat(reEnable.forcesReplacement()).isFalse();

    LogDeliverySpec otherCreds =
        new LogDeliverySpec(
            "acme-billable-usage", "AUDIT_LOGS", "JSON", "c2", "s", "audit-logs", null, null);
    assertThat(h.diff(enabled, otherCreds).replaceFields()).containsExactly("credentials_id");
    LogDeliverySpec otherPrefix = spec("AUDIT_LOGS", "JSON", "audit");
    assertThat(h.diff(enabled, otherPrefix).replaceFields())
        .containsExactly("delivery_path_prefix");
    LogDeliverySpec filtered =
        new LogDeliverySpec(
            "acme-billable-usage", "AUDIT_LOGS", "JSON", "c", "s", "audit-logs", List.of(7L), null);
    assertThat(h.diff(enabled, filtered).replaceFields()).containsExactly("workspace_ids_filter");
    assertThat(h.diff(enabled, enabled).isEmpty()).isTrue();
  }
}
