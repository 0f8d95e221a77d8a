package dev.deployer.account.logdelivery;

import dev.deployer.core.model.Unknown;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A log delivery configuration. Type and format come in pairs (BILLABLE_USAGE is CSV, AUDIT_LOGS is
 * JSON) and the prefix neither starts nor ends with a slash; both are checked here, before any
 * call. Values only known after apply (markers) pass.
 *
 * @param workspaceIdsFilter the workspaces whose logs are delivered; empty means all
 */
public record LogDeliverySpec(
    String configName,
    String logType,
    String outputFormat,
    String credentialsId,
    String storageConfigurationId,
    String deliveryPathPrefix,
    List<Long> workspaceIdsFilter,
    String status) {

  public static final String ENABLED = "ENABLED";
  public static final String DISABLED = "DISABLED";
  private static final Set<String> STATUSES = Set.of(ENABLED, DISABLED);

  public LogDeliverySpec {
    Objects.requireNonNull(configName, "configName");
    Objects.requireNonNull(logType, "logType");
    Objects.requireNonNull(outputFormat, "outputFormat");
    // A filter is a set: sorted, so that the API's order is not drift.
    workspaceIdsFilter =
        workspaceIdsFilter == null
            ? List.of()
            : List.copyOf(new java.util.TreeSet<>(workspaceIdsFilter));
    status = status == null ? ENABLED : status;
    if (configName.isBlank() || configName.length() > 255) {
      throw new IllegalArgumentException(
          "log delivery config_name must have 1 to 255 characters: '" + configName + "'");
    }
    if (!Unknown.in(logType)) {
      String pair =
          switch (logType) {
            case "BILLABLE_USAGE" -> "CSV";
            case "AUDIT_LOGS" -> "JSON";
            default ->
                throw new IllegalArgumentException(
                    "log type must be BILLABLE_USAGE or AUDIT_LOGS, not " + logType);
          };
      if (!Unknown.in(outputFormat) && !pair.equals(outputFormat)) {
        throw new IllegalArgumentException(
            logType + " logs are delivered as " + pair + ", not " + outputFormat);
      }
    }
    if (deliveryPathPrefix != null && !Unknown.in(deliveryPathPrefix)) {
      if (deliveryPathPrefix.isEmpty()
          || deliveryPathPrefix.startsWith("/")
          || deliveryPathPrefix.endsWith("/")) {
        throw new IllegalArgumentException(
            "delivery path prefix '"
                + deliveryPathPrefix
                + "' must be non-empty and must not start or end with '/'");
      }
    }
    if (!STATUSES.contains(status)) {
      throw new IllegalArgumentException("status must be ENABLED or DISABLED, not " + status);
    }
  }

  /** The same configuration with another status. */
  public LogDeliverySpec withStatus(String s) {
    return new LogDeliverySpec(
        configName,
        logType,
        outputFormat,
        credentialsId,
        storageConfigurationId,
        deliveryPathPrefix,
        workspaceIdsFilter,
        s);
  }
}
