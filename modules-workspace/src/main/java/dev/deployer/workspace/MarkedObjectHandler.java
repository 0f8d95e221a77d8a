package dev.deployer.workspace;

import dev.deployer.account.DatabricksClients;
import dev.deployer.core.spi.ResourceType;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The shared part of handlers whose objects prove they are this stack's by an {@link OwnerMark}
 * (clusters, cluster policies, IP access lists): a lost create is found again by its configured
 * name among the listed objects, and only one carrying the mark is adopted ({@link
 * #findsOnlyOwnObjects}). Their types, as {@link #markedType} declares them, are identified by the
 * name field and output the object's id alone.
 */
public abstract class MarkedObjectHandler<S extends WorkspaceScoped>
    extends WorkspaceObjectHandler<S> {
  protected MarkedObjectHandler(DatabricksClients databricks, ResourceType<S> type) {
    super(databricks, type);
  }

  /** The type of a marked workspace object: its name field, its one id output. */
  protected static <S> ResourceType<S> markedType(
      String name, Class<S> specClass, String nameField, String idOutput) {
    return ResourceType.of(name, specClass)
        .outputs(idOutput)
        .replaceOnChange(SCOPE)
        .identifiedBy(nameField);
  }

  @Override
  public final boolean findsOnlyOwnObjects() {
    return true;
  }

  /** The first listed object that passes {@code test}; the listing stops there. */
  protected static <T> Optional<T> first(Iterable<T> listed, Predicate<T> test) {
    for (T t : listed) {
      if (test.test(t)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
