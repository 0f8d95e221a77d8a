package dev.deployer.core;

/**
 * An error meant for a person: the message says what failed, where, and what to do. The command
 * line prints it as one paragraph and exits 1.
 */
public class DeployerException extends RuntimeException {
  public DeployerException(String message) {
    super(message);
  }

  public DeployerException(String message, Throwable cause) {
    super(message, cause);
  }
}
