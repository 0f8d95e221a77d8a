package dev.deployer.cli;

/** The contract's exit codes. */
public final class ExitCodes {
  public static final int OK = 0;

  /** Any error, usage errors included (picocli's default of 2 would read as "changes"). */
  public static final int ERROR = 1;

  /** Only with --detailed-exitcode: the plan has changes. */
  public static final int CHANGES = 2;

  /** Stopped by SIGINT (128 + 2), as shells report a process a Ctrl-C ended. */
  public static final int INTERRUPTED = 130;

  /** Stopped by SIGTERM (128 + 15). */
  public static final int TERMINATED = 143;

  private ExitCodes() {}
}
