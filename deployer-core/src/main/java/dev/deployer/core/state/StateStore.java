package dev.deployer.core.state;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Where a stack's state lives. Implementations write atomically and keep the previous version. */
public interface StateStore {
  /** The stack name this store holds. */
  String stack();

  Optional<StackState> read();

  /**
   * Writes {@code state}, which must have the stored lineage and a higher serial than the stored
   * state; anything else means another writer got there first and is refused.
   */
  void write(StackState state);

  /**
   * Makes {@code changes} durable, in order, before returning: the run calls it before each API
   * call it announces and after each result. A store with a journal appends them (bytes per change,
   * not per state); this default writes the whole state instead. {@code after} gives the state with
   * at least these changes applied, at a serial no lower than the last change's (the caller never
   * passes changes at or below a serial it has already made durable). Concurrent operations share
   * one call (group commit).
   */
  default void append(List<StateChange> changes, Supplier<StackState> after) {
    write(after.get());
  }

  /**
   * Folds any journal into the state in its main form (the format {@code state show}, {@code
   * output} and other stacks read), at the end of a run. Nothing to do for a store without one.
   */
  default void compact() {}

  /** Takes the stack's exclusive lock; see {@link FileStateStore} for the rules. */
  StateLock lock(String operation, java.util.function.Consumer<String> warnings);

  /** Frees a lock by its id (force-unlock). */
  void forceUnlock(String lockId);

  /** Where the state is, for messages. */
  String location();
}
