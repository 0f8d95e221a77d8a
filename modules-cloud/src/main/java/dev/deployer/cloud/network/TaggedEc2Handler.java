package dev.deployer.cloud.network;

import dev.deployer.cloud.AwsClients;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * An EC2 object deployer creates with its tags (VPC, subnet, gateways, route table, security group,
 * endpoint, peering, Elastic IP): create calls the type's create with the spec's tags, read
 * describes it by id, adoption finds it by the stack's tags, an update that changes nothing else
 * syncs the tags, and delete calls the type's delete (an object already gone is not an error). The
 * type's calls come from its {@link Ec2Calls} entry; subclasses say how to read its model into a
 * spec and what must follow the create call (waits, rules, attachments, outputs).
 *
 * @param <S> the spec record
 * @param <T> the SDK model type
 */
public abstract class TaggedEc2Handler<S extends TaggedSpec, T> extends Ec2Handler<S> {
  private final Ec2Calls<S, T> calls;
  private final Function<T, String> stateOf;

  protected TaggedEc2Handler(AwsClients aws, ResourceType<S> type, Ec2Calls<S, T> calls) {
    this(aws, type, calls, null);
  }

  /**
   * For a type whose create or delete waits on the state EC2 reports (NAT gateways, endpoints,
   * peering connections), read from its model by {@code stateOf}.
   */
  protected TaggedEc2Handler(
      AwsClients aws, ResourceType<S> type, Ec2Calls<S, T> calls, Function<T, String> stateOf) {
    super(aws, type);
    this.calls = calls;
    this.stateOf = stateOf;
  }

  /** The state EC2 reports for {@code object} (types given a state reader only). */
  protected String stateOf(T object) {
    return stateOf.apply(object);
  }

  /** The state of the object with this id, {@code "gone"} once EC2 does not know it. */
  protected String state(String id) {
    return describe(id).map(this::stateOf).orElse("gone");
  }

  /**
   * The type's create call with the spec's tags, applied atomically so no untagged object ever
   * exists; answers the new object's model.
   */
  protected T createObject(HandlerContext ctx, S spec) {
    return calls.create().call(ec2(), spec, tagSpec(calls.tagType(), spec.tags()));
  }

  /**
   * What follows the create call of the object {@code id} ({@code made} is the create answer's
   * model): waits, settings made by other calls, the outputs. None by default.
   */
  protected Map<String, Object> created(HandlerContext ctx, String id, T made, S spec) {
    return Map.of();
  }

  @Override
  public Created create(HandlerContext ctx, S spec) {
    T made = createObject(ctx, spec);
    String id = calls.idOf().apply(made);
    return new Created(id, created(ctx, id, made, spec));
  }

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
    return unlessNotFound(
        () -> calls.describe().call(ec2(), List.of(id), List.of()).stream().findFirst());
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
        filters ->
            calls.describe().call(ec2(), List.of(), filters).stream().filter(this::live).toList(),
        calls.idOf(),
        calls.tagsOf());
  }

  /** Subclasses that must detach or wait around the delete call do that and then call this. */
  @Override
  public void delete(HandlerContext ctx, String id, S prior) {
    ignoreNotFound(() -> calls.delete().accept(ec2(), id));
  }
}
