package dev.deployer.cloud;

import dev.deployer.core.spi.Operation;
import dev.deployer.core.spi.ResourceType;
import dev.deployer.core.spi.TypedHandler;

/** The shared part of AWS handlers: their type, their clients and AWS error classification. */
public abstract class AwsHandler<S> extends TypedHandler<S> {
  protected final AwsClients aws;

  protected AwsHandler(AwsClients aws, ResourceType<S> type) {
    super(type);
    this.aws = aws;
  }

  @Override
  public boolean isRetryable(Throwable error, Operation operation) {
    return AwsErrors.isRetryable(error, operation);
  }
}
