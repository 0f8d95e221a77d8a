package dev.deployer.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.core.DatabricksError;
import dev.deployer.core.retry.ServiceError;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** A Databricks SDK error named by status, code, throttling and the request that failed. */
class DatabricksErrorClassifierTest {
  @Test
  void aRateLimitedCall_isDescribedWithStatusCodeHostAndRequest() {
    DatabricksErrorClassifier.calling(
        "databricks-account",
        "POST",
        URI.create("https://accounts.cloud.databricks.com/api/2.0/accounts/a1/credentials"));

    ServiceError e =
        ServiceError.of(
                new RuntimeException(
                    "wrapped", new DatabricksError("TOO_MANY_REQUESTS", "slow down", 429)))
            .orElseThrow();

    assertThat(e.describe())
        .isEqualTo(
            "HTTP 429 TOO_MANY_REQUESTS (rate limited) from accounts.cloud.databricks.com,"
                + " databricks-account POST /api/2.0/accounts/a1/credentials");
  }

  @Test
  void aRefusal_isNotRateLimited() {
    DatabricksErrorClassifier.calling(
        "databricks-workspace", "GET", URI.create("https://dbc-1.cloud.databricks.com/api/2.1/x"));

    ServiceError e =
        ServiceError.of(new DatabricksError("INVALID_PARAMETER_VALUE", "bad", 400)).orElseThrow();

    assertThat(e.throttled()).isFalse();
    assertThat(e.describe()).startsWith("HTTP 400 INVALID_PARAMETER_VALUE from dbc-1");
  }
}
