package dev.deployer.cloud;

import dev.deployer.core.spi.Operation;
import dev.deployer.core.spi.ResourceHandler;

/** The shared part of AWS handlers: their clients and AWS error classification. */
public abstract class AwsHandler<S> implements ResourceHandler<S> {
  protected final AwsClients aws;

  protected AwsHandler(AwsClients aws) {
    this.aws = aws;
  }

  @Override
  public boolean isRetryable(Throwable error, Operation operation) {
    return AwsErrors.isRetryable(error, operation);
  }
}
