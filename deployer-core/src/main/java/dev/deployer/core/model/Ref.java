package dev.deployer.core.model;

import java.util.Objects;

/**
 * A typed reference to another resource's id or one of its outputs. References are the only source
 * of edges in the dependency graph, so the graph cannot drift from the data flow.
 */
public record Ref(String address, String key) {
  public static final String ID = "id";

  public Ref {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(key, "key");
  }

  @Override
  public String toString() {
    return address + "." + key;
  }
}
