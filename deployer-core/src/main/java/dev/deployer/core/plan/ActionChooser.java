package dev.deployer.core.plan;

import dev.deployer.core.diff.Diff;
import dev.deployer.core.state.Status;

/** The one pure function that picks an action; tested by a table of cases. */
public final class ActionChooser {
  private ActionChooser() {}

  /**
   * @param exists the object exists (after refresh)
   * @param status its recorded status, when it exists
   * @param desired the config declares it (false for every resource in destroy mode)
   * @param diff recorded spec against desired spec, when both exist
   * @param createBeforeDestroy the handler wants the replacement created first
   */
  public static Action choose(
      boolean exists, Status status, boolean desired, Diff diff, boolean createBeforeDestroy) {
    if (!exists) {
      return desired ? Action.CREATE : Action.NO_OP;
    }
    if (!desired) {
      return Action.DELETE;
    }
    Action replace = createBeforeDestroy ? Action.CREATE_THEN_DELETE : Action.DELETE_THEN_CREATE;
    if (status == Status.TAINTED || status == Status.PENDING_DELETE) {
      return replace;
    }
    if (diff != null && diff.forcesReplacement()) {
      return replace;
    }
    // An unfinished create (the object exists, its readiness wait failed or never ran) is
    // finished in place: the update waits until it is ready, then applies any change.
    if (status == Status.PENDING_CREATE) {
      return Action.UPDATE;
    }
    return diff == null || diff.isEmpty() ? Action.NO_OP : Action.UPDATE;
  }
}
