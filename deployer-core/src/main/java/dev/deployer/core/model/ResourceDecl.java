package dev.deployer.core.model;

import dev.deployer.core.spi.ResourceHandler;
import java.util.function.Function;

/** A declared resource: its address, its handler, and how to compute its spec from references. */
public record ResourceDecl<S>(
    String address, ResourceHandler<S> handler, Function<Resolver, S> specFunction) {}
