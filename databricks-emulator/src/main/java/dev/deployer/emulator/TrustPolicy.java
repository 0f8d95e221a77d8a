package dev.deployer.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads an IAM trust policy the way the Databricks credential check needs. */
final class TrustPolicy {
  /** Databricks' commercial control-plane account root, the principal cross-account roles trust. */
  static final String DATABRICKS_ROOT = "arn:aws:iam::414351767826:root";

  /** The role Databricks writes billable-usage and audit logs as; log credentials trust it. */
  static final String LOG_DELIVERY_ROLE =
      "arn:aws:iam::414351767826:role/SaasUsageDeliveryRole-prod-IAMRole-3PLHICCRR1TK";

  private TrustPolicy() {}

  /**
   * True when some Allow statement lets {@code principal} call sts:AssumeRole with {@code
   * sts:ExternalId} equal to {@code externalId} (StringEquals).
   */
  static boolean trusts(String policyJson, String principal, String externalId) {
    return allows(
        policyJson,
        principal,
        "sts:AssumeRole",
        st ->
            texts(st.path("Condition").path("StringEquals").get("sts:ExternalId"))
                .contains(externalId));
  }

  /**
   * True when some Allow statement of a KMS key policy lets {@code principal} call {@code action}
   * (directly, by {@code kms:*} or {@code *}, or by a trailing-wildcard action like {@code
   * kms:GenerateDataKey*}).
   */
  static boolean allowsKeyUse(String policyJson, String principal, String action) {
    return allows(policyJson, principal, action, st -> true);
  }

  private static boolean allows(
      String policyJson,
      String principal,
      String action,
      java.util.function.Predicate<JsonNode> condition) {
    JsonNode doc;
    try {
      doc = Json.MAPPER.readTree(policyJson == null ? "{}" : policyJson);
    } catch (IOException e) {
      return false;
    }
    for (JsonNode st : list(doc.get("Statement"))) {
      boolean allowed =
          "Allow".equals(st.path("Effect").asText())
              && texts(st.get("Action")).stream().anyMatch(a -> covers(a, action))
              && texts(st.path("Principal").get("AWS")).stream()
                  .anyMatch(p -> p.equals(principal) || principal.equals(rootOf(p)))
              && condition.test(st);
      if (allowed) {
        return true;
      }
    }
    return false;
  }

  private static boolean covers(String pattern, String action) {
    return pattern.equals("*")
        || pattern.equalsIgnoreCase(action)
        || (pattern.endsWith("*")
            && action
                .toLowerCase()
                .startsWith(pattern.substring(0, pattern.length() - 1).toLowerCase()));
  }

  /** "414351767826" is shorthand for the account root. */
  private static String rootOf(String p) {
    return p.matches("\\d{12}") ? "arn:aws:iam::" + p + ":root" : p;
  }

  private static List<JsonNode> list(JsonNode n) {
    List<JsonNode> out = new ArrayList<>();
    if (n == null) {
      return out;
    }
    if (n.isArray()) {
      n.forEach(out::add);
    } else {
      out.add(n);
    }
    return out;
  }

  private static List<String> texts(JsonNode n) {
    List<String> out = new ArrayList<>();
    list(n).forEach(e -> out.add(e.asText()));
    return out;
  }
}
