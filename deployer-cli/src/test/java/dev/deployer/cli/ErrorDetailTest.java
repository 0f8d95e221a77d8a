package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.core.DatabricksError;
import dev.deployer.core.retry.RetriesExhaustedException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An error line names the status and the service's code, and says what to do (finding 8). */
class ErrorDetailTest {
  @Test
  void aRefusedCall_getsItsStatusCodeAndAdvice() {
    String detail =
        ErrorDetail.of(
            new RuntimeException(
                "creating workspace.catalog",
                new DatabricksError("PERMISSION_DENIED", "User is not a metastore admin", 403)));

    assertThat(detail).contains("[HTTP 403 PERMISSION_DENIED").contains("grant it the permission");
  }

  @Test
  void anExhaustedRetry_isNotDescribedTwice() {
    DatabricksError last = new DatabricksError("TOO_MANY_REQUESTS", "slow down", 429);
    assertThat(
            ErrorDetail.of(
                new RetriesExhaustedException(
                    "creating x", 4, Duration.ofSeconds(9), last, Map.of("HTTP 429", 4))))
        .isEmpty();
  }

  @Test
  void anErrorOfNoKnownClient_addsNothing() {
    assertThat(ErrorDetail.of(new IllegalStateException("boom"))).isEmpty();
  }
}
