package dev.deployer.core;

import dev.deployer.core.model.ResourceDecl;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.spi.ResourceHandler;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Handlers by type name. State may hold resources the config no longer declares; their handlers
 * still have to be found to delete them, so the registry holds every type a stack can use.
 */
public final class HandlerRegistry {
  private final Map<String, ResourceHandler<?>> byType = new LinkedHashMap<>();

  public HandlerRegistry(Collection<? extends ResourceHandler<?>> handlers) {
    handlers.forEach(this::register);
  }

  public static HandlerRegistry of(
      StackDefinition def, Collection<? extends ResourceHandler<?>> extra) {
    HandlerRegistry r = new HandlerRegistry(extra);
    for (ResourceDecl<?> d : def.resources().values()) {
      r.register(d.handler());
    }
    return r;
  }

  private void register(ResourceHandler<?> h) {
    // The declared instance wins: it carries the clients configured for this run.
    byType.put(h.type(), h);
  }

  public ResourceHandler<?> get(String type) {
    ResourceHandler<?> h = byType.get(type);
    if (h == null) {
      throw new DeployerException(
          "The state holds a resource of type '"
              + type
              + "' that this version of deployer does not know; use a matching version or "
              + "'deployer state rm' the resource.");
    }
    return h;
  }
}
