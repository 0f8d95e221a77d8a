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
   * The check {@link #forceUnlock} makes before removing anything: the stack is locked, and by the
   * lock with the id given.
   *
   * @param lock where the lock is, for the message
   * @param heldId the id of the lock held now; null when there is none
   */
  static void requireHeldLock(String stack, String lock, String heldId, String lockId) {
    if (heldId == null) {
      throw new StateException("stack " + stack + " is not locked (" + lock + " does not exist)");
    }
    if (!heldId.equals(lockId)) {
      throw new StateException(
          "the lock on stack "
              + stack
              + " has id "
              + heldId
              + ", not "
              + lockId
              + "; nothing was changed");
    }
  }

  /**
   * The check every store makes on the state it reads: {@code read} is in the format this version
   * writes and is the state of {@code stack}.
   *
   * @param where the stored state's location, for the message
   */
  static StackState requireReadable(String stack, String where, StackState read) {
    if (read.version() != StackState.FORMAT_VERSION) {
      throw new StateException(
          where
              + ": state format version "
              + read.version()
              + " is not supported (expected "
              + StackState.FORMAT_VERSION
              + ")");
    }
    if (!stack.equals(read.stack())) {
      throw new StateException(
          where + " holds the state of stack '" + read.stack() + "', not '" + stack + "'");
    }
    return read;
  }

  /**
   * The check every store makes before {@link #write}: {@code next} must carry the stored lineage
   * (else it is another stack's state) and a higher serial than the stored one (else another run
   * wrote since this one read).
   *
   * @param where the stored state's location, for the message
   */
  static void requireSuccessor(
      String stack, String where, String storedLineage, long storedSerial, StackState next) {
    if (!storedLineage.equals(next.lineage())) {
      throw new StateException(
          "refusing to write state for "
              + stack
              + ": its lineage "
              + next.lineage()
              + " differs from the stored "
              + storedLineage
              + " in "
              + where
              + " (a different stack's state)");
    }
    if (next.serial() <= storedSerial) {
      throw new StateException(
          "refusing to write state for "
              + stack
              + ": serial "
              + next.serial()
              + " is not newer than the stored serial "
              + storedSerial
              + " in "
              + where
              + " (another run wrote it since this one read it)");
    }
  }

  /**
   * Makes {@code changes} durable, in order, before returning: the run calls it before each API
   * call it announces and after each result. A store with a journal appends them (bytes per change,
   * not per state); this default writes the whole state instead. {@code after} gives the state with
   * at least these changes applied, at a serial no lower than the last change's (the caller never
   * passes changes at or below a serial it has already made durable). Concurrent operations share
   * one call (group commit).
   *
   * <p>Returns the highest serial that is now durable: the last change's, or the serial of the
   * whole state written instead (which can include changes queued after these). The caller moves
   * its durable mark by this value only, never by what {@code after} returned: a store (or a
   * wrapper) may call {@code after} and then not write it.
   */
  default long append(List<StateChange> changes, Supplier<StackState> after) {
    StackState s = after.get();
    write(s);
    return s.serial();
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
