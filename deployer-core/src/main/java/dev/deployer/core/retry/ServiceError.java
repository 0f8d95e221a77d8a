package dev.deployer.core.retry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * What a failed API call was, in the terms an operator acts on: the service and call, the HTTP
 * status, the service's error code, whether it was throttling, and the host that answered. The
 * client modules supply {@link Classifier}s (java.util.ServiceLoader); the engine, which knows no
 * SDK, asks them.
 *
 * @param service "ec2", "iam", "databricks-account", ... or null
 * @param call the API operation ("CreateVpc", "POST /api/2.0/accounts/.../workspaces"), or null
 * @param status the HTTP status, or 0 when no answer came (connection refused, timeout)
 * @param code the service's error code ("Throttling", "RESOURCE_EXHAUSTED"), or null
 * @param throttled whether the service said to slow down (429, Throttling, SlowDown, ...)
 * @param host the host called, or null when unknown
 */
public record ServiceError(
    String service, String call, int status, String code, boolean throttled, String host) {

  /** Recognises the errors of one client library. */
  public interface Classifier {
    Optional<ServiceError> classify(Throwable error);
  }

  private static final List<Classifier> CLASSIFIERS = load();

  private static List<Classifier> load() {
    List<Classifier> out = new ArrayList<>();
    ServiceLoader.load(Classifier.class, ServiceError.class.getClassLoader()).forEach(out::add);
    return List.copyOf(out);
  }

  /** The first classification any client module gives {@code e} or a cause of it. */
  public static Optional<ServiceError> of(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      for (Classifier c : CLASSIFIERS) {
        Optional<ServiceError> found = c.classify(t);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  /** {@code HTTP 429 TOO_MANY_REQUESTS (rate limited) from host h, call X}. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append(status > 0 ? "HTTP " + status : "no answer");
    if (code != null && !code.isBlank()) {
      sb.append(' ').append(code);
    }
    if (throttled) {
      sb.append(" (rate limited)");
    }
    if (host != null) {
      sb.append(" from ").append(host);
    }
    if (call != null) {
      sb.append(", ").append(service == null ? "" : service + " ").append(call);
    }
    return sb.toString();
  }
}
