package dev.deployer.cloud.network;

import dev.deployer.cloud.AwsClients;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * An EC2 object deployer creates with its tags (VPC, subnet, gateways, route table, security group,
 * endpoint, peering, Elastic IP): read describes it by id, adoption finds it by the stack's tags,
 * and an update that changes nothing else syncs the tags. Subclasses say how to call their describe
 * and how to read their model into a spec.
 *
 * @param <S> the spec record
 * @param <T> the SDK model type
 */
public abstract class TaggedEc2Handler<S extends TaggedSpec, T> extends Ec2Handler<S> {
  private final Function<T, String> idOf;
  private final Function<T, List<Tag>> tagsOf;

  protected TaggedEc2Handler(
      AwsClients aws,
      ResourceType<S> type,
      Function<T, String> idOf,
      Function<T, List<Tag>> tagsOf) {
    super(aws, type);
    this.idOf = idOf;
    this.tagsOf = tagsOf;
  }

  /**
   * The type's describe call, narrowed to {@code ids} and {@code filters} (either may be empty).
   */
  protected abstract List<T> describe(List<String> ids, List<Filter> filters);

  /** The spec and outputs the object shows; {@code prior} is null on import. */
  protected abstract Observed<S> observe(String id, T object, S prior);

  /**
   * Whether a described object still counts: deleted NAT gateways, endpoints and peering
   * connections linger in describe answers for a while and must read as absent.
   */
  protected boolean live(T object) {
    return true;
  }

  /** The object with this id in any state, or empty when EC2 does not know it. */
  protected Optional<T> describe(String id) {
    return unlessNotFound(() -> describe(List.of(id), List.of()).stream().findFirst());
  }

  @Override
  public Optional<Observed<S>> read(HandlerContext ctx, String id, S prior) {
    return describe(id).filter(this::live).map(o -> observe(id, o, prior));
  }

  /** Syncs the tags; subclasses whose other fields change in place do that first. */
  @Override
  public Map<String, Object> update(HandlerContext ctx, String id, S prior, S desired) {
    syncTags(id, prior.tags(), desired.tags());
    return Map.of();
  }

  @Override
  public Optional<String> findExisting(HandlerContext ctx, S spec) {
    return findOwned(
        ctx,
        filters -> describe(List.of(), filters).stream().filter(this::live).toList(),
        idOf,
        tagsOf);
  }
}
