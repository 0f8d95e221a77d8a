package dev.deployer.account.keys;

import java.util.List;
import java.util.Objects;

/**
 * A KMS key registered with the Databricks account for its use cases ({@code MANAGED_SERVICES},
 * {@code STORAGE}). The key's ARN is its identity: registrations have no name.
 */
public record CustomerManagedKeySpec(String keyArn, String keyAlias, List<String> useCases) {
  public static final String MANAGED_SERVICES = "MANAGED_SERVICES";
  public static final String STORAGE = "STORAGE";

  public CustomerManagedKeySpec {
    Objects.requireNonNull(keyArn, "keyArn");
    useCases = useCases == null ? List.of() : useCases.stream().sorted().distinct().toList();
  }
}
