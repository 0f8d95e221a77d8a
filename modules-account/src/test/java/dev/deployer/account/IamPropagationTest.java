package dev.deployer.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.core.DatabricksError;
import dev.deployer.core.fixture.FakeClock;
import dev.deployer.core.fixture.FakeSleeper;
import dev.deployer.core.retry.Retrier;
import dev.deployer.core.retry.RetryPolicy;
import dev.deployer.core.retry.Waiter;
import dev.deployer.core.spi.HandlerContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class IamPropagationTest {
  private final FakeClock clock = new FakeClock();
  private final FakeSleeper sleeper = new FakeSleeper(clock);
  private final List<String> said = new ArrayList<>();
  private final HandlerContext ctx =
      new HandlerContext(
          "dev",
          "catalog.external_location",
          new Retrier(RetryPolicy.standard(), clock, sleeper, new Random(1)),
          new Waiter(clock, sleeper),
          clock,
          said::add);

  private static DatabricksError ucRace() {
    return new DatabricksError(
        "PERMISSION_DENIED",
        "AWS IAM role does not have READ permissions on url s3://data-bucket/raw. Please contact"
            + " your account admin to update the storage credential. PERMISSION_DENIED: Access"
            + " denied. Cause: AccessDeniedException error from cloud storage provider.",
        403);
  }

  /** An external location created with the IAM race retried for up to two minutes. */
  <T> T createLocation(Supplier<T> call) {
    return IamPropagation.retry(
        ctx,
        "creating external location raw",
        "of storage credential uc",
        Duration.ofMinutes(2),
        call);
  }

  @Test
  void unityCatalogsWordingOfTheRaceIsWaitedOutAndReported() {
    AtomicInteger calls = new AtomicInteger();
    String got =
        createLocation(
            () -> {
              if (calls.incrementAndGet() < 4) {
                throw ucRace();
              }
              return "created";
            });
    assertThat(got).isEqualTo("created");
    assertThat(calls).hasValue(4);
    assertThat(sleeper.sleeps()).hasSize(3);
    assertThat(said).anyMatch(l -> l.contains("not usable by Databricks yet (attempt 1"));
    assertThat(said).anyMatch(l -> l.startsWith("waited ") && l.contains("IAM propagation"));
  }

  @Test
  void otherPermissionErrorsAreNotTakenForTheRace() {
    DatabricksError denied =
        new DatabricksError(
            "PERMISSION_DENIED", "User does not have CREATE EXTERNAL LOCATION on Metastore", 403);
    assertThat(DatabricksErrors.isIamPropagationRace(denied)).isFalse();
    assertThat(DatabricksErrors.isIamPropagationRace(ucRace())).isTrue();
    assertThatThrownBy(
            () ->
                createLocation(
                    () -> {
                      throw denied;
                    }))
        .isSameAs(denied);
    assertThat(sleeper.sleeps()).isEmpty();
  }
}
