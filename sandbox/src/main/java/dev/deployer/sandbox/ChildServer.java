package dev.deployer.sandbox;

import dev.deployer.core.DeployerException;
import dev.deployer.core.retry.Sleeper;
import dev.deployer.core.retry.Waiter;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
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

  /**
   * The answer to a probe of a server that may not be (or no longer be) running: empty when it
   * cannot be reached, or when interrupted (the interrupt is kept for the caller's next wait).
   */
  static <T> Optional<HttpResponse<T>> probe(
      HttpClient http, HttpRequest request, HttpResponse.BodyHandler<T> body) {
    try {
      return Optional.of(http.send(request, body));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
