package dev.deployer.account;

import dev.deployer.core.DeployerException;
import dev.deployer.core.retry.Durations;
import dev.deployer.core.spi.HandlerContext;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Waits out the IAM propagation race on the calls it happens on: retries only that error, with
 * exponential backoff and full jitter, to a deadline (default 2 minutes), and reports how long it
 * waited. The reference's fixed 30 s sleep is what this replaces.
 */
public final class IamPropagation {
  public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(2);

  private IamPropagation() {}

  /**
   * Runs {@code call}, retrying the race until {@code deadline}; {@code role} names the role in
   * errors.
   */
  public static <T> T retry(
      HandlerContext ctx, String what, String role, Duration deadline, Supplier<T> call) {
    return new UntilReady(
            "IAM role " + role + " not usable by Databricks yet",
            "IAM propagation of " + (role.startsWith("of ") ? role.substring(3) : role),
            DatabricksErrors::isIamPropagationRace,
            Duration.ofSeconds(5),
            deadline)
        .call(
            ctx,
            what,
            call::get,
            e ->
                new DeployerException(
                    "Databricks still rejects the IAM role "
                        + role
                        + " after waiting "
                        + Durations.human(e.elapsed())
                        + " for IAM propagation ("
                        + e.attempts()
                        + " attempts; deadline "
                        + Durations.human(deadline)
                        + "): "
                        + e.getCause().getMessage()
                        + ". Check the role's trust policy "
                        + "(principal arn:aws:iam::414351767826:root, sts:ExternalId = the Databricks account id) and its "
                        + "permissions, then apply again.",
                    e));
  }
}
