package dev.deployer.cloud.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;

/** An IAM role: its name (fixed for life), trust policy and tags. */
public record RoleSpec(String name, JsonNode assumeRolePolicy, Map<String, String> tags) {
  public RoleSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(assumeRolePolicy, "assumeRolePolicy");
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }
}
