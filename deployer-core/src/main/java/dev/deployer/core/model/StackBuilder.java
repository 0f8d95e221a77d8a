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

  public StackDefinition build() {
    return new StackDefinition(stack, defaultTags, resources, outputs);
  }
}
