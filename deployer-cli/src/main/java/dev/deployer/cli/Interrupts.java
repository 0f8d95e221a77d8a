package dev.deployer.cli;

import dev.deployer.core.Cancellation;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import sun.misc.Signal;

/**
 * Ctrl-C and SIGTERM. During an apply or destroy the first one asks the engine to start nothing new
 * and lets the calls in flight finish, so state records their results and the lock is released
 * before the process exits 130 (SIGINT) or 143 (SIGTERM). A second one exits at once: the state
 * then keeps the intent records ({@code pending-*}) of the calls cut off, which the next run
 * adopts, and the lock, which the next run takes over. Outside an apply (plan, the prompt's
 * absence, state commands) the first signal exits at once; the lock file's shutdown hook removes
 * it.
 *
 * <p>{@code sun.misc.Signal} (module jdk.unsupported) is the JDK's one way to keep a signal from
 * ending the JVM; shutdown hooks cannot, and a second signal during them is ignored.
 */
final class Interrupts {
  private static final Cancellation CANCELLATION = new Cancellation();
  private static final AtomicInteger SIGNALS = new AtomicInteger();
  private static final AtomicInteger COOPERATIVE = new AtomicInteger();
  private static volatile int exitCode = ExitCodes.INTERRUPTED;
  private static volatile String signalName = "SIGINT";
  private static volatile PrintWriter err;

  private Interrupts() {}

  /** Installs the handlers (once per process; the CLI's main). */
  static void install(PrintWriter errors) {
    err = errors;
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        Signal.handle(new Signal(name), Interrupts::handle);
      } catch (IllegalArgumentException unavailable) {
        // the platform has no such signal, or the JVM reserves it (-Xrs): default behaviour
      }
    }
  }

  /** The run's cancellation, which engines of this process check before each operation. */
  static Cancellation cancellation() {
    return CANCELLATION;
  }

  static boolean requested() {
    return CANCELLATION.requested();
  }

  /** 130 after SIGINT, 143 after SIGTERM. */
  static int exitCode() {
    return exitCode;
  }

  static String signalName() {
    return signalName;
  }

  /** Runs {@code work} as a stoppable operation: a first signal then cancels instead of exiting. */
  static <T> T cooperatively(Supplier<T> work) {
    COOPERATIVE.incrementAndGet();
    try {
      return work.get();
    } finally {
      COOPERATIVE.decrementAndGet();
    }
  }

  private static void handle(Signal s) {
    int n = SIGNALS.incrementAndGet();
    int code = 128 + s.getNumber();
    PrintWriter out = err;
    if (n == 1) {
      exitCode = code;
      signalName = "SIG" + s.getName();
      if (COOPERATIVE.get() > 0) {
        say(
            out,
            "\n"
                + signalName
                + " received: starting no new operations; letting the calls in flight finish"
                + " and recording them in the state. Press Ctrl-C again to stop at once (the"
                + " state then keeps intent records of the calls cut off, which the next run"
                + " adopts).");
        CANCELLATION.request("interrupted (" + signalName + ")");
        return;
      }
      say(out, "\n" + signalName + " received: stopping; nothing was being changed.");
      // On a new thread: exit runs the shutdown hooks (they release a held lock) and must not
      // hold up the signal dispatcher.
      new Thread(() -> System.exit(code), "exit-on-signal").start();
      return;
    }
    say(
        out,
        "\nSIG"
            + s.getName()
            + " again: exiting at once. Calls in flight were cut off; their intent records stay in"
            + " the state and the next run adopts what they created.");
    Runtime.getRuntime().halt(exitCode);
  }

  private static void say(PrintWriter out, String message) {
    if (out != null) {
      out.println(message);
      out.flush();
    } else {
      System.err.println(message);
    }
  }
}
