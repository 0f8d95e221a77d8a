package dev.deployer.cloud.storage;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A bucket's policy document.
 *
 * @param bootstrap the policy is only the first one, which a later resource replaces (the
 *     restrictive root bucket policy, written once the workspace id is known): any policy on the
 *     bucket then counts as this one, as Terraform's {@code ignore_changes = [policy]} does in the
 *     security reference architecture
 */
public record BucketPolicySpec(String bucket, JsonNode policy, boolean bootstrap)
    implements BucketSettingSpec {
  public BucketPolicySpec {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(policy, "policy");
  }

  public BucketPolicySpec(String bucket, JsonNode policy) {
    this(bucket, policy, false);
  }
}
