package dev.deployer.core.state;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The background renewal both lock kinds (file and S3) run while held: one daemon thread per lock,
 * so a holder that stops running stops renewing, which is what lets another host take it over.
 */
public final class LockHeartbeat {
  private LockHeartbeat() {}

  /** Runs {@code renew} every {@code every}; the caller shuts the executor down on release. */
  public static ScheduledExecutorService start(String stack, Duration every, Runnable renew) {
    ScheduledExecutorService renewer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "lock-heartbeat-" + stack);
              t.setDaemon(true);
              return t;
            });
    long ms = Math.max(1, every.toMillis());
    renewer.scheduleAtFixedRate(renew, ms, ms, TimeUnit.MILLISECONDS);
    return renewer;
  }
}
