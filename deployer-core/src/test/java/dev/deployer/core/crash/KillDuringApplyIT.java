package dev.deployer.core.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.core.fixture.ChildJvm;
import dev.deployer.core.state.FileStateStore;
import dev.deployer.core.state.ResourceState;
import dev.deployer.core.state.StackState;
import dev.deployer.core.state.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Applies in separate JVMs killed with SIGKILL at random moments (so some deaths fall between an
 * intent and its result, some in the middle of a journal write), then runs to the end: the cloud
 * holds each resource exactly once, the state records exactly those objects, nothing is left in the
 * journal, and a destroy killed the same way still removes everything.
 */
class KillDuringApplyIT {
  static final int N = 150;
  @TempDir Path dir;

  private Process start(Path state, Path cloud, String size, String mode) throws Exception {
    List<String> cmd =
        ChildJvm.command(
            ApplyProcess.class,
            state.toString(),
            cloud.toString(),
            Integer.toString(N),
            size,
            mode);
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("child.log").toFile())
        .start();
  }

  /** Kills a few runs at random moments, then lets one finish; returns how many were killed. */
  private int killThenFinish(Path state, Path cloud, String size, String mode, Random random)
      throws Exception {
    int killed = 0;
    for (int i = 0; i < 6; i++) {
      Process p = start(state, cloud, size, mode);
      // JVM start takes a few hundred milliseconds; the apply itself about one second.
      if (!p.waitFor(400 + random.nextInt(1200), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly(); // SIGKILL: no finally block runs, the lock and journal stay
        p.waitFor();
        killed++;
      }
    }
    Process last = start(state, cloud, size, mode);
    assertThat(last.waitFor(3, TimeUnit.MINUTES)).isTrue();
    assertThat(last.exitValue()).as(Files.readString(dir.resolve("child.log"))).isZero();
    return killed;
  }

  @Test
  void killedApplies_thenOneToTheEnd_leaveEachObjectOnceAndTheStateExact() throws Exception {
    Path state = Files.createDirectories(dir.resolve("state"));
    Path cloudDir = Files.createDirectories(dir.resolve("cloud"));
    FileCloudHandler cloud = new FileCloudHandler(cloudDir);
    Random random = new Random(11);

    int killed = killThenFinish(state, cloudDir, "small", "apply", random);
    assertThat(killed).as("runs killed before they finished").isPositive();
    assertExact(state, cloud, "small");

    killThenFinish(state, cloudDir, "large", "apply", random); // every resource updated
    assertExact(state, cloud, "large");

    killThenFinish(state, cloudDir, "large", "destroy", random);
    assertThat(cloud.objects()).isEmpty();
    assertThat(new FileStateStore(state, "crash").read().orElseThrow().resources()).isEmpty();
  }

  private void assertExact(Path state, FileCloudHandler cloud, String size) {
    FileStateStore store = new FileStateStore(state, "crash");
    assertThat(store.journalFile()).as("compacted at the end of the run").doesNotExist();
    StackState s = store.read().orElseThrow();
    Map<String, FileCloudHandler.Spec> objects = cloud.objects();
    List<String> names = new ArrayList<>();
    objects.values().forEach(o -> names.add(o.name()));
    assertThat(names).as("no duplicate").doesNotHaveDuplicates().hasSize(N);
    assertThat(objects.values()).allMatch(o -> o.size().equals(size));
    assertThat(s.resources()).hasSize(N).allMatch(r -> r.status() == Status.READY);
    Set<String> recorded =
        s.resources().stream().map(ResourceState::id).collect(Collectors.toSet());
    assertThat(recorded).isEqualTo(objects.keySet());
  }
}
