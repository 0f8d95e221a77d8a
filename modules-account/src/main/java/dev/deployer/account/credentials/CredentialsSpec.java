package dev.deployer.account.credentials;

import java.util.Objects;

/** A Databricks credentials configuration: the cross-account role Databricks assumes. */
public record CredentialsSpec(String credentialsName, String roleArn) {
  public CredentialsSpec {
    Objects.requireNonNull(credentialsName, "credentialsName");
    Objects.requireNonNull(roleArn, "roleArn");
  }
}
