package dev.deployer.core;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A request to stop starting new operations (the first Ctrl-C or SIGTERM). Operations already
 * running finish and record their results; nothing checks it mid-call, because an API call cut off
 * halfway leaves an object the state does not know.
 */
public final class Cancellation {
  private volatile String reason;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  public Cancellation() {}

  /** One that nobody holds a reference to request, for runs that cannot be interrupted. */
  public static Cancellation none() {
    return new Cancellation();
  }

  public boolean requested() {
    return reason != null;
  }

  /** Why, once requested ("interrupted (SIGINT)"). */
  public Optional<String> reason() {
    return Optional.ofNullable(reason);
  }

  /** Requests it; later requests keep the first reason. Listeners run on the caller's thread. */
  public void request(String why) {
    synchronized (this) {
      if (reason != null) {
        return;
      }
      reason = why;
    }
    listeners.forEach(Runnable::run);
  }

  /** Runs {@code r} once it is requested (at once if it already is). */
  public void onRequest(Runnable r) {
    listeners.add(r);
    if (requested()) {
      listeners.remove(r);
      r.run();
    }
  }
}
