package dev.deployer.account;

import com.databricks.sdk.core.DatabricksError;
import dev.deployer.core.spi.Operation;
import java.util.Locale;

/** Which Databricks errors are transient, and the one that is the IAM propagation race. */
public final class DatabricksErrors {
  private DatabricksErrors() {}

  public static boolean isNotFound(Throwable e) {
    if (e instanceof DatabricksError d) {
      String code = d.getErrorCode();
      // The SDK's own error overrides turn a 400 "Cluster ... does not exist" into
      // ResourceDoesNotExist (core/error/ErrorOverrides).
      return d.getStatusCode() == 404
          || d instanceof com.databricks.sdk.core.error.platform.ResourceDoesNotExist
          || "RESOURCE_DOES_NOT_EXIST".equals(code)
          || "NOT_FOUND".equals(code);
    }
    return false;
  }

  /**
   * The IAM propagation race (RESOURCES.md 3): a fresh cross-account or Unity Catalog role is
   * rejected as invalid for a while. HTTP 400 MALFORMED_REQUEST (or INVALID_PARAMETER_VALUE) with
   * "Failed credential(s) validation checks" or "valid ... IAM role" in the message.
   */
  public static boolean isIamPropagationRace(Throwable e) {
    if (e instanceof DatabricksError d && isUnityCatalogRoleRace(d)) {
      return true;
    }
    if (!(e instanceof DatabricksError d) || d.getStatusCode() != 400) {
      return false;
    }
    String code = d.getErrorCode();
    if (!"MALFORMED_REQUEST".equals(code) && !"INVALID_PARAMETER_VALUE".equals(code)) {
      return false;
    }
    String m = d.getMessage() == null ? "" : d.getMessage().toLowerCase(Locale.ROOT);
    return m.contains("failed credential validation checks")
        || m.contains("failed credentials validation checks")
        || m.contains("valid iam role")
        || m.contains("valid cross account iam role");
  }

  /**
   * Unity Catalog's wording of the same race, on external locations while the storage credential's
   * role propagates (provider #3069, #3843, #4136): "AWS IAM role does not have READ permissions on
   * url s3://...", with PERMISSION_DENIED. Only S3 URLs: this project deploys AWS.
   */
  private static boolean isUnityCatalogRoleRace(DatabricksError d) {
    String m = d.getMessage() == null ? "" : d.getMessage();
    return (d.getStatusCode() == 403 || d.getStatusCode() == 400)
        && m.contains("AWS IAM role does not have")
        && m.contains("permissions on url s3://");
  }

  /**
   * Throttling, 5xx and I/O failures, wherever they sit in the cause chain; never the IAM race,
   * which has its own deadline. databricks-sdk-java 0.141.0 (ApiClient.executeInner) reports an I/O
   * failure as a {@code DatabricksError} with status 523 and code {@code IO_ERROR} whose cause is
   * the IOException, and once its own retries are spent as a {@code DatabricksException} ("Request
   * ... failed after 4 retries") whose cause is that error or the last 429/503.
   */
  public static boolean isRetryable(Throwable e, Operation op) {
    int depth = 0;
    for (Throwable t = e; t != null && depth < 16; t = t.getCause(), depth++) {
      if (t instanceof DatabricksError d && transientError(d)) {
        return true;
      }
      if (t instanceof java.io.IOException) {
        return true;
      }
    }
    return false;
  }

  private static boolean transientError(DatabricksError d) {
    int s = d.getStatusCode();
    String code = d.getErrorCode();
    return s == 429
        || s == 500
        || s == 502
        || s == 503
        || s == 504
        || s == IO_ERROR_STATUS
        || "TEMPORARILY_UNAVAILABLE".equals(code)
        || "REQUEST_LIMIT_EXCEEDED".equals(code)
        || "IO_ERROR".equals(code);
  }

  /** The status the SDK gives an I/O failure (no HTTP answer at all). */
  public static final int IO_ERROR_STATUS = 523;
}
