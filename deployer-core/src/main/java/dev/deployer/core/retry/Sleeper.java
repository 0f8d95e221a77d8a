package dev.deployer.core.retry;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Waits for a while. Injected everywhere so tests run with a fake clock and never wait. */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration duration) throws InterruptedException;

  /** The real one: parks the thread, and gives up promptly when interrupted (Ctrl-C). */
  static Sleeper system() {
    return duration -> {
      long deadline = System.nanoTime() + duration.toNanos();
      long left;
      while ((left = deadline - System.nanoTime()) > 0) {
        LockSupport.parkNanos(left);
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
      }
    };
  }
}
