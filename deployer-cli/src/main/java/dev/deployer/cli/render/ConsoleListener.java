package dev.deployer.cli.render;

import dev.deployer.core.EngineListener;
import dev.deployer.core.plan.ResourceChange;
import dev.deployer.core.retry.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** Apply progress as Terraform prints it: one line per start and finish, with elapsed time. */
public final class ConsoleListener implements EngineListener {
  private final PrintWriter out;
  private final PrintWriter err;
  private final Style style;
  private final boolean verbose;

  public ConsoleListener(PrintWriter out, PrintWriter err, Style style, boolean verbose) {
    this.out = out;
    this.err = err;
    this.style = style;
    this.verbose = verbose;
  }

  private synchronized void line(String s) {
    out.println(s);
    out.flush();
  }

  @Override
  public void started(ResourceChange change, String verb) {
    line(style.bold(change.address() + ":") + " " + verb + "..." + idSuffix(change.id(), verb));
  }

  private static String idSuffix(String id, String verb) {
    return id != null && !"Creating".equals(verb) ? " [id=" + id + "]" : "";
  }

  @Override
  public void finished(ResourceChange change, String noun, String id, Duration elapsed) {
    line(
        style.bold(change.address() + ":")
            + " "
            + noun
            + " complete after "
            + Durations.human(elapsed)
            + (id != null ? " [id=" + id + "]" : ""));
  }

  @Override
  public void failed(ResourceChange change, String verb, Throwable error, Duration elapsed) {
    line(
        style.bold(change.address() + ":")
            + " "
            + style.red(verb + " failed after " + Durations.human(elapsed)));
  }

  @Override
  public void skipped(ResourceChange change, String because) {
    line(style.bold(change.address() + ":") + " " + style.yellow("not started: " + because));
  }

  @Override
  public void stillRunning(ResourceChange change, String verb, Duration elapsed) {
    String still = "Still " + verb.toLowerCase(Locale.ROOT);
    line(
        style.bold(change.address() + ":")
            + " "
            + still
            + "... ["
            + Durations.human(elapsed)
            + " elapsed]");
  }

  @Override
  public void progress(String address, String message) {
    line(style.bold(address + ":") + " " + style.faint(message));
  }

  @Override
  public void warning(String message) {
    synchronized (this) {
      err.println(style.yellow("Warning: ") + message);
      err.flush();
    }
  }

  @Override
  public void refreshed(String address, String id) {
    if (verbose) {
      line(style.bold(address + ":") + " Refreshing state... [id=" + id + "]");
    }
  }
}
