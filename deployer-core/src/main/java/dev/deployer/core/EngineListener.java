package dev.deployer.core;

import dev.deployer.core.plan.ResourceChange;
import java.time.Duration;

/** What the engine tells the user interface while it works. Every method has a quiet default. */
public interface EngineListener {
  /** An operation on a resource started; {@code verb} is like "Creating" or "Destroying". */
  default void started(ResourceChange change, String verb) {}

  default void finished(ResourceChange change, String verb, String id, Duration elapsed) {}

  default void failed(ResourceChange change, String verb, Throwable error, Duration elapsed) {}

  /** Not started because something it depends on failed. */
  default void skipped(ResourceChange change, String because) {}

  /** Still running after a while; called about every 10 seconds. */
  default void stillRunning(ResourceChange change, String verb, Duration elapsed) {}

  /** A handler's own progress line (waiting for a status, retrying a transient error). */
  default void progress(String address, String message) {}

  /** Something worth a user's attention that is not an error. */
  default void warning(String message) {}

  /** Refresh read a resource. */
  default void refreshed(String address, String id) {}

  EngineListener QUIET = new EngineListener() {};
}
