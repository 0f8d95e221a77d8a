package dev.deployer.account.logdelivery;

import com.databricks.sdk.service.billing.CreateLogDeliveryConfigurationParams;
import com.databricks.sdk.service.billing.ListLogDeliveryRequest;
import com.databricks.sdk.service.billing.LogDeliveryConfigStatus;
import com.databricks.sdk.service.billing.LogDeliveryConfiguration;
import com.databricks.sdk.service.billing.LogType;
import com.databricks.sdk.service.billing.OutputFormat;
import com.databricks.sdk.service.billing.UpdateLogDeliveryConfigurationStatusRequest;
import com.databricks.sdk.service.billing.WrappedCreateLogDeliveryConfiguration;
import dev.deployer.account.DatabricksClients;
import dev.deployer.account.DatabricksHandler;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code databricks_mws_log_delivery}. The API has no DELETE and no update besides the status, so
 * destroy disables the configuration, and every other change replaces it (the old one disabled).
 * Configurations are found again by {@code config_name} and log type: create re-enables one with
 * the same settings instead of adding another, so destroy and apply cycles never pile up
 * configurations (an account may hold only a few enabled ones).
 */
public final class LogDeliveryHandler extends DatabricksHandler<LogDeliverySpec> {
  // Everything but the status: PATCH changes only that.
  public static final ResourceType<LogDeliverySpec> TYPE =
      ResourceType.of("databricks_mws_log_delivery", LogDeliverySpec.class)
          .outputs("config_id")
          .replaceOnChange(
              "config_name",
              "log_type",
              "output_format",
              "credentials_id",
              "storage_configuration_id",
              "delivery_path_prefix",
              "workspace_ids_filter")
          .identifiedBy("config_name", "log_type");

  public LogDeliveryHandler(DatabricksClients databricks) {
    super(databricks, TYPE);
  }

  static LogDeliverySpec specOf(LogDeliveryConfiguration c) {
    return new LogDeliverySpec(
        c.getConfigName() == null ? "" + c.getConfigId() : c.getConfigName(),
        String.valueOf(c.getLogType()),
        String.valueOf(c.getOutputFormat()),
        c.getCredentialsId(),
        c.getStorageConfigurationId(),
        c.getDeliveryPathPrefix(),
        c.getWorkspaceIdsFilter() == null ? List.of() : new ArrayList<>(c.getWorkspaceIdsFilter()),
        String.valueOf(c.getStatus()));
  }

  @Override
  public Optional<Observed<LogDeliverySpec>> read(
      HandlerContext ctx, String id, LogDeliverySpec prior) {
    // A DISABLED configuration still exists: it reads as status DISABLED, which the plan shows as
    // drift and the update re-enables.
    return ifExists(() -> databricks.account().logDelivery().get(id).getLogDeliveryConfiguration())
        .map(c -> new Observed<>(specOf(c), Map.of("config_id", id)));
  }

  @Override
  public Created create(HandlerContext ctx, LogDeliverySpec spec) {
    List<LogDeliveryConfiguration> named = sameName(spec);
    Optional<LogDeliveryConfiguration> same =
        named.stream().filter(c -> specOf(c).withStatus(spec.status()).equals(spec)).findFirst();
    if (same.isPresent()) {
      String id = same.get().getConfigId();
      if (!spec.status().equals(String.valueOf(same.get().getStatus()))) {
        setStatus(id, spec.status());
        ctx.report(
            "set the existing log delivery configuration "
                + id
                + " ('"
                + spec.configName()
                + "') to "
                + spec.status()
                + " instead of adding another");
      } else {
        ctx.report("adopting the existing log delivery configuration " + id);
      }
      return new Created(id, Map.of("config_id", id));
    }
    if (!named.isEmpty()) {
      // Settings other than the status cannot change, so a differing one cannot be reused.
      ctx.report(
          named.size()
              + " configuration(s) named '"
              + spec.configName()
              + "' exist with other settings ("
              + named.stream().map(LogDeliveryConfiguration::getConfigId).toList()
              + "); adding a new one");
    }
    LogDeliveryConfiguration c =
        databricks
            .account()
            .logDelivery()
            .create(
                new WrappedCreateLogDeliveryConfiguration()
                    .setLogDeliveryConfiguration(
                        new CreateLogDeliveryConfigurationParams()
                            .setConfigName(spec.configName())
                            .setLogType(LogType.valueOf(spec.logType()))
                            .setOutputFormat(OutputFormat.valueOf(spec.outputFormat()))
                            .setCredentialsId(spec.credentialsId())
                            .setStorageConfigurationId(spec.storageConfigurationId())
                            .setDeliveryPathPrefix(spec.deliveryPathPrefix())
                            .setWorkspaceIdsFilter(
                                spec.workspaceIdsFilter().isEmpty()
                                    ? null
                                    : spec.workspaceIdsFilter())
                            .setStatus(LogDeliveryConfigStatus.valueOf(spec.status()))))
            .getLogDeliveryConfiguration();
    return new Created(c.getConfigId(), Map.of("config_id", c.getConfigId()));
  }

  /** Configurations with this name and log type, any status; the same settings first. */
  private List<LogDeliveryConfiguration> sameName(LogDeliverySpec spec) {
    List<LogDeliveryConfiguration> out = new ArrayList<>();
    for (LogDeliveryConfiguration c :
        databricks.account().logDelivery().list(new ListLogDeliveryRequest())) {
      if (spec.configName().equals(c.getConfigName())
          && spec.logType().equals(String.valueOf(c.getLogType()))) {
        out.add(c);
      }
    }
    out.sort(
        Comparator.comparing(
                (LogDeliveryConfiguration c) -> !specOf(c).withStatus(spec.status()).equals(spec))
            .thenComparing(c -> c.getStatus() != LogDeliveryConfigStatus.ENABLED));
    return out;
  }

  private void setStatus(String id, String status) {
    databricks
        .account()
        .logDelivery()
        .patchStatus(
            new UpdateLogDeliveryConfigurationStatusRequest()
                .setLogDeliveryConfigurationId(id)
                .setStatus(LogDeliveryConfigStatus.valueOf(status)));
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx, String id, LogDeliverySpec prior, LogDeliverySpec desired) {
    setStatus(id, desired.status());
    return Map.of("config_id", id);
  }

  @Override
  public void delete(HandlerContext ctx, String id, LogDeliverySpec prior) {
    deleteIfExists(
        () -> {
          setStatus(id, LogDeliverySpec.DISABLED);
          ctx.report(
              "disabled "
                  + id
                  + " (Databricks has no delete for log delivery); the next apply re-enables it");
        });
  }

  @Override
  public Optional<String> findExisting(HandlerContext ctx, LogDeliverySpec spec) {
    // By name and type, and only with exactly these settings and status: the engine adopts what
    // this returns as if created from the spec. A disabled one of the same settings is left to
    // create, which re-enables it.
    return sameName(spec).stream()
        .filter(c -> specOf(c).equals(spec))
        .findFirst()
        .map(LogDeliveryConfiguration::getConfigId);
  }
}
