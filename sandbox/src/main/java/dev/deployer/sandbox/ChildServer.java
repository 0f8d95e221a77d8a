package dev.deployer.sandbox;

import dev.deployer.core.DeployerException;
import dev.deployer.core.retry.Sleeper;
import dev.deployer.core.retry.Waiter;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** What the emulators run as child processes (moto, LocalStack) share while they start. */
final class ChildServer {
  private ChildServer() {}

  /**
   * Polls {@code ready} with backoff (from {@code poll} to five times it) until it holds or {@code
   * timeout} passes; a process that has exited fails the wait at once, its exit code and {@code
   * exitHint} in the message, instead of waiting out the timeout. {@code p} may be null (a server
   * started elsewhere).
   */
  static void awaitReady(
      String name,
      String endpoint,
      Process p,
      Duration timeout,
      Duration poll,
      String exitHint,
      BooleanSupplier ready) {
    new Waiter(Clock.systemUTC(), Sleeper.system())
        .until(
            name + " at " + endpoint,
            timeout,
            poll,
            poll.multipliedBy(5),
            () -> {
              if (p != null && !p.isAlive()) {
                throw new DeployerException(
                    name + " exited with code " + p.exitValue() + " (" + exitHint + ")");
              }
              return ready.getAsBoolean();
            },
            up -> up ? Waiter.State.DONE : Waiter.State.PENDING,
            up -> "starting",
            msg -> {});
  }
}
