package dev.deployer.core.spi;

import dev.deployer.core.diff.Diff;
import dev.deployer.core.model.Ref;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One API object type. A handler knows its SDK client and nothing about graphs or state. Specs are
 * immutable records serialised to JSON in snake_case; the default diff compares them field by
 * field.
 *
 * @param <S> the desired-spec record
 */
public interface ResourceHandler<S> {

  /** The type this handler serves: its name in state, spec class, outputs and replace fields. */
  ResourceType<S> type();

  /**
   * Reads the object as it is now. Fields the API cannot return are copied from {@code prior}. An
   * object found under another id than {@code id} (renamed by an update whose record was
   * interrupted) gives its id among the outputs, under {@link Ref#ID}.
   *
   * @return empty when the object no longer exists
   */
  Optional<Observed<S>> read(HandlerContext ctx, String id, S prior);

  Created create(HandlerContext ctx, S spec);

  /**
   * Waits until an object that {@link #create} made, or that the engine found and adopted in its
   * place, can be used by what depends on it: a cluster running (or stopped, when configured not to
   * start), a NAT gateway available, a metastore seen by the workspace's Unity Catalog. During
   * apply the engine calls it after every create and after every adoption (a create retried after a
   * failed attempt, this stack's object found before a create), so no path hands a half-made object
   * to what follows. It may finish what the service's create does not do in one call (stop a
   * cluster configured not to start). By default an object can be used as soon as it exists.
   */
  default void awaitReady(HandlerContext ctx, String id, S spec) {}

  /**
   * Changes the object in place; called only when no replace-forcing field changed. Returns the
   * outputs it changed; when {@link #changedByUpdate} names {@link Ref#ID}, the object's new id
   * under that key (it is recorded as the id, not as an output).
   */
  Map<String, Object> update(HandlerContext ctx, String id, S prior, S desired);

  /**
   * The outputs (and {@link Ref#ID} for the id) that updating {@code prior} in place to {@code
   * desired} gives new values: a catalog renamed in place has a new name and id. At plan time the
   * references to them are unknown, so what uses them is planned on the value apply will know, and
   * is checked again then. Pure; {@code desired} may hold unknown markers.
   */
  default Set<String> changedByUpdate(S prior, S desired) {
    return Set.of();
  }

  /** Deletes the object; an object already gone is not an error. */
  void delete(HandlerContext ctx, String id, S prior);

  /**
   * Finds an object this stack may have created in a run that crashed before recording it (by name
   * or by the {@code deployer:address} tag), so that it is adopted rather than duplicated.
   */
  default Optional<String> findExisting(HandlerContext ctx, S spec) {
    return Optional.empty();
  }

  /**
   * At plan time, for a declared resource this stack has no record of: a read-only look for an
   * object the service allows only once per scope (one metastore per region), which apply would
   * take over instead of creating. What it returns makes the plan show an import of that object,
   * not a create; a {@link dev.deployer.core.DeployerException} stops the plan before anything
   * changes when a create could only fail. {@code spec} may hold unknown markers for values not yet
   * known. Crash recovery stays with {@link #findExisting}.
   */
  default Optional<Existing> existingAtPlan(HandlerContext ctx, S spec) {
    return Optional.empty();
  }

  /**
   * Whether {@link #findExisting} recognises only objects that provably are this stack's (they
   * carry its {@code deployer:stack} and {@code deployer:address} tags). The engine then looks
   * before every create, so a lost state file adopts the stack's objects instead of creating a
   * second estate next to them.
   */
  default boolean findsOnlyOwnObjects() {
    return false;
  }

  /** Pure comparison of the recorded and the desired spec. */
  default Diff diff(S prior, S desired) {
    return Diff.of(prior, desired, type().replaceOnChange());
  }

  /**
   * Why replacing {@code prior} by {@code desired} must not be attempted (the new object would
   * clash with the old one while both exist, or taking the old one away first would cut off what
   * uses it), or empty. Asked at plan time for each replacement a change of the spec forces; a
   * reason refuses the plan before anything changes. {@code desired} may hold values known only
   * after apply ({@link dev.deployer.core.model.Unknown}).
   */
  default Optional<String> refuseReplacement(S prior, S desired) {
    return Optional.empty();
  }

  /**
   * Why changing {@code prior} into {@code desired} in place must not be attempted (the service
   * refuses it, or ignores it, so the change would fail halfway through an apply or never settle),
   * or empty. Asked at plan time for each in-place update; a reason refuses the plan before
   * anything changes. {@code desired} may hold values known only after apply ({@link
   * dev.deployer.core.model.Unknown}); the handler's {@code update} must refuse the same change
   * once the values are known.
   */
  default Optional<String> refuseUpdate(S prior, S desired) {
    return Optional.empty();
  }

  /** Create the replacement before deleting the old object (names must then differ). */
  default boolean createBeforeDestroy() {
    return false;
  }

  /**
   * Whether an error from one of this handler's calls is worth retrying. The engine already retries
   * throttling, 5xx and timeouts it recognises; handlers add the API's own transient codes.
   */
  default boolean isRetryable(Throwable error, Operation operation) {
    return false;
  }

  /**
   * The region this run's client for the type reaches (null for objects without one, such as
   * account-level configurations). Recorded per resource; an entry recorded in another region is
   * neither read nor deleted with this client.
   */
  default String region() {
    return null;
  }

  /**
   * What deleting the object would destroy that cannot be recreated (a workspace's notebooks and
   * jobs, a catalog's schemas, a bucket's objects), in a few words for the plan; empty when
   * nothing. Called at plan time for the resources the plan deletes or replaces.
   */
  default Optional<String> dataHeld(HandlerContext ctx, String id, S prior) {
    return Optional.empty();
  }

  /** Parses a user-given id for {@code import}; by default the id is used as it is. */
  default String importId(String id) {
    return id;
  }
}
