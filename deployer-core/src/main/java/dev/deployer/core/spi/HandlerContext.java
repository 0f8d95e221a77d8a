package dev.deployer.core.spi;

import dev.deployer.core.retry.Retrier;
import dev.deployer.core.retry.Waiter;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * What the engine gives a handler for one call: who it is acting for, the shared retry and wait
 * machinery (with the injected clock and sleeper), and a place to report progress.
 *
 * @param replacing for the create of a create-before-destroy replacement, the id of the object it
 *     replaces (still in place, and possibly holding the name the new one is configured with); else
 *     null
 */
public record HandlerContext(
    String stack,
    String address,
    Retrier retrier,
    Waiter waiter,
    Clock clock,
    Consumer<String> progress,
    String replacing) {

  public HandlerContext(
      String stack,
      String address,
      Retrier retrier,
      Waiter waiter,
      Clock clock,
      Consumer<String> progress) {
    this(stack, address, retrier, waiter, clock, progress, null);
  }

  /** The same context, for creating the replacement of the object {@code id}. */
  public HandlerContext replacing(String id) {
    return new HandlerContext(stack, address, retrier, waiter, clock, progress, id);
  }

  /** Reports a line of progress, shown next to the resource address during apply. */
  public void report(String message) {
    progress.accept(message);
  }
}
