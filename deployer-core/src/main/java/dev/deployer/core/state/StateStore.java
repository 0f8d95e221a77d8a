package dev.deployer.core.state;

import java.util.Optional;

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

  /** Takes the stack's exclusive lock; see {@link FileStateStore} for the rules. */
  StateLock lock(String operation, java.util.function.Consumer<String> warnings);

  /** Frees a lock by its id (force-unlock). */
  void forceUnlock(String lockId);

  /** Where the state is, for messages. */
  String location();
}
