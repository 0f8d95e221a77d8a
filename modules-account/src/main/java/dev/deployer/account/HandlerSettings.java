package dev.deployer.account;

import java.time.Duration;

/**
 * The run's settings that Databricks handlers need besides their clients, from the stack's config.
 *
 * @param iamRaceDeadline how long to retry the IAM propagation race (RESOURCES.md 3)
 * @param workspaceTimeout how long a workspace may take to reach RUNNING
 * @param keepFailedWorkspace leave a FAILED workspace in place for inspection instead of replacing
 */
public record HandlerSettings(
    Duration iamRaceDeadline, Duration workspaceTimeout, boolean keepFailedWorkspace) {

  public static final Duration DEFAULT_WORKSPACE_TIMEOUT = Duration.ofMinutes(20);

  public static HandlerSettings defaults() {
    return new HandlerSettings(IamPropagation.DEFAULT_DEADLINE, DEFAULT_WORKSPACE_TIMEOUT, false);
  }
}
