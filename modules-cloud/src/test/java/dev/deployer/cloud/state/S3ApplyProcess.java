package dev.deployer.cloud.state;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsSettings;
import dev.deployer.cloud.CloudHandlers;
import dev.deployer.cloud.storage.StorageModule;
import dev.deployer.core.Catalogue;
import dev.deployer.core.Engine;
import dev.deployer.core.EngineListener;
import dev.deployer.core.EngineRuntime;
import dev.deployer.core.apply.ApplyResult;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.plan.Plan;
import dev.deployer.core.plan.ResourceChange;
import dev.deployer.core.state.StateLockedException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One deployer run in its own JVM, for the multi-process tests: applies a stack of {@code n} root
 * buckets through {@link S3StateStore} as host {@code hostId}. Prints READY and waits for a line on
 * stdin before taking the lock, so two of them can be started at the same instant. With {@code
 * hangAt > 0} it stops dead when the hangAt-th operation starts, to be killed there.
 *
 * <p>Args: endpoint bucket stack hostId n hangAt. Exit 0 applied, 3 refused by the lock, 1 else.
 */
public final class S3ApplyProcess {
  public static void main(String[] args) throws Exception {
    String endpoint = args[0];
    String bucket = args[1];
    String stack = args[2];
    String hostId = args[3];
    int n = Integer.parseInt(args[4]);
    int hangAt = Integer.parseInt(args[5]);
    try (AwsClients aws = new AwsClients(AwsSettings.emulator("us-east-1", endpoint))) {
      StackBuilder b = new StackBuilder(stack, Map.of("Owner", "it"));
      for (int i = 0; i < n; i++) {
        StorageModule.declare(
            b,
            aws.region(),
            "storage" + i,
            stack + "-root-" + i,
            "11111111-2222-3333-4444-555555555555",
            true,
            StorageModule.Options.DEFAULT);
      }
      StackDefinition def = b.build();
      AtomicInteger started = new AtomicInteger();
      EngineListener listener =
          new EngineListener() {
            @Override
            public void started(ResourceChange change, String verb) {
              if (started.incrementAndGet() == hangAt) {
                System.out.println("HANGING at " + change.address());
                System.out.flush();
                while (true) {
                  LockSupport.park();
                }
              }
            }

            @Override
            public void warning(String message) {
              System.out.println("WARNING " + message);
            }
          };
      EngineRuntime rt = EngineRuntime.system(4, listener);
      S3StateStore store =
          new S3StateStore(
              aws.s3(),
              new S3Location(bucket, "teams/", "us-east-1", java.util.Optional.empty()),
              stack,
              new LockOwner("it", hostId, ProcessHandle.current().pid()),
              rt.retrier(),
              Duration.ofSeconds(1));
      Engine engine = new Engine(rt, new Catalogue(CloudHandlers.all(aws)));
      System.out.println("READY");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      try {
        int code =
            engine.locked(
                store,
                "apply",
                () -> {
                  System.out.println("LOCKED by " + hostId);
                  System.out.flush();
                  Plan plan = engine.plan(def, store, false);
                  ApplyResult r = engine.apply(def, plan, store);
                  if (!r.succeeded()) {
                    r.failures().forEach(f -> System.out.println("FAILED " + f.describe()));
                    return 1;
                  }
                  System.out.println(
                      "APPLIED added=" + r.added() + " changes=" + plan.hasChanges());
                  return 0;
                });
        System.out.flush();
        System.exit(code);
      } catch (StateLockedException e) {
        System.out.println("REFUSED " + e.getMessage());
        System.out.flush();
        System.exit(3);
      }
    }
  }
}
