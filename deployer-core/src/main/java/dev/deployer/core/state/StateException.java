package dev.deployer.core.state;

import dev.deployer.core.DeployerException;

/** State that cannot be read, or must not be written (older serial, other lineage). */
public final class StateException extends DeployerException {
  public StateException(String message) {
    super(message);
  }

  public StateException(String message, Throwable cause) {
    super(message, cause);
  }
}
