package dev.deployer.account;

import dev.deployer.core.spi.Operation;
import dev.deployer.core.spi.ResourceHandler;
import dev.deployer.core.spi.ResourceType;

/**
 * The shared part of Databricks handlers: their type, the clients and Databricks error
 * classification.
 */
public abstract class DatabricksHandler<S> implements ResourceHandler<S> {
  protected final DatabricksClients databricks;
  private final ResourceType<S> type;

  protected DatabricksHandler(DatabricksClients databricks, ResourceType<S> type) {
    this.databricks = databricks;
    this.type = type;
  }

  @Override
  public final ResourceType<S> type() {
    return type;
  }

  @Override
  public boolean isRetryable(Throwable error, Operation operation) {
    return DatabricksErrors.isRetryable(error, operation);
  }
}
