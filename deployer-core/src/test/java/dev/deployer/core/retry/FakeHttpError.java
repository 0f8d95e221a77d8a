package dev.deployer.core.retry;

import java.util.Optional;

/** An HTTP error of a fake client, classified through the ServiceLoader as real clients' are. */
final class FakeHttpError extends RuntimeException {
  final int status;
  final String code;
  final String host;

  FakeHttpError(int status, String code, String host, String message) {
    super(message);
    this.status = status;
    this.code = code;
    this.host = host;
  }

  /** Registered in META-INF/services of the test classpath. */
  public static final class Classifier implements ServiceError.Classifier {
    @Override
    public Optional<ServiceError> classify(Throwable error) {
      return error instanceof FakeHttpError f
          ? Optional.of(
              new ServiceError("fake", "PutThing", f.status, f.code, f.status == 429, f.host))
          : Optional.empty();
    }
  }
}
