package dev.deployer.core.model;

import dev.deployer.core.spi.ResourceType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Collects the resources and outputs of one stack. Modules add to it; {@link #build()} checks it.
 */
public final class StackBuilder {
  // Addresses look like module.name or module.name["key"], as in Terraform.
  private static final Pattern ADDRESS =
      Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*(\\[\"[^\"]+\"\\])?)+");

  private final String stack;
  private final Map<String, String> defaultTags;
  private final Map<String, ResourceDecl<?>> resources = new LinkedHashMap<>();
  private final Map<String, Object> outputs = new LinkedHashMap<>();
  private final Map<String, com.fasterxml.jackson.databind.node.ObjectNode> kept =
      new LinkedHashMap<>();

  public StackBuilder(String stack, Map<String, String> defaultTags) {
    this.stack = Objects.requireNonNull(stack, "stack");
    this.defaultTags = Map.copyOf(defaultTags);
  }

  public String stack() {
    return stack;
  }

  public <S> Resource<S> add(
      String address, ResourceType<S> type, Function<Resolver, S> specFunction) {
    if (!ADDRESS.matcher(address).matches()) {
      throw new IllegalArgumentException("bad resource address: " + address);
    }
    if (resources.containsKey(address)) {
      throw new IllegalArgumentException("resource declared twice: " + address);
    }
    resources.put(address, new ResourceDecl<>(address, type, specFunction, null));
    return new Resource<>(address, type);
  }

  /**
   * Destroying {@code resource} leaves the object in place and only forgets it, for the reason
   * given (shown on destroy). Only while it is declared: removed from the config, it is deleted.
   */
  public StackBuilder retainOnDestroy(Resource<?> resource, String reason) {
    ResourceDecl<?> decl = resources.get(resource.address());
    if (decl == null) {
      throw new IllegalArgumentException("not declared here: " + resource.address());
    }
    resources.put(resource.address(), decl.retained(reason));
    return this;
  }

  /** A stack output from a resource's id or output. */
  public StackBuilder output(String name, Ref ref) {
    outputs.put(name, ref);
    return this;
  }

  /** A stack output with a value known from config. */
  public StackBuilder output(String name, String value) {
    outputs.put(name, value);
    return this;
  }

  /**
   * Spec fields of {@code address} taken as given over what its module computes: the names an
   * adopted object already has (Terraform let AWS name a security group), which deployer would
   * otherwise replace the object to change. Applied to every evaluation of the spec.
   */
  public StackBuilder keep(String address, com.fasterxml.jackson.databind.node.ObjectNode fields) {
    kept.put(address, fields.deepCopy());
    return this;
  }

  public StackDefinition build() {
    Map<String, ResourceDecl<?>> all = new LinkedHashMap<>(resources);
    for (Map.Entry<String, com.fasterxml.jackson.databind.node.ObjectNode> e : kept.entrySet()) {
      ResourceDecl<?> decl = all.get(e.getKey());
      if (decl == null) {
        throw new IllegalArgumentException(
            "kept fields for " + e.getKey() + ", which this stack does not declare");
      }
      all.put(e.getKey(), keeping(decl, e.getValue()));
    }
    return new StackDefinition(stack, defaultTags, all, outputs);
  }

  private static <S> ResourceDecl<S> keeping(
      ResourceDecl<S> decl, com.fasterxml.jackson.databind.node.ObjectNode fields) {
    Function<Resolver, S> computed = decl.specFunction();
    Function<Resolver, S> withKept =
        r -> {
          com.fasterxml.jackson.databind.node.ObjectNode spec =
              (com.fasterxml.jackson.databind.node.ObjectNode)
                  dev.deployer.core.json.Json.tree(computed.apply(r));
          fields
              .fieldNames()
              .forEachRemaining(
                  f -> {
                    if (!spec.has(f)) {
                      throw new IllegalArgumentException(
                          decl.address() + " has no field '" + f + "' to keep");
                    }
                  });
          spec.setAll(fields);
          return dev.deployer.core.json.Json.convert(spec, decl.type().specClass());
        };
    return new ResourceDecl<>(decl.address(), decl.type(), withKept, decl.retainReason());
  }
}
