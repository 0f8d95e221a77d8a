package dev.deployer.core.state;

import dev.deployer.core.DeployerException;
import dev.deployer.core.json.JsonErrors;
import java.io.IOException;

/** State that cannot be read, or must not be written (older serial, other lineage). */
public final class StateException extends DeployerException {
  public StateException(String message) {
    super(message);
  }

  public StateException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * A stored state that does not parse, said the same way by every store.
   *
   * @param where the state's location
   * @param earlier where the earlier versions are, to restore one
   */
  public static StateException unreadableState(String where, IOException e, String earlier) {
    return new StateException(
        "cannot read state " + where + ": " + JsonErrors.describe(e) + ". " + earlier, e);
  }

  /**
   * A lock that does not parse: it cannot tell who holds it, so only a person who knows no run is
   * in progress may remove it.
   *
   * @param lock what and where the lock is ("lock file ...", "lock object ...")
   * @param remove how to remove it ("remove it", "delete it")
   */
  public static StateException unreadableLock(String lock, IOException e, String remove) {
    return new StateException(
        lock
            + " is unreadable ("
            + JsonErrors.describe(e)
            + "); "
            + remove
            + " if no run is in progress",
        e);
  }
}
