package dev.deployer.core.spi;

import dev.deployer.core.retry.Retrier;
import dev.deployer.core.retry.Waiter;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * What the engine gives a handler for one call: who it is acting for, the shared retry and wait
 * machinery (with the injected clock and sleeper), and a place to report progress.
 */
public record HandlerContext(
    String stack,
    String address,
    Retrier retrier,
    Waiter waiter,
    Clock clock,
    Consumer<String> progress) {

  /** Reports a line of progress, shown next to the resource address during apply. */
  public void report(String message) {
    progress.accept(message);
  }
}
