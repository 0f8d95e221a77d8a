package dev.deployer.cloud.network;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsErrors;
import dev.deployer.cloud.AwsHandler;
import dev.deployer.cloud.Tags;
import dev.deployer.core.retry.Waiter;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Operation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * The EC2 plumbing every EC2 handler shares, written once: tag specifications and tag sync,
 * adoption by the {@code deployer:*} tags, and state waiters.
 */
public abstract class Ec2Handler<S> extends AwsHandler<S> {
  /** How long NAT gateways, endpoints and peering connections may take to settle. */
  protected static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(15);

  protected Ec2Handler(AwsClients aws, dev.deployer.core.spi.ResourceType<S> type) {
    super(aws, type);
  }

  /**
   * EC2 objects are found by this stack's {@code deployer:*} tags ({@link #findOwned}) or under a
   * parent that is this stack's (a route in its route table): safe to look up before every create.
   */
  @Override
  public boolean findsOnlyOwnObjects() {
    return true;
  }

  protected Ec2Client ec2() {
    return aws.ec2();
  }

  /** Tags applied atomically with the create call, so no untagged object ever exists. */
  protected static TagSpecification tagSpec(ResourceType type, Map<String, String> tags) {
    return TagSpecification.builder().resourceType(type).tags(Tags.ec2(tags)).build();
  }

  /**
   * Adoption after a crash: the objects {@code describe} returns for this stack's tag, whose {@code
   * deployer:address} tag is this address. The address is compared here rather than in a filter:
   * moto reads {@code [} in filter values as a pattern. The stack is compared here too: an emulator
   * that ignores the tag filter (LocalStack answered with another stack's NAT gateway) must not
   * make another stack's object look like ours. More than one match means earlier crashes left
   * orphans; the first is adopted and the others named.
   */
  protected static <T> Optional<String> findOwned(
      HandlerContext ctx,
      Function<List<Filter>, List<T>> describe,
      Function<T, String> id,
      Function<T, List<Tag>> tags) {
    List<Filter> filters =
        List.of(Filter.builder().name("tag:deployer:stack").values(ctx.stack()).build());
    List<String> ids =
        describe.apply(filters).stream()
            .filter(
                o -> {
                  Map<String, String> t = Tags.from(tags.apply(o));
                  return ctx.address().equals(t.get("deployer:address"))
                      && ctx.stack().equals(t.get("deployer:stack"));
                })
            .map(id)
            .toList();
    if (ids.size() > 1) {
      ctx.report(
          "found "
              + ids.size()
              + " objects tagged "
              + ctx.address()
              + ": adopting "
              + ids.get(0)
              + "; delete the others by hand: "
              + ids.subList(1, ids.size()));
    }
    return ids.stream().findFirst();
  }

  /** Creates, changes and removes tags so the object carries exactly {@code desired}. */
  protected void syncTags(String id, Map<String, String> current, Map<String, String> desired) {
    Tags.sync(
        current,
        desired,
        set -> ec2().createTags(r -> r.resources(id).tags(Tags.ec2(set))),
        unset ->
            ec2()
                .deleteTags(
                    r ->
                        r.resources(id)
                            .tags(unset.stream().map(k -> Tag.builder().key(k).build()).toList())));
  }

  /**
   * Runs a follow-up call on an object just created, retrying while EC2 does not see the new object
   * yet (eventual consistency), so the create finishes instead of being adopted half-done.
   */
  protected static <T> T settle(HandlerContext ctx, String what, Callable<T> call) {
    return ctx.retrier().call(what, call, e -> AwsErrors.isRetryable(e, Operation.CREATE));
  }

  protected static void settle(HandlerContext ctx, String what, Runnable call) {
    settle(
        ctx,
        what,
        () -> {
          call.run();
          return null;
        });
  }

  /**
   * Polls {@code state} with backoff until it is one of {@code done}; one of {@code failed}, or the
   * timeout, is an error. An absent object reads as {@code "gone"}. A poll that is throttled or
   * meets a 5xx is retried rather than ending the wait: failing there would make the engine retry
   * the whole create, which adopts the half-made object without waiting for it.
   */
  protected static String waitFor(
      HandlerContext ctx,
      String what,
      Supplier<String> state,
      Set<String> done,
      Set<String> failed) {
    return ctx.waiter()
        .until(
            what,
            SETTLE_TIMEOUT,
            Duration.ofSeconds(2),
            Duration.ofSeconds(15),
            () ->
                ctx.retrier()
                    .call(
                        what,
                        state::get,
                        e -> AwsErrors.isRetryable(e, Operation.READ),
                        (attempt, e, delay, elapsed) ->
                            ctx.report(what + ": retrying after " + AwsErrors.describe(e))),
            s ->
                done.contains(s)
                    ? Waiter.State.DONE
                    : failed.contains(s) ? Waiter.State.FAILED : Waiter.State.PENDING,
            s -> what + ": " + s,
            ctx::report);
  }

  /** Sorted, duplicate-free copy (spec lists compare as sets). */
  protected static List<String> sorted(List<String> values) {
    return values == null ? List.of() : values.stream().distinct().sorted().toList();
  }
}
