package dev.deployer.core.spi;

import java.util.Objects;

/**
 * A handler that serves the one type it was built with; the API-specific bases (AWS, Databricks)
 * extend it, so no handler retypes {@link #type()}.
 *
 * @param <S> the desired-spec record
 */
public abstract class TypedHandler<S> implements ResourceHandler<S> {
  private final ResourceType<S> type;

  protected TypedHandler(ResourceType<S> type) {
    this.type = Objects.requireNonNull(type, "type");
  }

  @Override
  public final ResourceType<S> type() {
    return type;
  }
}
