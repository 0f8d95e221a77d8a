package dev.deployer.cloud.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsSettings;
import dev.deployer.core.fixture.ChildJvm;
import dev.deployer.core.retry.Retrier;
import dev.deployer.core.retry.RetryPolicy;
import dev.deployer.core.retry.Sleeper;
import dev.deployer.core.state.ResourceState;
import dev.deployer.core.state.StackState;
import dev.deployer.sandbox.testing.AwsEmulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;

/**
 * Separate JVMs sharing one stack through the S3 backend, as two CI runners on two machines would:
 * the lock lets exactly one apply, no update is lost, and a run killed with SIGKILL mid-apply is
 * finished by the next run without duplicates.
 */
class S3StateProcessesIT {
  static final String BUCKET = "deployer-state-procs";
  static final int MODULES = 3; // 3 resources each
  final AwsEmulator emulator = AwsEmulator.shared();
  final AwsClients aws =
      new AwsClients(AwsSettings.emulator(AwsEmulator.REGION, emulator.endpoint()));
  final S3Client s3 = aws.s3();

  @BeforeEach
  void setUp() {
    emulator.reset();
    s3.createBucket(b -> b.bucket(BUCKET));
    s3.putBucketVersioning(b -> b.bucket(BUCKET).versioningConfiguration(v -> v.status("Enabled")));
  }

  /** A child JVM running {@link S3ApplyProcess}; its stdout is collected line by line. */
  static final class Child {
    final Process process;
    final List<String> lines = new ArrayList<>();
    final Writer stdin;
    final CompletableFuture<Void> drained;

    Child(String endpoint, String hostId, int hangAt) throws IOException {
      List<String> cmd =
          ChildJvm.command(
              S3ApplyProcess.class,
              endpoint,
              BUCKET,
              "fleet",
              hostId,
              Integer.toString(MODULES),
              Integer.toString(hangAt));
      process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      drained =
          CompletableFuture.runAsync(
              () -> {
                try {
                  for (String l; (l = out.readLine()) != null; ) {
                    synchronized (lines) {
                      lines.add(l);
                      lines.notifyAll();
                    }
                  }
                } catch (IOException e) {
                  // the process was killed
                }
              });
    }

    /** Blocks until a line starting with {@code prefix} is printed (or the process ends). */
    String await(String prefix) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      synchronized (lines) {
        while (true) {
          for (String l : lines) {
            if (l.startsWith(prefix)) {
              return l;
            }
          }
          long left = deadline - System.nanoTime();
          if (left <= 0 || (!process.isAlive() && drained.isDone())) {
            throw new AssertionError("no line starting with " + prefix + " in " + lines);
          }
          lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
        }
      }
    }

    void go() throws IOException {
      stdin.write("go\n");
      stdin.flush();
    }

    int exit() throws InterruptedException {
      if (!process.waitFor(3, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("child did not finish: " + lines);
      }
      drained.join();
      return process.exitValue();
    }

    String output() {
      synchronized (lines) {
        return String.join("\n", lines);
      }
    }
  }

  S3StateStore reader() {
    return new S3StateStore(
        s3,
        new S3Location(BUCKET, "teams/", "us-east-1", Optional.empty()),
        "fleet",
        new LockOwner("it", "reader", 1),
        new Retrier(RetryPolicy.standard(), Clock.systemUTC(), Sleeper.system(), new Random()),
        Duration.ofSeconds(30));
  }

  long rootBuckets() {
    return s3.listBuckets().buckets().stream()
        .map(Bucket::name)
        .filter(n -> n.startsWith("fleet-root-"))
        .count();
  }

