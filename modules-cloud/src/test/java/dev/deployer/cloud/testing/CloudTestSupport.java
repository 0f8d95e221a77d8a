package dev.deployer.cloud.testing;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsSettings;
import dev.deployer.cloud.CloudHandlers;
import dev.deployer.core.Catalogue;
import dev.deployer.core.Engine;
import dev.deployer.core.EngineListener;
import dev.deployer.core.EngineRuntime;
import dev.deployer.core.apply.ApplyResult;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.plan.Plan;
import dev.deployer.core.state.FileStateStore;
import dev.deployer.core.testing.AwsEmulator;
import java.nio.file.Path;

/** Runs stacks against the AWS emulator with a temp-dir state store. */
public final class CloudTestSupport {
  public final AwsEmulator emulator = AwsEmulator.shared();
  public final AwsClients aws =
      new AwsClients(AwsSettings.emulator(AwsEmulator.REGION, emulator.endpoint()));
  public final FileStateStore store;

  public CloudTestSupport(Path dir, String stack) {
    emulator.reset();
    this.store = new FileStateStore(dir, stack);
  }

  public Engine engine(StackDefinition def) {
    return new Engine(
        EngineRuntime.system(10, EngineListener.QUIET), new Catalogue(CloudHandlers.all(aws)));
  }

  public Plan plan(StackDefinition def) {
    return engine(def).plan(def, store, false);
  }

  public ApplyResult apply(StackDefinition def) {
    Engine e = engine(def);
    ApplyResult r = e.apply(def, e.plan(def, store, false), store);
    if (!r.succeeded()) {
      throw new AssertionError(
          "apply failed: " + r.failures().stream().map(ApplyResult.Failure::describe).toList(),
          r.failures().get(0).error());
    }
    return r;
  }

  public ApplyResult destroy(StackDefinition def) {
    Engine e = engine(def);
    ApplyResult r = e.apply(def, e.plan(def, store, true), store);
    if (!r.succeeded()) {
      throw new AssertionError(
          "destroy failed: " + r.failures().stream().map(ApplyResult.Failure::describe).toList());
    }
    return r;
  }
}
