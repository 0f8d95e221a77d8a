package dev.deployer.core.state;

import dev.deployer.core.DeployerException;
import java.nio.file.Path;

/** Another run holds the stack's lock. */
public final class StateLockedException extends DeployerException {
  private final LockInfo holder;

  public StateLockedException(String stack, LockInfo holder, Path lock) {
    this(stack, holder, "file " + lock, "");
  }

  /**
   * A lock held elsewhere than in a file ({@code where}: "object s3://..."); {@code note} adds what
   * the backend knows about the holder, such as how long ago it last renewed the lock.
   */
  public StateLockedException(String stack, LockInfo holder, String where, String note) {
    super(
        "Stack "
            + stack
            + " is locked by "
            + holder.who()
            + "@"
            + holder.host()
            + " (pid "
            + holder.pid()
            + ", "
            + holder.operation()
            + ", since "
            + holder.created()
            + "; lock id "
            + holder.id()
            + ", "
            + where
            + ")"
            + note
            + ". Wait for that run to finish, or if it is gone run "
            + "'deployer force-unlock "
            + holder.id()
            + " --env "
            + stack
            + "'.");
    this.holder = holder;
  }

  public LockInfo holder() {
    return holder;
  }
}
