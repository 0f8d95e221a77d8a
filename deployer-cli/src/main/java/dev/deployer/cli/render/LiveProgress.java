package dev.deployer.cli.render;

import dev.deployer.core.EngineListener;
import dev.deployer.core.plan.ResourceChange;
import dev.deployer.core.retry.Durations;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Apply progress on a terminal: the log of finished operations and handler messages scrolls, and
 * below it a block of the operations in flight, each with its elapsed time and what it waits for
 * (its latest message), redrawn every second.
 *
 * <p>Plain ANSI (ECMA-48 CSI n A "cursor up" and CSI J "erase below"), not a terminal library: the
 * block needs those two sequences and the terminal's width, which VT100-compatible terminals
 * (Windows 10 and later included) all understand; JLine's {@code Status} does the same with the
 * same sequences, but would add its terminal providers to the shaded jar for this one use.
 */
public final class LiveProgress implements EngineListener, AutoCloseable {
  private record InFlight(String verb, Instant since, String waitingFor) {}

  private final PrintWriter out;
  private final ConsoleListener lines;
  private final Style style;
  private final Clock clock;
  private final int width;
  private final Map<String, InFlight> running = new LinkedHashMap<>();
  private final ScheduledExecutorService ticker;
  private int drawn;

  /**
   * @param lines renders the log lines exactly as plain output does
   * @param width the terminal's columns: block lines are cut to fit, so none wraps
   */
  public LiveProgress(PrintWriter out, ConsoleListener lines, Style style, Clock clock, int width) {
    this.out = out;
    this.lines = lines;
    this.style = style;
    this.clock = clock;
    this.width = Math.max(40, width);
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "deployer-progress");
              t.setDaemon(true);
              return t;
            });
    // A screen refresh, not a wait: the elapsed times move while nothing else happens.
    ticker.scheduleAtFixedRate(this::redraw, 1, 1, TimeUnit.SECONDS);
  }

  /** Whether stdout is a terminal that can take the live block. */
  public static boolean terminal(boolean noColor) {
    String term = System.getenv("TERM");
    return !noColor
        && System.getenv("NO_COLOR") == null
        && System.console() != null
        && term != null
        && !term.equals("dumb");
  }

  /** The terminal's columns: {@code COLUMNS}, else what {@code stty size} says, else 80. */
  public static int columns() {
    String env = System.getenv("COLUMNS");
    if (env != null && env.matches("\\d+")) {
      return Integer.parseInt(env);
    }
    try {
      Process p =
          new ProcessBuilder("sh", "-c", "stty size < /dev/tty").redirectErrorStream(true).start();
      String s = new String(p.getInputStream().readAllBytes()).trim();
      if (p.waitFor(2, TimeUnit.SECONDS) && s.matches("\\d+ \\d+")) {
        return Integer.parseInt(s.split(" ")[1]);
      }
    } catch (java.io.IOException e) {
      // no stty: the default width
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 80;
  }

  private void erase() {
    if (drawn > 0) {
      out.print("\r\033[" + drawn + "A\033[J");
      drawn = 0;
    }
  }

  private void draw() {
    if (running.isEmpty()) {
      return;
    }
    List<String> block = new ArrayList<>();
    block.add(style.bold("In flight (" + running.size() + "):"));
    Instant now = clock.instant();
    running.forEach(
        (address, f) -> {
          String elapsed = Durations.human(Duration.between(f.since(), now));
          String text =
              "  "
                  + address
                  + ": "
                  + f.verb()
                  + "... ["
                  + elapsed
                  + "]"
                  + (f.waitingFor() == null ? "" : " " + f.waitingFor());
          block.add(cut(text));
        });
    for (String line : block) {
      out.print(line + "\033[K\n");
    }
    drawn = block.size();
  }

  private String cut(String s) {
    return s.length() < width ? s : s.substring(0, width - 2) + "~";
  }

  private synchronized void redraw() {
    erase();
    draw();
    out.flush();
  }

  /** A log line above the block: the block is taken down, the line printed, the block put back. */
  private synchronized void log(Runnable print) {
    erase();
    print.run();
    draw();
    out.flush();
  }

  @Override
  public void started(ResourceChange change, String verb) {
    synchronized (this) {
      running.put(change.address(), new InFlight(verb, clock.instant(), null));
    }
    redraw();
  }

  @Override
  public void finished(ResourceChange change, String noun, String id, Duration elapsed) {
    leaveTheBlock(change, () -> lines.finished(change, noun, id, elapsed));
  }

  @Override
  public void failed(ResourceChange change, String verb, Throwable error, Duration elapsed) {
    leaveTheBlock(change, () -> lines.failed(change, verb, error, elapsed));
  }

  /** The operation leaves the in-flight block and its last line scrolls above it. */
  private void leaveTheBlock(ResourceChange change, Runnable lastLine) {
    log(
        () -> {
          running.remove(change.address());
          lastLine.run();
        });
  }

  @Override
  public void skipped(ResourceChange change, String because) {
    log(() -> lines.skipped(change, because));
  }

  @Override
  public void stillRunning(ResourceChange change, String verb, Duration elapsed) {
    // The block shows every operation's elapsed time already.
  }

  @Override
  public void progress(String address, String message) {
    log(
        () -> {
          InFlight f = running.get(address);
          if (f != null) {
            running.put(address, new InFlight(f.verb(), f.since(), style.faint("- " + message)));
          }
          lines.progress(address, message);
        });
  }

  @Override
  public void warning(String message) {
    log(() -> lines.warning(message));
  }

  @Override
  public void refreshed(String address, String id) {
    log(() -> lines.refreshed(address, id));
  }

  /** Takes the block down for good (the run is over). */
  @Override
  public synchronized void close() {
    ticker.shutdownNow();
    running.clear();
    erase();
    out.flush();
  }
}