  void assertEveryResourceOnceAndSerialsStrictlyIncreasing() {
    S3StateStore r = reader();
    StackState state = r.read().orElseThrow();
    List<String> addresses = state.resources().stream().map(ResourceState::address).toList();
    assertThat(addresses).hasSize(MODULES * 3).doesNotHaveDuplicates();
    assertThat(rootBuckets()).isEqualTo(MODULES);
    // Bucket versioning keeps every write: their serials must be strictly increasing in time.
    List<Long> serials = new ArrayList<>();
    s3.listObjectVersions(b -> b.bucket(BUCKET).prefix("teams/fleet.json")).versions().stream()
        .filter(v -> v.key().equals("teams/fleet.json"))
        .sorted(
            java.util.Comparator.comparing(
                software.amazon.awssdk.services.s3.model.ObjectVersion::lastModified))
        .forEach(
            v ->
                serials.add(
                    serialOf(
                        s3.getObjectAsBytes(
                                g ->
                                    g.bucket(BUCKET)
                                        .key("teams/fleet.json")
                                        .versionId(v.versionId()))
                            .asByteArray())));
    assertThat(serials).doesNotHaveDuplicates();
    assertThat(new java.util.TreeSet<>(serials).last()).isEqualTo(state.serial());
  }

  static long serialOf(byte[] json) {
    try {
      return dev.deployer.core.json.Json.mapper().readValue(json, StackState.class).serial();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void twoHostsApplyingOneStackAtOnce_exactlyOneRunsAndTheOtherIsRefusedNamingTheHolder()
      throws Exception {
    Child a = new Child(emulator.endpoint(), "runner-a", 0);
    Child b = new Child(emulator.endpoint(), "runner-b", 0);
    a.await("READY");
    b.await("READY");
    a.go();
    b.go();
    int ea = a.exit();
    int eb = b.exit();
    assertThat(List.of(ea, eb))
        .as(a.output() + "\n---\n" + b.output())
        .containsExactlyInAnyOrder(0, 3);
    Child winner = ea == 0 ? a : b;
    Child loser = ea == 0 ? b : a;
    String winnerHost = ea == 0 ? "runner-a" : "runner-b";
    assertThat(winner.output()).contains("APPLIED added=" + MODULES * 3);
    assertThat(loser.output())
        .contains("REFUSED Stack fleet is locked by it@" + winnerHost)
        .contains("s3://" + BUCKET + "/teams/fleet.json.lock")
        .doesNotContain("LOCKED by");
    assertEveryResourceOnceAndSerialsStrictlyIncreasing();

    // The refused runner, run again, finds everything applied.
    Child again = new Child(emulator.endpoint(), "runner-b", 0);
    again.await("READY");
    again.go();
    assertThat(again.exit()).as(again.output()).isZero();
    assertThat(again.output()).contains("APPLIED added=0 changes=false");
    assertEveryResourceOnceAndSerialsStrictlyIncreasing();
  }

  @Test
  void killedWithSigkillMidApply_theNextRunTakesOverTheLockAndConvergesWithoutDuplicates()
      throws Exception {
    Child doomed = new Child(emulator.endpoint(), "runner-a", 5);
    doomed.await("READY");
    doomed.go();
    doomed.await("HANGING");
    long serialBefore = reader().read().orElseThrow().serial();
    doomed.process.destroyForcibly(); // SIGKILL: no finally block, no lock release
    doomed.process.waitFor();
    assertThat(reader().holder()).isPresent();
    assertThat(serialBefore).isPositive();

    Child next = new Child(emulator.endpoint(), "runner-a", 0);
    next.await("READY");
    next.go();
    assertThat(next.exit()).as(next.output()).isZero();
    assertThat(next.output()).contains("no longer running").contains("APPLIED");
    assertEveryResourceOnceAndSerialsStrictlyIncreasing();
    assertThat(reader().holder()).isEmpty();

    Child noop = new Child(emulator.endpoint(), "runner-b", 0);
    noop.await("READY");
    noop.go();
    assertThat(noop.exit()).as(noop.output()).isZero();
    assertThat(noop.output()).contains("APPLIED added=0 changes=false");
  }
}
