package dev.deployer.cloud;

import dev.deployer.core.retry.ServiceError;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * AWS SDK errors as {@link ServiceError}s: status, error code, throttling, and the host and
 * operation, which the SDK's exception does not carry; the clients' interceptor records them on the
 * exception ({@link #withCallSite}).
 */
public final class AwsErrorClassifier implements ServiceError.Classifier {
  /** Throttling codes AWS services answer besides 429 (SDK's RetryUtils.THROTTLING_ERROR_CODES). */
  private static final Set<String> THROTTLING =
      Set.of(
          "throttling",
          "throttlingexception",
          "throttledexception",
          "requestthrottledexception",
          "toomanyrequestsexception",
          "provisionedthroughputexceededexception",
          "transactioninprogressexception",
          "requestlimitexceeded",
          "bandwidthlimitexceeded",
          "limitexceededexception",
          "requestthrottled",
          "slowdown",
          "priorrequestnotcomplete",
          "ec2throttledexception");

  /** Where a failed call went; rides on the SDK exception as a suppressed marker. */
  static final class CallSite extends RuntimeException {
    final String service;
    final String operation;
    final String host;

    CallSite(String service, String operation, String host) {
      super("call " + service + " " + operation + " at " + host, null, false, false);
      this.service = service;
      this.operation = operation;
      this.host = host;
    }
  }

  static Throwable withCallSite(Context.FailedExecution context, ExecutionAttributes attributes) {
    Throwable e = context.exception();
    String host = context.httpRequest().map(r -> r.host()).orElse(null);
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    if (e instanceof SdkException && callSite(e).isEmpty()) {
      e.addSuppressed(
          new CallSite(service == null ? null : service.toLowerCase(Locale.ROOT), operation, host));
    }
    return e;
  }

  private static Optional<CallSite> callSite(Throwable e) {
    for (Throwable s : e.getSuppressed()) {
      if (s instanceof CallSite c) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<ServiceError> classify(Throwable error) {
    if (!(error instanceof SdkException)) {
      return Optional.empty();
    }
    Optional<CallSite> site = callSite(error);
    String service = site.map(c -> c.service).orElse(null);
    String call = site.map(c -> c.operation).orElse(null);
    String host = site.map(c -> c.host).orElse(null);
    if (error instanceof SdkServiceException s) {
      String code = null;
      if (s instanceof AwsServiceException a && a.awsErrorDetails() != null) {
        code = a.awsErrorDetails().errorCode();
        if (service == null) {
          service = a.awsErrorDetails().serviceName();
        }
      }
      boolean throttled =
          s.isThrottlingException()
              || s.statusCode() == 429
              || (code != null && THROTTLING.contains(code.toLowerCase(Locale.ROOT)));
      return Optional.of(new ServiceError(service, call, s.statusCode(), code, throttled, host));
    }
    if (site.isPresent()) {
      // A client-side failure (connection refused, timeout): no status, but the host matters.
      return Optional.of(new ServiceError(service, call, 0, null, false, host));
    }
    return Optional.empty();
  }
}
