package dev.deployer.cloud.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** An inline policy of a role. IAM cannot tag inline policies. */
public record RolePolicySpec(String roleName, String policyName, JsonNode policy) {
  public RolePolicySpec {
    Objects.requireNonNull(roleName, "roleName");
    Objects.requireNonNull(policyName, "policyName");
    Objects.requireNonNull(policy, "policy");
  }
}
