package dev.deployer.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Validation logic, without a server. */
class RulesTest {
  @Test
  void networkShape() {
    assertThatCode(() -> NetworkRules.checkShape("vpc", List.of("a", "b"), List.of("sg")))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> NetworkRules.checkShape(null, List.of("a", "b"), List.of("sg")))
        .hasMessageContaining("vpc_id");
    assertThatThrownBy(() -> NetworkRules.checkShape("vpc", List.of("a"), List.of("sg")))
        .hasMessageContaining("at least 2");
    assertThatThrownBy(() -> NetworkRules.checkShape("vpc", List.of("a", "a"), List.of("sg")))
        .hasMessageContaining("duplicates");
    assertThatThrownBy(() -> NetworkRules.checkShape("vpc", List.of("a", "b"), List.of()))
        .hasMessageContaining("1 to 5");
  }

  @Test
  void networkZonesAndProblems() {
    var a = new AwsView.Subnet("a", "vpc", "us-east-1a");
    var b = new AwsView.Subnet("b", "vpc", "us-east-1a");
    var c = new AwsView.Subnet("c", "vpc", "us-east-1b");
    assertThatThrownBy(() -> NetworkRules.checkZones(Map.of("a", a, "b", b)))
        .hasMessageContaining("availability zones");
    assertThatCode(() -> NetworkRules.checkZones(Map.of("a", a, "c", c)))
        .doesNotThrowAnyException();
    var problems =
        NetworkRules.problems(
            "vpc",
            true,
            List.of("a", "x"),
            Map.of("a", a),
            List.of("sg1", "sg2"),
            Map.of("sg1", "other"));
    assertThat(problems.toString())
        .contains("Subnet x does not exist")
        .contains("sg1 is not in VPC vpc")
        .contains("sg2 does not exist")
        .contains("\"error_type\":\"securityGroup\"");
    assertThat(
            NetworkRules.problems(
                "vpc",
                true,
                List.of("a", "c"),
                Map.of("a", a, "c", c),
                List.of("s"),
                Map.of("s", "vpc")))
        .isEmpty();
  }

  @Test
  void logDeliveryPairingAndPrefix() {
    assertThatCode(() -> LogDeliveryRules.check("BILLABLE_USAGE", "CSV", "billable-usage-logs"))
        .doesNotThrowAnyException();
    assertThatCode(() -> LogDeliveryRules.check("AUDIT_LOGS", "JSON", null))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> LogDeliveryRules.check("BILLABLE_USAGE", "JSON", null))
        .hasMessageContaining("CSV");
    assertThatThrownBy(() -> LogDeliveryRules.check("AUDIT_LOGS", "CSV", null))
        .hasMessageContaining("JSON");
    assertThatThrownBy(() -> LogDeliveryRules.check("OTHER", "CSV", null))
        .hasMessageContaining("log_type");
    assertThatThrownBy(() -> LogDeliveryRules.check("AUDIT_LOGS", "JSON", "/x"))
        .hasMessageContaining("'/'");
    assertThatThrownBy(() -> LogDeliveryRules.check("AUDIT_LOGS", "JSON", "x/"))
        .hasMessageContaining("'/'");
  }

  @Test
  void trustPolicy() {
    String ok =
        "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"arn:aws:iam::414351767826:root\"]},"
            + "\"Action\":[\"sts:AssumeRole\"],\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"acct\"}}}]}";
    assertThat(TrustPolicy.trusts(ok, TrustPolicy.DATABRICKS_ROOT, "acct")).isTrue();
    assertThat(TrustPolicy.trusts(ok, TrustPolicy.DATABRICKS_ROOT, "other")).isFalse();
    assertThat(TrustPolicy.trusts(ok.replace("Allow", "Deny"), TrustPolicy.DATABRICKS_ROOT, "acct"))
        .isFalse();
    assertThat(
            TrustPolicy.trusts(
                ok.replace("arn:aws:iam::414351767826:root", "414351767826"),
                TrustPolicy.DATABRICKS_ROOT,
                "acct"))
        .isTrue();
    assertThat(TrustPolicy.trusts("not json", TrustPolicy.DATABRICKS_ROOT, "acct")).isFalse();
  }

  @Test
  void scimFilter() {
    var user = Json.obj().put("userName", "Alice@Example.com").put("displayName", "Alice");
    user.putArray("emails").addObject().put("value", "alice@work.com");
    assertThat(ScimFilter.parse("userName eq \"alice@example.com\"").test(user)).isTrue();
    assertThat(ScimFilter.parse("username EQ \"bob\"").test(user)).isFalse();
    assertThat(ScimFilter.parse("displayName sw \"Al\" and userName co \"example\"").test(user))
        .isTrue();
    assertThat(ScimFilter.parse("displayName eq \"x\" or emails.value ew \"work.com\"").test(user))
        .isTrue();
    assertThat(ScimFilter.parse("userName ne \"alice@example.com\"").test(user)).isFalse();
    assertThat(ScimFilter.parse(null).test(user)).isTrue();
    assertThatThrownBy(() -> ScimFilter.parse("userName lt 3")).hasMessageContaining("Unsupported");
  }

  @Test
  void raceWindow() {
    Instant t = Instant.parse("2025-01-01T00:00:00Z");
    assertThat(RaceGate.isYoung(t, t.plusSeconds(5), Duration.ofSeconds(10))).isTrue();
    assertThat(RaceGate.isYoung(t, t.plusSeconds(10), Duration.ofSeconds(10))).isFalse();
    assertThat(RaceGate.isYoung(t, t, Duration.ZERO)).isFalse();
  }

  @Test
  void policyDefinitionsAndConfValues() {
    assertThatCode(
            () -> WorkspaceSettingsApi.checkDefinition("{\"a\":{\"type\":\"fixed\",\"value\":1}}"))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> WorkspaceSettingsApi.checkDefinition("[]"))
        .hasMessageContaining("object");
    assertThatThrownBy(() -> WorkspaceSettingsApi.checkDefinition("{\"a\":{}}"))
        .hasMessageContaining("type");
    assertThatThrownBy(() -> WorkspaceSettingsApi.checkDefinition("{"))
        .hasMessageContaining("JSON");
  }
}
