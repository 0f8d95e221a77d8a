package dev.deployer.cli;

/** The contract's exit codes. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int ERROR = 1;

  /** Only with --detailed-exitcode: the plan has changes. */
  public static final int CHANGES = 2;

  private ExitCodes() {}
}
