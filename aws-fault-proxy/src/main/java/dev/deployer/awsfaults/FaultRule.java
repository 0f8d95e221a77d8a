package dev.deployer.awsfaults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One kind of trouble, limited to calls whose service and operation match. Rates apply to
 * throttling and 5xx; windows (how long after a create or delete the trouble lasts) to the others.
 */
record FaultRule(Kind kind, String service, Pattern action, double rate, Duration window) {

  enum Kind {
    /** {@code RequestLimitExceeded} (EC2), {@code Throttling} (IAM, STS), {@code SlowDown} (S3). */
    THROTTLE,
    /** 500 and 503 in each service's own words. */
    SERVER_ERROR,
    /**
     * For {@code window} after a create, calls naming the new VPC, subnet, security group, route
     * table, internet gateway or role answer NotFound, and policies naming the new role answer
     * "Invalid principal".
     */
    NOT_YET_VISIBLE,
    /** NAT gateways and interface endpoints read {@code pending} for {@code window}. */
    PENDING,
    /**
     * For {@code window} after a NAT gateway or interface endpoint is deleted, its network
     * interfaces linger: deleting its subnet or security group, or detaching the internet gateway
     * from its VPC, answers {@code DependencyViolation}.
     */
    DEPENDENCY_VIOLATION;

    String json() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Kind parse(String s) {
      for (Kind k : values()) {
        if (k.json().equals(s)) {
          return k;
        }
      }
      throw new IllegalArgumentException(
          "kind must be one of "
              + Arrays.stream(values()).map(Kind::json).toList()
              + ", not '"
              + s
              + "'");
    }
  }

  static FaultRule fromJson(JsonNode n) {
    if (!n.hasNonNull("kind")) {
      throw new IllegalArgumentException("every rule needs a kind");
    }
    Kind kind = Kind.parse(n.get("kind").asText());
    double rate = n.path("rate").asDouble(0);
    if (rate < 0 || rate > 1) {
      throw new IllegalArgumentException("rate must be between 0 and 1, not " + rate);
    }
    if ((kind == Kind.THROTTLE || kind == Kind.SERVER_ERROR) && !n.has("rate")) {
      throw new IllegalArgumentException(kind.json() + " needs a rate");
    }
    long ms = n.path("window_ms").asLong(0);
    if (ms < 0) {
      throw new IllegalArgumentException("window_ms must not be negative");
    }
    if (kind != Kind.THROTTLE && kind != Kind.SERVER_ERROR && !n.has("window_ms")) {
      throw new IllegalArgumentException(kind.json() + " needs a window_ms");
    }
    String service = n.hasNonNull("service") ? n.get("service").asText() : null;
    Pattern action;
    try {
      action = n.hasNonNull("action") ? Pattern.compile(n.get("action").asText()) : null;
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("bad action pattern: " + e.getMessage());
    }
    return new FaultRule(kind, service, action, rate, Duration.ofMillis(ms));
  }

  ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("kind", kind.json());
    if (service != null) {
      o.put("service", service);
    }
    if (action != null) {
      o.put("action", action.pattern());
    }
    if (kind == Kind.THROTTLE || kind == Kind.SERVER_ERROR) {
      o.put("rate", rate);
    } else {
      o.put("window_ms", window.toMillis());
    }
    return o;
  }

  boolean matches(AwsCall call) {
    return (service == null || service.equals(call.service()))
        && (action == null || (call.action() != null && action.matcher(call.action()).matches()));
  }
}
