package dev.deployer.cloud.storage;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsHandler;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.ResourceType;
import java.util.Map;
import java.util.Optional;

/**
 * A setting of a bucket that is a resource of its own (its policy, its public access block): its id
 * is the bucket's name, one put call creates and changes it, and putting it again is harmless, so
 * there is nothing to adopt after a crash.
 *
 * @param <S> the spec record
 */
abstract class BucketSettingHandler<S extends BucketSettingSpec> extends AwsHandler<S> {
  protected BucketSettingHandler(AwsClients aws, ResourceType<S> type) {
    super(aws, type);
  }

  /** Sets the bucket's setting to {@code spec}, replacing what it was. */
  protected abstract void put(S spec);

  protected static Map<String, Object> outputs(String bucket) {
    return Map.of("bucket", bucket);
  }

  @Override
  public Created create(HandlerContext ctx, S spec) {
    put(spec);
    return new Created(spec.bucket(), outputs(spec.bucket()));
  }

  @Override
  public Map<String, Object> update(HandlerContext ctx, String id, S prior, S desired) {
    put(desired);
    return outputs(id);
  }

  @Override
  public Optional<String> findExisting(HandlerContext ctx, S spec) {
    return Optional.empty();
  }
}
