package dev.deployer.core.spi;

import java.util.Objects;

/**
 * An object found at plan time that apply takes over instead of creating one.
 *
 * @param id its id
 * @param why for the plan: what it is and why it is taken over
 */
public record Existing(String id, String why) {
  public Existing {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(why, "why");
  }
}
