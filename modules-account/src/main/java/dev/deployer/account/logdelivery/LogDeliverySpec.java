package dev.deployer.account.logdelivery;

import dev.deployer.core.model.Unknown;
import java.util.Objects;
import java.util.Set;

/**
 * A log delivery configuration. Type and format come in pairs (BILLABLE_USAGE is CSV, AUDIT_LOGS is
 * JSON) and the prefix neither starts nor ends with a slash; both are checked here, before any
 * call.
 */
public record LogDeliverySpec(
    String configName,
    String logType,
    String outputFormat,
    String credentialsId,
    String storageConfigurationId,
    String deliveryPathPrefix,
    String status) {

  private static final Set<String> STATUSES = Set.of("ENABLED", "DISABLED");

  public LogDeliverySpec {
    Objects.requireNonNull(configName, "configName");
    if ("BILLABLE_USAGE".equals(logType) && !"CSV".equals(outputFormat)) {
      throw new IllegalArgumentException(
          "BILLABLE_USAGE logs are delivered as CSV, not " + outputFormat);
    }
    if ("AUDIT_LOGS".equals(logType) && !"JSON".equals(outputFormat)) {
      throw new IllegalArgumentException("AUDIT_LOGS are delivered as JSON, not " + outputFormat);
    }
    if (!"BILLABLE_USAGE".equals(logType) && !"AUDIT_LOGS".equals(logType)) {
      throw new IllegalArgumentException(
          "log type must be BILLABLE_USAGE or AUDIT_LOGS, not " + logType);
    }
    if (deliveryPathPrefix != null
        && !Unknown.in(deliveryPathPrefix)
        && (deliveryPathPrefix.startsWith("/") || deliveryPathPrefix.endsWith("/"))) {
      throw new IllegalArgumentException(
          "delivery path prefix '" + deliveryPathPrefix + "' must not start or end with '/'");
    }
    if (!STATUSES.contains(status)) {
      throw new IllegalArgumentException("status must be ENABLED or DISABLED, not " + status);
    }
  }

  LogDeliverySpec withStatus(String s) {
    return new LogDeliverySpec(
        configName,
        logType,
        outputFormat,
        credentialsId,
        storageConfigurationId,
        deliveryPathPrefix,
        s);
  }
}
