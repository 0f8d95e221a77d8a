package dev.deployer.account;

import com.databricks.sdk.core.DatabricksError;
import dev.deployer.core.retry.ServiceError;
import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * Databricks SDK errors as {@link ServiceError}s. The SDK's error carries status and error code but
 * not the request; the clients' HTTP hook records each request's host and path per thread, and the
 * SDK raises an error on the thread whose request failed, so the last one recorded is its request.
 */
public final class DatabricksErrorClassifier implements ServiceError.Classifier {
  private record Call(String service, String call, String host) {}

  private static final ThreadLocal<Call> LAST = new ThreadLocal<>();

  /** Codes Databricks answers when it wants calls to slow down (besides HTTP 429). */
  private static final Set<String> THROTTLING =
      Set.of("RESOURCE_EXHAUSTED", "REQUEST_LIMIT_EXCEEDED", "TOO_MANY_REQUESTS");

  static void calling(String service, String method, URI uri) {
    LAST.set(
        new Call(
            service,
            method + " " + (uri == null ? "" : uri.getPath()),
            uri == null ? null : uri.getHost()));
  }

  @Override
  public Optional<ServiceError> classify(Throwable error) {
    if (!(error instanceof DatabricksError d)) {
      return Optional.empty();
    }
    Call last = LAST.get();
    boolean throttled =
        d.getStatusCode() == 429
            || (d.getErrorCode() != null && THROTTLING.contains(d.getErrorCode()));
    return Optional.of(
        new ServiceError(
            last == null ? "databricks" : last.service(),
            last == null ? null : last.call(),
            d.getStatusCode(),
            d.getErrorCode(),
            throttled,
            last == null ? null : last.host()));
  }
}
