package dev.deployer.cloud.network;

import java.util.Map;

/** A spec of an EC2 object that carries tags, created with them and kept in sync on update. */
public interface TaggedSpec {
  Map<String, String> tags();
}
