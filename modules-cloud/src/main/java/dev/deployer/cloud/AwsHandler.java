package dev.deployer.cloud;

import dev.deployer.core.spi.Operation;
import dev.deployer.core.spi.ResourceType;
import dev.deployer.core.spi.TypedHandler;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The shared part of AWS handlers: their type, their clients, AWS error classification and the one
 * way they treat a missing object ({@link AwsErrors#isNotFound}) as absence.
 */
public abstract class AwsHandler<S> extends TypedHandler<S> {
  protected final AwsClients aws;

  protected AwsHandler(AwsClients aws, ResourceType<S> type) {
    super(type);
    this.aws = aws;
  }

  /** The region of this run's clients; IAM handlers override it, IAM being global. */
  @Override
  public String region() {
    return aws.region();
  }

  @Override
  public boolean isRetryable(Throwable error, Operation operation) {
    return AwsErrors.isRetryable(error, operation);
  }

  /**
   * The value, or empty when AWS says the object does not exist; {@code absent} adds the call's own
   * codes for it.
   */
  protected static <T> Optional<T> unlessNotFound(Supplier<Optional<T>> read, String... absent) {
    try {
      return read.get();
    } catch (AwsServiceException e) {
      if (AwsErrors.isNotFound(e, absent)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Runs a delete call; an object already gone is not an error. */
  protected static void ignoreNotFound(Runnable delete, String... absent) {
    unlessNotFound(
        () -> {
          delete.run();
          return Optional.empty();
        },
        absent);
  }
}
