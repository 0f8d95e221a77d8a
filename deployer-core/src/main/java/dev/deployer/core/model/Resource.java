package dev.deployer.core.model;

import dev.deployer.core.spi.ResourceHandler;

/** A handle to a declared resource, used to build references to its id and outputs. */
public record Resource<S>(String address, ResourceHandler<S> handler) {

  public Ref id() {
    return new Ref(address, Ref.ID);
  }

  public Ref out(String key) {
    if (!Ref.ID.equals(key) && !handler.outputNames().contains(key)) {
      throw new IllegalArgumentException(
          "resource "
              + address
              + " ("
              + handler.type()
              + ") has no output '"
              + key
              + "'; it has "
              + handler.outputNames());
    }
    return new Ref(address, key);
  }
}
