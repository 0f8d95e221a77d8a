package dev.deployer.core.model;

import dev.deployer.core.spi.ResourceType;
import java.util.function.Function;

/**
 * A declared resource: its address, its type, and how to compute its spec from references. Pure
 * data: no handler and no client, so tests build whole stacks without either.
 *
 * @param retainReason when not null, destroying this declared resource only forgets it (the reason
 *     is shown); a resource whose declaration is gone is deleted as usual
 */
public record ResourceDecl<S>(
    String address, ResourceType<S> type, Function<Resolver, S> specFunction, String retainReason) {

  public ResourceDecl<S> retained(String reason) {
    return new ResourceDecl<>(address, type, specFunction, reason);
  }
}
