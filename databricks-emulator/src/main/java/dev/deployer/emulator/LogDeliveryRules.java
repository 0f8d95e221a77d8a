package dev.deployer.emulator;

import java.util.Map;

/** Log delivery constraints: type/format pairing and the delivery path prefix. */
final class LogDeliveryRules {
  static final Map<String, String> FORMAT_FOR_TYPE =
      Map.of("BILLABLE_USAGE", "CSV", "AUDIT_LOGS", "JSON");

  private LogDeliveryRules() {}

  static void check(String logType, String outputFormat, String prefix) {
    String expected = FORMAT_FOR_TYPE.get(logType);
    if (expected == null) {
      throw ApiException.invalid(
          "Invalid log_type '" + logType + "'; expected one of " + FORMAT_FOR_TYPE.keySet());
    }
    if (!expected.equals(outputFormat)) {
      throw ApiException.invalid(
          "log_type " + logType + " requires output_format " + expected + ", got " + outputFormat);
    }
    if (prefix != null && (prefix.startsWith("/") || prefix.endsWith("/"))) {
      throw ApiException.invalid("delivery_path_prefix must not start or end with '/': " + prefix);
    }
  }
}
