package dev.deployer.cloud.storage;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** A bucket's policy document. */
public record BucketPolicySpec(String bucket, JsonNode policy) {
  public BucketPolicySpec {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(policy, "policy");
  }
}
