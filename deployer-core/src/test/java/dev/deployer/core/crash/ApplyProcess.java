package dev.deployer.core.crash;

import dev.deployer.core.Catalogue;
import dev.deployer.core.Engine;
import dev.deployer.core.EngineListener;
import dev.deployer.core.EngineRuntime;
import dev.deployer.core.apply.ApplyResult;
import dev.deployer.core.model.Resource;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.state.FileStateStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One apply in its own JVM, to be killed: args are the state directory, the cloud directory, the
 * number of resources, the size every resource should have, and "destroy" or "apply". Exit 0 when
 * the apply succeeded.
 */
public final class ApplyProcess {
  static StackDefinition stack(int n, String size) {
    StackBuilder b = new StackBuilder("crash", Map.of());
    List<Resource<FileCloudHandler.Spec>> made = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String name = "thing-" + i;
      Resource<FileCloudHandler.Spec> parent = i < 10 ? null : made.get(i % 10);
      made.add(
          b.add(
              "things.thing[\"" + i + "\"]",
              FileCloudHandler.TYPE,
              r ->
                  new FileCloudHandler.Spec(
                      name, size, parent == null ? null : r.get(parent.out("arn")))));
    }
    return b.build();
  }

  public static void main(String[] args) {
    Path stateDir = Path.of(args[0]);
    FileCloudHandler cloud = new FileCloudHandler(Path.of(args[1]));
    int n = Integer.parseInt(args[2]);
    boolean destroy = "destroy".equals(args[4]);
    StackDefinition def = stack(n, args[3]);
    FileStateStore store = new FileStateStore(stateDir, "crash");
    Engine engine =
        new Engine(EngineRuntime.system(8, EngineListener.QUIET), new Catalogue(List.of(cloud)));
    ApplyResult r =
        engine.locked(
            store, "apply", () -> engine.apply(def, engine.plan(def, store, destroy), store));
    if (!r.succeeded()) {
      System.err.println(r.failures().get(0).describe());
      System.exit(1);
    }
    System.exit(0);
  }
}
