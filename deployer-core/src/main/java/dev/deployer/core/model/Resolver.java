package dev.deployer.core.model;

import java.util.List;
import java.util.Map;

/**
 * What a spec function sees: the values behind references, an ordering-only dependency, and the
 * standard tags for the resource it describes.
 */
public interface Resolver {
  /** The value behind a reference; a marker (see {@link Unknown}) while it is not known yet. */
  String get(Ref ref);

  default List<String> getAll(List<Ref> refs) {
    return refs.stream().map(this::get).toList();
  }

  /** Start this resource only after {@code other} (no data flows between them). */
  void after(Resource<?> other);

  /** Tags every AWS object carries: deployer:stack, deployer:address and the default tags. */
  Map<String, String> tags();
}
