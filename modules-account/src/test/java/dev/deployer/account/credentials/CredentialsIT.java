package dev.deployer.account.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.service.provisioning.Credential;
import dev.deployer.account.HandlerSettings;
import dev.deployer.account.testing.AccountTestSupport;
import dev.deployer.core.apply.ApplyResult;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.plan.Action;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsIT {
  @TempDir Path dir;
  @AutoClose AccountTestSupport t;

  StackDefinition stack(String name, String roleArn, Duration deadline) {
    StackBuilder b = new StackBuilder("dev", Map.of());
    b.add("account.credentials", CredentialsHandler.TYPE, r -> new CredentialsSpec(name, roleArn));
    t.settings = new HandlerSettings(deadline, HandlerSettings.DEFAULT_WORKSPACE_TIMEOUT, false);
    return b.build();
  }

  @Test
  void create_retriesTheIamRaceUntilTheRoleIsUsable_andReportsTheWait() {
    t = new AccountTestSupport(dir, "dev", Duration.ofSeconds(3), Duration.ZERO);
    String role = t.createCrossAccountRole("it-crossaccount");
    StackDefinition def = stack("it-credentials", role, Duration.ofMinutes(1));

    t.applyOk(def);

    assertThat(t.progress).anyMatch(p -> p.contains("not usable by Databricks yet"));
    assertThat(t.progress).anyMatch(p -> p.contains("for IAM propagation of " + role));
    List<Credential> all =
        StreamSupport.stream(t.databricks.account().credentials().list().spliterator(), false)
            .toList();
    assertThat(all).extracting(Credential::getCredentialsName).containsExactly("it-credentials");
    assertThat(t.plan(def).hasChanges()).isFalse();

    // Immutable: a new role replaces the configuration.
    String other = t.createCrossAccountRole("it-crossaccount-2");
    assertThat(
            t.plan(stack("it-credentials", other, Duration.ofMinutes(1)))
                .change("account.credentials")
                .action())
        .isEqualTo(Action.CREATE_THEN_DELETE);

    // Create-first: the new one cannot take the name the old one still holds, so it takes the
    // replacement name; the plan reads that as the configured name, and the next replacement
    // takes the configured name back.
    StackDefinition moved = stack("it-credentials", other, Duration.ofMinutes(1));
    t.applyOk(moved);
    assertThat(t.databricks.account().credentials().list())
        .extracting(Credential::getCredentialsName)
        .containsExactly("it-credentials-2");
    assertThat(t.plan(moved).hasChanges()).isFalse();
    t.applyOk(def);
    assertThat(t.databricks.account().credentials().list())
        .extracting(Credential::getCredentialsName)
        .containsExactly("it-credentials");
    assertThat(t.plan(def).hasChanges()).isFalse();

    ApplyResult destroyed = t.destroy(def);
    assertThat(destroyed.succeeded()).isTrue();
    assertThat(t.databricks.account().credentials().list()).isEmpty();
  }

  @Test
  void create_raceLastingPastTheDeadline_failsNamingTheRoleAndTheWait() {
    t = new AccountTestSupport(dir, "dev", Duration.ofMinutes(10), Duration.ZERO);
    String role = t.createCrossAccountRole("it-slow-role");

    ApplyResult r = t.apply(stack("it-credentials", role, Duration.ofSeconds(3)));

    assertThat(r.succeeded()).isFalse();
    assertThat(r.failures().get(0).error().getMessage())
        .contains(role)
        .contains("after waiting")
        .contains("IAM propagation");
    assertThat(t.databricks.account().credentials().list()).isEmpty();
  }

  @Test
  void create_roleNotTrustingDatabricks_isNotRetriedForever() {
    t = new AccountTestSupport(dir, "dev", Duration.ZERO, Duration.ZERO);
    ApplyResult r =
        t.apply(
            stack(
                "it-credentials",
                "arn:aws:iam::123456789012:role/does-not-exist",
                Duration.ofSeconds(2)));
    assertThat(r.succeeded()).isFalse();
    assertThat(r.failures().get(0).error().getMessage()).contains("does-not-exist");
  }
}
