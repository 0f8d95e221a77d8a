package dev.deployer.environments;

import java.util.Map;

/** The common stack's config, bound from {@code environments/config/common.json}. */
public record CommonConfig(
    String environment,
    String prefix,
    EnvironmentConfig.Aws aws,
    EnvironmentConfig.Databricks databricks,
    Map<String, String> tags,
    Logging logging,
    Metastore metastore,
    String iamRaceDeadline,
    EnvironmentConfig.StateSection state) {

  public CommonConfig {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    logging = logging == null ? new Logging(null, null, null, null) : logging;
    metastore = metastore == null ? new Metastore(null, null, null, null) : metastore;
  }

  /** Log delivery settings; every field has a default. */
  public record Logging(
      String bucket, String billableUsagePrefix, String auditLogsPrefix, Boolean forceDestroy) {}

  /** The metastore; every field has a default. */
  public record Metastore(String name, String region, String owner, Boolean adoptExisting) {
    public boolean adoptExistingOrDefault() {
      return Boolean.TRUE.equals(adoptExisting);
    }
  }
}
