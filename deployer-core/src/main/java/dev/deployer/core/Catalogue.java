package dev.deployer.core;

import dev.deployer.core.spi.ResourceHandler;
import dev.deployer.core.spi.ResourceType;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every resource type deployer knows, each with the handler built for this run's clients. It does
 * not depend on what the config declares: state of any known type can be refreshed, planned and
 * destroyed after its last declaration is gone.
 */
public final class Catalogue {
  private final Map<String, ResourceHandler<?>> byType = new LinkedHashMap<>();

  public Catalogue(Collection<? extends ResourceHandler<?>> handlers) {
    for (ResourceHandler<?> h : handlers) {
      ResourceHandler<?> before = byType.putIfAbsent(h.type().name(), h);
      if (before != null) {
        throw new IllegalArgumentException(
            "two handlers for type "
                + h.type()
                + ": "
                + before.getClass().getName()
                + " and "
                + h.getClass().getName());
      }
    }
  }

  /** The handler for a type name recorded in state. */
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

  /** The handler for a declared type. */
  @SuppressWarnings("unchecked")
  public <S> ResourceHandler<S> handler(ResourceType<S> type) {
    ResourceHandler<?> h = get(type.name());
    if (!h.type().equals(type)) {
      throw new IllegalStateException(
          "the catalogue's " + type + " handler declares another spec class");
    }
    return (ResourceHandler<S>) h;
  }

  public boolean knows(String type) {
    return byType.containsKey(type);
  }
}
