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
import dev.deployer.account.DatabricksErrors;
import dev.deployer.account.DatabricksHandler;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code databricks_mws_log_delivery}. There is no DELETE: destroy disables it. Create first looks
 * for a configuration with the same settings (enabled or not) and re-enables it, so destroy and
 * apply cycles never pile up configurations (an account may hold only a few).
 */
public final class LogDeliveryHandler extends DatabricksHandler<LogDeliverySpec> {
  public static final String TYPE = "databricks_mws_log_delivery";

  public LogDeliveryHandler(DatabricksClients databricks) {
    super(databricks);
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Class<LogDeliverySpec> specClass() {
    return LogDeliverySpec.class;
  }

  @Override
  public Set<String> outputNames() {
    return Set.of("config_id");
  }

  @Override
  public Set<String> replaceOnChange() {
    return Set.of(
        "config_name",
        "log_type",
        "output_format",
        "credentials_id",
        "storage_configuration_id",
        "delivery_path_prefix");
  }

  private static LogDeliverySpec specOf(LogDeliveryConfiguration c) {
    return new LogDeliverySpec(
        c.getConfigName(),
        String.valueOf(c.getLogType()),
        String.valueOf(c.getOutputFormat()),
        c.getCredentialsId(),
        c.getStorageConfigurationId(),
        c.getDeliveryPathPrefix(),
        String.valueOf(c.getStatus()));
  }

  @Override
  public Optional<Observed<LogDeliverySpec>> read(
      HandlerContext ctx, String id, LogDeliverySpec prior) {
    try {
      LogDeliveryConfiguration c =
          databricks.account().logDelivery().get(id).getLogDeliveryConfiguration();
      return c == null
          ? Optional.empty()
          : Optional.of(new Observed<>(specOf(c), Map.of("config_id", id)));
    } catch (RuntimeException e) {
      if (DatabricksErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public Created create(HandlerContext ctx, LogDeliverySpec spec) {
    Optional<LogDeliveryConfiguration> same = sameSettings(spec);
    if (same.isPresent()) {
      String id = same.get().getConfigId();
      if (same.get().getStatus() != LogDeliveryConfigStatus.valueOf(spec.status())) {
        setStatus(id, spec.status());
        ctx.report(
            "re-enabled the existing log delivery configuration "
                + id
                + " instead of adding another");
      }
      return new Created(id, Map.of("config_id", id));
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
                            .setStatus(LogDeliveryConfigStatus.valueOf(spec.status()))))
            .getLogDeliveryConfiguration();
    return new Created(c.getConfigId(), Map.of("config_id", c.getConfigId()));
  }

  /** A configuration with the same settings but any status. */
  private Optional<LogDeliveryConfiguration> sameSettings(LogDeliverySpec spec) {
    for (LogDeliveryConfiguration c :
        databricks.account().logDelivery().list(new ListLogDeliveryRequest())) {
      if (specOf(c).withStatus(spec.status()).equals(spec)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
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
    try {
      setStatus(id, "DISABLED");
      ctx.report(
          "disabled (Databricks has no delete for log delivery); the next apply re-enables it");
    } catch (RuntimeException e) {
      if (!DatabricksErrors.isNotFound(e)) {
        throw e;
      }
    }
  }

  @Override
  public Optional<String> findExisting(HandlerContext ctx, LogDeliverySpec spec) {
    return sameSettings(spec).map(LogDeliveryConfiguration::getConfigId);
  }
}
