package dev.deployer.cloud;

import dev.deployer.core.spi.Operation;
import dev.deployer.core.spi.ResourceHandler;
import dev.deployer.core.spi.ResourceType;

/** The shared part of AWS handlers: their type, their clients and AWS error classification. */
public abstract class AwsHandler<S> implements ResourceHandler<S> {
  protected final AwsClients aws;
  private final ResourceType<S> type;

  protected AwsHandler(AwsClients aws, ResourceType<S> type) {
    this.aws = aws;
    this.type = type;
  }

  @Override
  public final ResourceType<S> type() {
    return type;
  }

  @Override
  public boolean isRetryable(Throwable error, Operation operation) {
    return AwsErrors.isRetryable(error, operation);
  }
}
