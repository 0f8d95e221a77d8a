package dev.deployer.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.DatabricksException;
import dev.deployer.core.spi.Operation;
import java.io.IOException;
import java.net.SocketException;
import org.apache.http.NoHttpResponseException;
import org.junit.jupiter.api.Test;

class DatabricksErrorsTest {
  /** What databricks-sdk-java 0.141.0's ApiClient throws when no HTTP answer came back. */
  static DatabricksError ioError(IOException cause) {
    return new DatabricksError("IO_ERROR", 523, cause);
  }

  @Test
  void sdkIoError_523_isRetryable() {
    assertThat(
            DatabricksErrors.isRetryable(
                ioError(new NoHttpResponseException("target server failed to respond")),
                Operation.CREATE))
        .isTrue();
  }

  @Test
  void ioErrorWrappedByTheSdkAfterItsOwnRetries_isRetryable() {
    DatabricksException spent =
        new DatabricksException(
            "Request GET /api/2.0/preview/scim/v2/Me failed after 4 retries",
            ioError(new SocketException("Connection reset")));
    assertThat(DatabricksErrors.isRetryable(spent, Operation.READ)).isTrue();
  }

  @Test
  void throttlingWrappedByTheSdkAfterItsOwnRetries_isRetryable() {
    DatabricksException spent =
        new DatabricksException(
            "Request POST /api/2.0/workspace/mkdirs failed after 4 retries",
            new DatabricksError("REQUEST_LIMIT_EXCEEDED", "Too many requests", 429));
    assertThat(DatabricksErrors.isRetryable(spent, Operation.CREATE)).isTrue();
  }

  @Test
  void aBareIoExceptionDeepInTheChain_isRetryable() {
    RuntimeException deep =
        new RuntimeException("wrapped", new IllegalStateException(new IOException("broken pipe")));
    assertThat(DatabricksErrors.isRetryable(deep, Operation.UPDATE)).isTrue();
  }

  @Test
  void clientErrors_andTheIamRace_areNotRetryableHere() {
    assertThat(
            DatabricksErrors.isRetryable(
                new DatabricksError("INVALID_PARAMETER_VALUE", "bad", 400), Operation.CREATE))
        .isFalse();
    assertThat(
            DatabricksErrors.isRetryable(
                new DatabricksError(
                    "MALFORMED_REQUEST", "Failed credential(s) validation checks", 400),
                Operation.CREATE))
        .isFalse();
    assertThat(
            DatabricksErrors.isRetryable(
                new DatabricksException("wrapped", new DatabricksError("NOT_FOUND", "gone", 404)),
                Operation.READ))
        .isFalse();
  }
}
