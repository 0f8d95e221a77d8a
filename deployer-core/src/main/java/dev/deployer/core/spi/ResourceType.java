package dev.deployer.core.spi;

import dev.deployer.core.json.Json;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What deployer knows about one API object type without any client: the name recorded in state, the
 * spec record, the outputs besides the id, the spec fields whose change forces replacement, and the
 * spec fields that identify an object lost by a crashed create (adoption). Declared once per type
 * as a constant next to its handler; stack definitions name it, the catalogue maps it to the
 * handler built for the run.
 *
 * @param <S> the desired-spec record
 */
public final class ResourceType<S> {
  private final String name;
  private final Class<S> specClass;
  private final Set<String> outputs;
  private final Set<String> replaceOnChange;
  private final Set<String> identity;

  private ResourceType(
      String name,
      Class<S> specClass,
      Set<String> outputs,
      Set<String> replaceOnChange,
      Set<String> identity) {
    this.name = Objects.requireNonNull(name, "name");
    this.specClass = Objects.requireNonNull(specClass, "specClass");
    this.outputs = Set.copyOf(outputs);
    this.replaceOnChange = Set.copyOf(replaceOnChange);
    this.identity = Set.copyOf(identity);
  }

  /** A type with no outputs, no replace-forcing field and no adoption identity yet. */
  public static <S> ResourceType<S> of(String name, Class<S> specClass) {
    return new ResourceType<>(name, specClass, Set.of(), Set.of(), Set.of());
  }

  public ResourceType<S> outputs(String... names) {
    return new ResourceType<>(name, specClass, Set.of(names), replaceOnChange, identity);
  }

  public ResourceType<S> replaceOnChange(String... fields) {
    requireFields(fields);
    return new ResourceType<>(name, specClass, outputs, union(replaceOnChange, fields), identity);
  }

  /** Every spec field forces replacement: the API has no update for the object. */
  public ResourceType<S> replaceOnAnyChange() {
    return new ResourceType<>(name, specClass, outputs, fieldsOf(specClass), identity);
  }

  /**
   * The spec fields (snake_case) by which the handler's {@code findExisting} recognises an object a
   * crashed run created; empty when it goes by the {@code deployer:address} tag or cannot adopt.
   */
  public ResourceType<S> identifiedBy(String... fields) {
    requireFields(fields);
    return new ResourceType<>(name, specClass, outputs, replaceOnChange, Set.of(fields));
  }

  public String name() {
    return name;
  }

  public Class<S> specClass() {
    return specClass;
  }

  /** Names of the outputs create and read return (besides the id). */
  public Set<String> outputs() {
    return outputs;
  }

  /** Spec fields (snake_case JSON names) whose change forces replacement. */
  public Set<String> replaceOnChange() {
    return replaceOnChange;
  }

  public Set<String> identity() {
    return identity;
  }

  // A misspelt field would silently never force replacement; refuse it when the type is declared.
  private void requireFields(String[] fields) {
    Set<String> known = fieldsOf(specClass);
    for (String f : fields) {
      if (!known.contains(f)) {
        throw new IllegalArgumentException(
            name + ": " + specClass.getSimpleName() + " has no field '" + f + "'; it has " + known);
      }
    }
  }

  private static Set<String> union(Set<String> a, String[] b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(Arrays.asList(b));
    return all;
  }

  private static Set<String> fieldsOf(Class<?> specClass) {
    return Json.mapper()
        .getSerializationConfig()
        .introspect(Json.mapper().constructType(specClass))
        .findProperties()
        .stream()
        .map(p -> p.getName())
        .collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResourceType<?> t && t.name.equals(name) && t.specClass == specClass;
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  /** The type name, so that messages can concatenate a type as they did its name. */
  @Override
  public String toString() {
    return name;
  }
}
