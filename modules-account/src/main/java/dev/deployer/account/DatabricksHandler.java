package dev.deployer.account;

import dev.deployer.core.spi.Operation;
import dev.deployer.core.spi.ResourceHandler;

/** The shared part of Databricks handlers: the clients and Databricks error classification. */
public abstract class DatabricksHandler<S> implements ResourceHandler<S> {
  protected final DatabricksClients databricks;

  protected DatabricksHandler(DatabricksClients databricks) {
    this.databricks = databricks;
  }

  @Override
  public boolean isRetryable(Throwable error, Operation operation) {
    return DatabricksErrors.isRetryable(error, operation);
  }
}
