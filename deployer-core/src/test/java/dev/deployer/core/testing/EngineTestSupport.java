package dev.deployer.core.testing;

import dev.deployer.core.Catalogue;
import dev.deployer.core.Engine;
import dev.deployer.core.EngineListener;
import dev.deployer.core.EngineRuntime;
import dev.deployer.core.apply.ApplyResult;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.plan.Action;
import dev.deployer.core.plan.Plan;
import dev.deployer.core.spi.ResourceHandler;
import dev.deployer.core.state.FileStateStore;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What every module's integration tests do with the engine: plan, apply and destroy a stack with
 * the handlers of the module's catalogue against a temp-dir state store, collecting the progress
 * lines handlers report. Subclasses bring the emulators and clients.
 */
public abstract class EngineTestSupport {
  public final FileStateStore store;

  /** Every progress line handlers reported, as "address: message". */
  public final List<String> progress = new CopyOnWriteArrayList<>();

  protected EngineTestSupport(Path dir, String stack) {
    this.store = new FileStateStore(dir, stack);
  }

  /** The handlers of the engines this support builds (read at each {@link #engine} call). */
  protected abstract List<ResourceHandler<?>> handlers();

  public Engine engine(StackDefinition def) {
    EngineListener listener =
        new EngineListener() {
          @Override
          public void progress(String address, String message) {
            progress.add(address + ": " + message);
          }
        };
    return new Engine(EngineRuntime.system(10, listener), new Catalogue(handlers()));
  }

  public Plan plan(StackDefinition def) {
    return engine(def).plan(def, store, false);
  }

  public ApplyResult apply(StackDefinition def) {
    Engine e = engine(def);
    return e.apply(def, e.plan(def, store, false), store);
  }

  public ApplyResult applyOk(StackDefinition def) {
    return succeeded("apply", apply(def));
  }

  /** Applies, letting the plan delete or replace the named data-holding resources. */
  public ApplyResult applyAllowingDestroy(StackDefinition def, String... addresses) {
    Engine e = engine(def);
    return succeeded(
        "apply", e.apply(def, e.plan(def, store, false), store, java.util.Set.of(addresses)));
  }

  public ApplyResult destroy(StackDefinition def) {
    Engine e = engine(def);
    return e.apply(def, e.plan(def, store, true), store);
  }

  public ApplyResult destroyOk(StackDefinition def) {
    return succeeded("destroy", destroy(def));
  }

  /** Plans again and requires no change, naming each planned one otherwise. */
  public void assertNoChanges(StackDefinition def) {
    List<String> changes =
        plan(def).changes().stream()
            .filter(c -> c.action() != Action.NO_OP)
            .map(c -> c.address() + " " + c.action() + " " + c.changes())
            .toList();
    if (!changes.isEmpty()) {
      throw new AssertionError("expected no changes, the plan has: " + changes);
    }
  }

  private static ApplyResult succeeded(String what, ApplyResult r) {
    if (!r.succeeded()) {
      throw new AssertionError(
          what + " failed: " + r.failures().stream().map(ApplyResult.Failure::describe).toList(),
          r.failures().get(0).error());
    }
    return r;
  }
}
