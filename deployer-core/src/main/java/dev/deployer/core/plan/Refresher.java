package dev.deployer.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.core.Catalogue;
import dev.deployer.core.DeployerException;
import dev.deployer.core.EngineRuntime;
import dev.deployer.core.json.Json;
import dev.deployer.core.model.Ref;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.Operation;
import dev.deployer.core.spi.ResourceHandler;
import dev.deployer.core.state.ResourceState;
import dev.deployer.core.state.StackState;
import dev.deployer.core.state.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads every recorded resource in parallel (bounded) and returns the state of the world: objects
 * gone out of band are dropped, drifted specs replaced by what was read, and pending creates from
 * an interrupted run looked up and adopted.
 */
public record Refresher(EngineRuntime runtime, Catalogue registry) {
  /**
   * The refreshed state, per address a note about what changed outside deployer, and per address
   * the region an entry is recorded in when this run's client for its type reaches another one
   * (such entries are kept as recorded, unread: the client would not find them).
   */
  public record Result(StackState state, Map<String, String> drift, Map<String, String> elsewhere) {
    public Result(StackState state, Map<String, String> drift) {
      this(state, drift, Map.of());
    }
  }

  private record One(ResourceState entry, String note, String elsewhere) {
    One(ResourceState entry, String note) {
      this(entry, note, null);
    }
  }

  public Result refresh(StackState stored) {
    List<ResourceState> entries = stored.resources();
    if (entries.isEmpty()) {
      return new Result(stored, Map.of());
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.min(runtime.parallelism(), entries.size()));
    try {
      List<Future<One>> futures = new ArrayList<>();
      for (ResourceState r : entries) {
        futures.add(pool.submit(() -> refreshOne(stored.stack(), r)));
      }
      List<ResourceState> kept = new ArrayList<>(entries.size());
      Map<String, String> drift = new LinkedHashMap<>();
      Map<String, String> elsewhere = new LinkedHashMap<>();
      List<String> errors = new ArrayList<>();
      for (int i = 0; i < entries.size(); i++) {
        ResourceState r = entries.get(i);
        try {
          One one = futures.get(i).get();
          if (one.entry() != null) {
            kept.add(one.entry());
          }
          if (one.note() != null) {
            drift.put(r.address(), one.note());
          }
          if (one.elsewhere() != null) {
            elsewhere.put(r.address(), one.elsewhere());
          }
        } catch (ExecutionException e) {
          Throwable c = e.getCause();
          errors.add(
              "reading "
                  + r.address()
                  + " ("
                  + r.type()
                  + ", id "
                  + r.id()
                  + "): "
                  + c.getMessage());
        }
      }
      if (!errors.isEmpty()) {
        throw new DeployerException(
            "Refresh failed; nothing was changed:\n  " + String.join("\n  ", errors));
      }
      StackState result = stored.withResources(kept);
      return new Result(result, drift, elsewhere);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeployerException("refresh interrupted");
    } finally {
      pool.shutdownNow();
    }
  }

  @SuppressWarnings("unchecked")
  private <S> One refreshOne(String stack, ResourceState r) {
    ResourceHandler<S> handler = (ResourceHandler<S>) registry.get(r.type());
    S prior = Json.convert(r.inputs(), handler.type().specClass());
    HandlerContext ctx = runtime.handlerContext(stack, r.address());
    String here = handler.region();
    if (r.region() != null && here != null && !r.region().equals(here)) {
      // This run's client would look in the wrong region, find nothing and call the object deleted.
      return new One(r, null, r.region());
    }
    String region = r.region() != null ? r.region() : here;
    if (r.id() == null) {
      // A create was started and not recorded: the object may exist. Look before creating again.
      Optional<String> found =
          runtime
              .retrier()
              .call(
                  "looking up " + r.address(),
                  () -> handler.findExisting(ctx, prior),
                  e -> handler.isRetryable(e, Operation.FIND));
      if (found.isEmpty()) {
        return new One(null, null);
      }
      Optional<Observed<S>> seen = runtime.read(handler, ctx, found.get(), prior);
      if (seen.isEmpty()) {
        return new One(null, null);
      }
      return new One(
          new ResourceState(
              r.address(),
              r.type(),
              found.get(),
              Json.tree(seen.get().spec()),
              seen.get().outputs(),
              r.dependencies(),
              // Found is not ready: the run that created it was stopped before or during its
              // readiness wait. The plan finishes the create (an update that waits first).
              Status.PENDING_CREATE,
              region),
          "found " + found.get() + ", created by an interrupted run; adopted");
    }
    Optional<Observed<S>> seen = runtime.read(handler, ctx, r.id(), prior);
    runtime.listener().refreshed(r.address(), r.id());
    if (seen.isEmpty()) {
      return new One(null, r.status() == Status.PENDING_DELETE ? null : "deleted outside deployer");
    }
    JsonNode now = Json.tree(seen.get().spec());
    // The handler's own comparison: values the service fills in (a chosen name) are not drift.
    String note =
        now.equals(r.inputs())
                || handler.diff(prior, seen.get().spec()).isEmpty()
                || handler.diff(seen.get().spec(), prior).isEmpty()
            ? null
            : "changed outside deployer";
    // A pending create with an id stays pending: the object exists, but its readiness wait failed
    // or never ran, and only the apply that finishes the create marks it ready.
    Status status = r.status();
    // A read that found the object under a new id (a rename whose record an interrupted run did
    // not finish) reports it among the outputs; it is the id, not an output.
    Map<String, Object> outputs = new LinkedHashMap<>(seen.get().outputs());
    Object movedTo = outputs.remove(Ref.ID);
    String id = movedTo == null ? r.id() : movedTo.toString();
    if (seen.get().broken() != null) {
      // Exists but cannot be used: replaced by the plan, like a resource a failed apply tainted.
      status = Status.TAINTED;
      note = seen.get().broken();
    }
    return new One(
        new ResourceState(
            r.address(), r.type(), id, now, outputs, r.dependencies(), status, region),
        note);
  }
}
