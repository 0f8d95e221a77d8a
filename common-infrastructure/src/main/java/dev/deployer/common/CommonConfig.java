package dev.deployer.common;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.deployer.account.IamPropagation;
import dev.deployer.core.retry.Durations;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The common stack's config, bound from {@code environments/config/common.json} after the check
 * against {@code common.schema.json}. Field names are the snake_case JSON names. Every optional
 * value is resolved to its default here, so the stack reads plain values.
 */
// The state section (where the state lives) is read by environments' StateBackends from the raw
// JSON, before any stack is defined, and allow_destroy by the apply command; the stack itself
// uses neither.
@JsonIgnoreProperties({"state", "allow_destroy", "protect"})
public record CommonConfig(
    String environment,
    String prefix,
    Aws aws,
    Databricks databricks,
    Map<String, String> tags,
    Logging logging,
    Metastore metastore,
    String iamRaceDeadline,
    Map<String, com.fasterxml.jackson.databind.node.ObjectNode> adopted) {

  /** The stack name, and the only value {@code environment} may have. */
  public static final String STACK = "common";

  public CommonConfig {
    if (!STACK.equals(environment)) {
      throw new IllegalArgumentException(
          "environment must be '"
              + STACK
              + "' in the common stack's config, not '"
              + environment
              + "'");
    }
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(aws, "aws");
    Objects.requireNonNull(databricks, "databricks");
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    logging =
        (logging == null ? new Logging(null, null, null, null) : logging).withDefaults(prefix);
    metastore =
        (metastore == null ? new Metastore(null, null, null, null) : metastore)
            .withDefaults(prefix, aws.region());
    if (iamRaceDeadline != null) {
      Durations.parse(iamRaceDeadline); // fails early on a bad value
    }
    adopted = adopted == null ? Map.of() : Map.copyOf(adopted);
  }

  /** This config with another logging section (its defaults filled in from the prefix). */
  public CommonConfig withLogging(Logging l) {
    return new CommonConfig(
        environment, prefix, aws, databricks, tags, l, metastore, iamRaceDeadline, adopted);
  }

  /** This config with another metastore section (its defaults filled in). */
  public CommonConfig withMetastore(Metastore m) {
    return new CommonConfig(
        environment, prefix, aws, databricks, tags, logging, m, iamRaceDeadline, adopted);
  }

  /** How long to retry Databricks' rejection of a fresh IAM role (default 2 minutes). */
  public Duration raceDeadline() {
    return iamRaceDeadline == null
        ? IamPropagation.DEFAULT_DEADLINE
        : Durations.parse(iamRaceDeadline);
  }

  /**
   * AWS region and, optionally, profile and endpoint override; the environments' configs have the
   * same section.
   */
  public record Aws(String region, String profile, String endpoint) {
    public Aws {
      Objects.requireNonNull(region, "aws.region");
    }

    public Optional<String> profileOpt() {
      return Optional.ofNullable(profile);
    }
  }

  /**
   * The Databricks account, in this config and in the environments' ones; hosts default to the real
   * service.
   */
  public record Databricks(
      String accountId, String accountHost, String workspaceHostTemplate, String profile) {
    public static final String DEFAULT_ACCOUNT_HOST = "https://accounts.cloud.databricks.com";
    public static final String DEFAULT_WORKSPACE_HOST_TEMPLATE =
        "https://{deployment}.cloud.databricks.com";

    public Databricks {
      Objects.requireNonNull(accountId, "databricks.account_id");
    }

    public String accountHostOrDefault() {
      return accountHost == null ? DEFAULT_ACCOUNT_HOST : accountHost;
    }

    public String workspaceHostTemplateOrDefault() {
      return workspaceHostTemplate == null
          ? DEFAULT_WORKSPACE_HOST_TEMPLATE
          : workspaceHostTemplate;
    }
  }

  /**
   * Log delivery (RESOURCES.md 1.1). Defaults: bucket {@code {prefix}-log-delivery}, prefixes
   * {@code billable-usage-logs} and {@code audit-logs}, no force destroy.
   */
  public record Logging(
      String bucket, String billableUsagePrefix, String auditLogsPrefix, Boolean forceDestroy) {
    public static final String DEFAULT_BILLABLE_USAGE_PREFIX = "billable-usage-logs";
    public static final String DEFAULT_AUDIT_LOGS_PREFIX = "audit-logs";

    Logging withDefaults(String prefix) {
      return new Logging(
          bucket == null ? prefix + "-log-delivery" : bucket,
          billableUsagePrefix == null ? DEFAULT_BILLABLE_USAGE_PREFIX : billableUsagePrefix,
          auditLogsPrefix == null ? DEFAULT_AUDIT_LOGS_PREFIX : auditLogsPrefix,
          Boolean.TRUE.equals(forceDestroy));
    }

    public boolean forceDestroyOrDefault() {
      return Boolean.TRUE.equals(forceDestroy);
    }
  }

  /**
   * The Unity Catalog metastore (RESOURCES.md 1.2). Defaults: name {@code unity-catalog-{prefix}},
   * region {@code aws.region}, owner the identity that creates it, no adoption of an existing one.
   */
  public record Metastore(String name, String region, String owner, Boolean adoptExisting) {
    public Metastore(String name, String region, String owner) {
      this(name, region, owner, null);
    }

    Metastore withDefaults(String prefix, String awsRegion) {
      return new Metastore(
          name == null ? "unity-catalog-" + prefix : name,
          region == null ? awsRegion : region,
          owner,
          adoptExistingOrDefault());
    }

    /** Use the region's existing metastore instead of creating one (default false). */
    public boolean adoptExistingOrDefault() {
      return Boolean.TRUE.equals(adoptExisting);
    }
  }
}
