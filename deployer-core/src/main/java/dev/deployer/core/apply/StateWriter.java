package dev.deployer.core.apply;

import dev.deployer.core.state.ResourceState;
import dev.deployer.core.state.StackState;
import dev.deployer.core.state.StateChange;
import dev.deployer.core.state.StateStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The live state during apply. Each change is applied in memory and made durable through the
 * store's {@link StateStore#append} before the call returns, so a change announcing an API call is
 * on disk before the call starts. Appends run one at a time under a lock of their own, and each
 * takes every change queued so far: changes that other operations queue while one append waits for
 * the disk go out together in the next (group commit, one sync for many). Queueing and lookups take
 * only the writer's own lock, briefly, and cost nothing per resource.
 */
public final class StateWriter {
  private final StateStore store;
  private final int version;
  private final String lineage;
  private final String stack;
  private final Map<String, ResourceState> resources = new LinkedHashMap<>();
  private Map<String, Object> outputs;
  private long serial;

  /**
   * Held for a whole append (taking the batch, writing it, marking it durable), so batches reach
   * the store in serial order. Always taken before the writer's own lock, never inside it.
   */
  private final Object appendLock = new Object();

  private final List<StateChange> queued = new ArrayList<>();
  private long durable;
  private RuntimeException failure;

  public StateWriter(StateStore store, StackState start) {
    this.store = store;
    this.version = start.version();
    this.lineage = start.lineage();
    this.stack = start.stack();
    start.resources().forEach(r -> resources.put(r.address(), r));
    this.outputs = start.outputs();
    this.serial = start.serial();
    this.durable = start.serial();
  }

  public String stack() {
    return stack;
  }

  public synchronized Optional<ResourceState> find(String address) {
    return Optional.ofNullable(resources.get(address));
  }

  public synchronized Map<String, Object> outputs() {
    return outputs;
  }

  /** The whole state as it is now (linear in its size: for the end of a run, not per step). */
  public synchronized StackState snapshot() {
    return new StackState(version, serial, lineage, stack, List.of(), outputs)
        .withResources(new ArrayList<>(resources.values()));
  }

  /** Adds or replaces an entry. */
  public void put(ResourceState entry) {
    long mine;
    synchronized (this) {
      resources.put(entry.address(), entry);
      mine = queue(StateChange.put(lineage, ++serial, entry));
    }
    awaitDurable(mine);
  }

  /** Records {@code entry} under its address and then removes {@code address}, in that order. */
  public void move(String address, ResourceState entry) {
    long mine;
    synchronized (this) {
      resources.put(entry.address(), entry);
      queue(StateChange.put(lineage, ++serial, entry));
      resources.remove(address);
      mine = queue(StateChange.remove(lineage, ++serial, address));
    }
    awaitDurable(mine);
  }

  public void remove(String address) {
    long mine;
    synchronized (this) {
      if (resources.remove(address) == null) {
        return;
      }
      mine = queue(StateChange.remove(lineage, ++serial, address));
    }
    awaitDurable(mine);
  }

  public void setOutputs(Map<String, Object> newOutputs) {
    long mine;
    synchronized (this) {
      outputs = Map.copyOf(newOutputs);
      mine = queue(StateChange.outputs(lineage, ++serial, outputs));
    }
    awaitDurable(mine);
  }

  /** Writes the whole current state as a new serial (what refresh found, before any change). */
  public void writeWhole() {
    synchronized (appendLock) {
      StackState s;
      synchronized (this) {
        serial++;
        s = snapshot();
      }
      store.write(s);
      synchronized (this) {
        durable = Math.max(durable, s.serial());
      }
    }
  }

  /** Whether an append failed (a full disk): nothing more can be recorded, so nothing may start. */
  public synchronized boolean failed() {
    return failure != null;
  }

  /** Folds the journal into the state file: the end of a run. */
  public void compact() {
    synchronized (appendLock) {
      store.compact();
    }
  }

  private long queue(StateChange change) {
    queued.add(change);
    return change.serial();
  }

  private void awaitDurable(long serialNeeded) {
    // Appends are serialised by appendLock from taking the batch to marking it durable, so batches
    // reach the store in serial order; the writer's own lock is held only to take the batch and to
    // move the mark, so other operations keep queueing while one append waits for the disk, and the
    // next append carries all of them. (An earlier group commit took batches under the writer's
    // lock and appended outside any lock: two batches could reach the store out of order, and it
    // refused "serial N+2 onto N". The fix after it appended under the writer's lock, which also
    // stopped every other operation from queueing: one sync per change, no group commit at all.)
    synchronized (appendLock) {
      List<StateChange> batch;
      synchronized (this) {
        if (failure != null) {
          throw failure;
        }
        if (durable >= serialNeeded) {
          return;
        }
        // Every change after the durable mark is queued here, in serial order: a batch is only
        // taken under appendLock, and its append finished (and moved the mark) before this one.
        batch = new ArrayList<>(queued);
        queued.clear();
        batch.removeIf(c -> c.serial() <= durable);
      }
      if (batch.isEmpty()) {
        return;
      }
      long madeDurable;
      try {
        // The store says how far it made the state durable: a compaction writes a snapshot that
        // may include changes queued after the batch, and its serial says so. (The mark used to
        // follow whatever serial the snapshot supplier last handed out; a wrapper that called it
        // without the store writing it moved the mark past changes never written, and they were
        // lost: a created resource's result missing from the state.)
        madeDurable =
            store.append(
                batch,
                () -> {
                  synchronized (this) {
                    return snapshot();
                  }
                });
      } catch (RuntimeException | Error e) {
        // Nothing after a failed append may claim to be durable: the run stops here. An Error
        // (out of memory while writing) counts too, or a waiter whose change was in this batch
        // would find the queue empty and return as if it were on disk.
        synchronized (this) {
          failure =
              e instanceof RuntimeException r
                  ? r
                  : new IllegalStateException("appending to the state failed: " + e, e);
        }
        throw e;
      }
      long last = batch.get(batch.size() - 1).serial();
      synchronized (this) {
        if (madeDurable < last) {
          // A store that did not make the whole batch durable must not let its waiters go on.
          failure =
              new IllegalStateException(
                  "the state store made serial " + madeDurable + " durable, not " + last);
          throw failure;
        }
        durable = Math.max(durable, madeDurable);
      }
    }
  }
}
