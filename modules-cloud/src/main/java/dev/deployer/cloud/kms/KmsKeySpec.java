package dev.deployer.cloud.kms;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;

/**
 * A symmetric KMS key with its key policy, yearly rotation and an alias (the key's name: keys have
 * none of their own). Everything changes in place.
 *
 * @param alias {@code alias/...}, unique in the account and region
 */
public record KmsKeySpec(
    String alias,
    String description,
    JsonNode policy,
    boolean enableKeyRotation,
    Map<String, String> tags) {
  public KmsKeySpec {
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(policy, "policy");
    if (!alias.startsWith("alias/") || alias.startsWith("alias/aws/")) {
      throw new IllegalArgumentException(
          "a KMS alias must start with 'alias/' and not 'alias/aws/': " + alias);
    }
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }
}
