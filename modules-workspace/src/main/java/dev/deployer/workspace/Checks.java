package dev.deployer.workspace;

import dev.deployer.core.model.Unknown;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Spec validation that tolerates values not known until apply: a value holding an unknown marker is
 * checked again when the spec is evaluated with real values.
 */
public final class Checks {
  private Checks() {}

  public static String required(String value, String field) {
    Objects.requireNonNull(value, field);
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
    return value;
  }

  public static String matches(String value, Pattern pattern, String field, String hint) {
    required(value, field);
    if (!Unknown.in(value) && !pattern.matcher(value).matches()) {
      throw new IllegalArgumentException(field + " '" + value + "' is invalid: " + hint);
    }
    return value;
  }

  public static boolean known(String value) {
    return value != null && !Unknown.in(value);
  }
}
