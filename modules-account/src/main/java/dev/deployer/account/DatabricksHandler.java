package dev.deployer.account;

import dev.deployer.core.spi.Operation;
import dev.deployer.core.spi.ResourceType;
import dev.deployer.core.spi.TypedHandler;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The shared part of Databricks handlers: their type, the clients, Databricks error classification
 * and the one way they treat a missing object ({@link DatabricksErrors#isNotFound}) as absence.
 */
public abstract class DatabricksHandler<S> extends TypedHandler<S> {
  protected final DatabricksClients databricks;

  protected DatabricksHandler(DatabricksClients databricks, ResourceType<S> type) {
    super(type);
    this.databricks = databricks;
  }

  @Override
  public boolean isRetryable(Throwable error, Operation operation) {
    return DatabricksErrors.isRetryable(error, operation);
  }

  /** The call's result, or empty when the object (or its workspace) is gone. */
  protected static <T> Optional<T> ifExists(Supplier<T> call) {
    try {
      return Optional.ofNullable(call.get());
    } catch (RuntimeException e) {
      if (DatabricksErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Runs a delete; an object already gone is not an error.
   *
   * @return false when it was already gone
   */
  protected static boolean deleteIfExists(Runnable call) {
    return ifExists(
            () -> {
              call.run();
              return Boolean.TRUE;
            })
        .isPresent();
  }
}
