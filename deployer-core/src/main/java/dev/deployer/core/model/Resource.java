package dev.deployer.core.model;

import dev.deployer.core.spi.ResourceType;

/** A handle to a declared resource, used to build references to its id and outputs. */
public record Resource<S>(String address, ResourceType<S> type) {

  public Ref id() {
    return new Ref(address, Ref.ID);
  }

  public Ref out(String key) {
    if (!Ref.ID.equals(key) && !type.outputs().contains(key)) {
      throw new IllegalArgumentException(
          "resource "
              + address
              + " ("
              + type.name()
              + ") has no output '"
              + key
              + "'; it has "
              + type.outputs());
    }
    return new Ref(address, key);
  }
}
