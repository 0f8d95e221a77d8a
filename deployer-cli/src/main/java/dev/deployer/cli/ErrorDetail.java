package dev.deployer.cli;

import dev.deployer.core.retry.RetriesExhaustedException;
import dev.deployer.core.retry.ServiceError;

/**
 * What an error message gains from the client that raised it: the call, the HTTP status and the
 * service's error code, and what to do about that kind of answer. SDK messages often carry the
 * status but rarely the code, the host or the operation.
 */
final class ErrorDetail {
  private ErrorDetail() {}

  /** " [HTTP 403 AccessDenied from iam.amazonaws.com, iam CreateRole] Check ..." or "". */
  static String of(Throwable e) {
    if (findExhausted(e)) {
      return ""; // its message already lists every attempt's status, code and host
    }
    return ServiceError.of(e).map(se -> " [" + se.describe() + "]" + advice(se)).orElse("");
  }

  private static boolean findExhausted(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RetriesExhaustedException) {
        return true;
      }
    }
    return false;
  }

  static String advice(ServiceError se) {
    int s = se.status();
    if (se.throttled()) {
      return " The service is rate-limiting: run again later or with a lower --parallelism.";
    }
    switch (s) {
      case 401:
        return " The credentials were refused: check the profile or token this run uses"
            + " (docs/authentication.md).";
      case 403:
        return " The identity this run uses may not make this call: grant it the permission, or"
            + " run with one that has it.";
      case 404:
        return " The object is gone or was never there: 'deployer refresh' records what exists,"
            + " and 'deployer import' adopts an object created outside deployer.";
      case 409:
        return " The object exists or is busy: if it is this stack's, 'deployer import' adopts"
            + " it; otherwise choose another name.";
      default:
        break;
    }
    if (s >= 500 || s == 0) {
      return " The service did not answer properly: run again; state records what finished.";
    }
    if (s >= 400) {
      return " The service refused the request as given: fix the value it names in the config"
          + " and run again.";
    }
    return "";
  }
}
