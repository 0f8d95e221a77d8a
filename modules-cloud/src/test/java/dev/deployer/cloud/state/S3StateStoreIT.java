package dev.deployer.cloud.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsSettings;
import dev.deployer.core.retry.Retrier;
import dev.deployer.core.retry.RetryPolicy;
import dev.deployer.core.retry.Sleeper;
import dev.deployer.core.state.ResourceState;
import dev.deployer.core.state.StackState;
import dev.deployer.core.state.StateException;
import dev.deployer.core.state.StateLock;
import dev.deployer.core.state.StateLockedException;
import dev.deployer.core.state.Status;
import dev.deployer.sandbox.testing.AwsEmulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The S3 state backend against the AWS emulator, through the AWS SDK. */
class S3StateStoreIT {
  static final String BUCKET = "deployer-state-it";
  final AwsEmulator emulator = AwsEmulator.shared();
  final AwsClients aws =
      new AwsClients(AwsSettings.emulator(AwsEmulator.REGION, emulator.endpoint()));
  final S3Client s3 = aws.s3();
  final S3Location loc = new S3Location(BUCKET, "teams/", "us-east-1", Optional.empty());

  @BeforeEach
  void setUp() {
    emulator.reset();
    s3.createBucket(b -> b.bucket(BUCKET));
  }

  void enableVersioning() {
    s3.putBucketVersioning(b -> b.bucket(BUCKET).versioningConfiguration(v -> v.status("Enabled")));
  }

  S3StateStore store(String host, long pid) {
    return new S3StateStore(
        s3,
        loc,
        "dev",
        new LockOwner("it", host, pid),
        new Retrier(RetryPolicy.standard(), Clock.systemUTC(), Sleeper.system(), new Random()),
        Duration.ofSeconds(30));
  }

  S3StateStore store(String host) {
    return store(host, ProcessHandle.current().pid());
  }

  static StackState withResource(StackState s, String address) {
    return s.with(
        new ResourceState(
            address,
            "aws_s3_bucket",
            address + "-id",
            dev.deployer.core.json.Json.mapper().createObjectNode(),
            java.util.Map.of(),
            List.of(),
            Status.READY,
            null));
  }

  @Test
  void emulatorAnswersFailedPutConditionsAs412PreconditionFailedAndIfMatchOnAMissingKeyAs404() {
    String etag =
        s3.putObject(b -> b.bucket(BUCKET).key("k"), RequestBody.fromString("one")).eTag();
    assertThatThrownBy(
            () ->
                s3.putObject(
                    b -> b.bucket(BUCKET).key("k").ifNoneMatch("*"), RequestBody.fromString("2")))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(412);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("PreconditionFailed");
            });
    assertThatThrownBy(
            () ->
                s3.putObject(
                    b -> b.bucket(BUCKET).key("k").ifMatch("\"0000\""),
                    RequestBody.fromString("2")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
    assertThatThrownBy(
            () ->
                s3.putObject(
                    b -> b.bucket(BUCKET).key("missing").ifMatch(etag),
                    RequestBody.fromString("2")))
        .isInstanceOf(NoSuchKeyException.class);
    String next =
        s3.putObject(b -> b.bucket(BUCKET).key("k").ifMatch(etag), RequestBody.fromString("two"))
            .eTag();
    assertThat(next).isNotEqualTo(etag);
    assertThatThrownBy(() -> s3.deleteObject(b -> b.bucket(BUCKET).key("k").ifMatch(etag)))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
    s3.deleteObject(b -> b.bucket(BUCKET).key("k").ifMatch(next));
  }

  @Test
  void aSecondHostIsRefusedNamingTheHolderUntilTheLockIsReleased() {
    S3StateStore a = store("host-a");
    S3StateStore b = store("host-b");
    try (StateLock held = a.lock("apply", w -> {})) {
      assertThatThrownBy(() -> b.lock("apply", w -> {}))
          .isInstanceOf(StateLockedException.class)
          .hasMessageContaining("host-a")
          .hasMessageContaining(held.info().id())
          .hasMessageContaining("s3://" + BUCKET + "/teams/dev.json.lock")
          .hasMessageContaining("last renewed");
    }
    try (StateLock mine = b.lock("plan", w -> {})) {
      assertThat(b.holder()).hasValueSatisfying(h -> assertThat(h.host()).isEqualTo("host-b"));
    }
    assertThat(b.holder()).isEmpty();
  }

  @Test
  void aStateWriteRacingAStaleReaderFailsItsIfMatchAndSaysSo() {
    S3StateStore first = store("host-a");
    first.write(withResource(StackState.empty("dev"), "a").withSerial(1));
    S3StateStore stale = store("host-b");
    S3StateStore fresh = store("host-c");
    StackState seenByStale = stale.read().orElseThrow();
    StackState seenByFresh = fresh.read().orElseThrow();
    fresh.write(withResource(seenByFresh, "b").withSerial(2));
    assertThatThrownBy(() -> stale.write(withResource(seenByStale, "c").withSerial(2)))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("If-Match")
        .hasMessageContaining("serial 1, now 2")
        .hasMessageContaining("Nothing was overwritten");
    StackState stored = store("host-d").read().orElseThrow();
    assertThat(stored.serial()).isEqualTo(2);
    assertThat(stored.resources()).extracting(ResourceState::address).containsExactly("a", "b");
  }

  @Test
  void twoFirstWritesOfANewStateCannotBothWin() {
    S3StateStore a = store("host-a");
    S3StateStore b = store("host-b");
    assertThat(a.read()).isEmpty();
    assertThat(b.read()).isEmpty();
    a.write(StackState.empty("dev").withSerial(1));
    assertThatThrownBy(() -> b.write(StackState.empty("dev").withSerial(1)))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("If-None-Match");
  }

  @Test
  void serialAndLineageAreCheckedBeforeAnyPut() {
    S3StateStore a = store("host-a");
    StackState s = StackState.empty("dev").withSerial(3);
    a.write(s);
    assertThatThrownBy(() -> a.write(s.withSerial(3))).hasMessageContaining("is not newer");
    assertThatThrownBy(() -> a.write(StackState.empty("dev").withSerial(9)))
        .hasMessageContaining("lineage");
  }

  @Test
  void aLockLeftByADeadProcessOnThisHostIsTakenOverWithAWarning() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    store("host-a", gone.pid()).lock("apply", w -> {}); // never closed: the process "died"
    List<String> warnings = new ArrayList<>();
    try (StateLock l = store("host-a").lock("apply", warnings::add)) {
      assertThat(l.info().pid()).isEqualTo(ProcessHandle.current().pid());
    }
    assertThat(warnings)
        .anyMatch(w -> w.contains("no longer running") && w.contains("" + gone.pid()));
  }

  private void putLock(String host, Instant renewed) {
    s3.putObject(
        b -> b.bucket(BUCKET).key("teams/dev.json.lock"),
        RequestBody.fromString(
            "{\"id\":\"L1\",\"operation\":\"apply\",\"who\":\"ci\",\"pid\":42,"
                + "\"host\":\""
                + host
                + "\",\"created\":\""
                + renewed.minus(Duration.ofMinutes(5))
                + "\",\"renewed\":\""
                + renewed
                + "\"}"));
  }

  @Test
  void aLockOfAnotherHostWhoseHolderStoppedRenewing_isTakenOverAndReported() {
    // A CI container restarted under another name: issue 12 finding 6.
    putLock("runner-7", Instant.now().minus(Duration.ofMinutes(10)));
    List<String> warnings = new ArrayList<>();
    try (StateLock l = store("host-a").lock("apply", warnings::add)) {
      assertThat(store("host-a").holder())
          .hasValueSatisfying(h -> assertThat(h.id()).isEqualTo(l.info().id()));
    }
    assertThat(warnings)
        .anyMatch(
            w ->
                w.contains("Took over the lock on stack dev")
                    && w.contains("on runner-7")
                    && w.contains("heartbeat stopped 10m"));
  }

  @Test
  void aLockOfAnotherHostRenewedRecently_isRefusedSayingWhen() {
    putLock("runner-7", Instant.now().minus(Duration.ofSeconds(20)));
    assertThatThrownBy(() -> store("host-a").lock("apply", w -> {}))
        .isInstanceOf(StateLockedException.class)
        .hasMessageContaining("runner-7")
        .hasMessageContaining("last renewed")
        .hasMessageContaining("force-unlock L1");
    assertThat(store("host-a").holder())
        .hasValueSatisfying(h -> assertThat(h.id()).isEqualTo("L1"));
  }

  @Test
  void theHolderRenewsItsLock() throws Exception {
    S3StateStore a =
        new S3StateStore(
            s3,
            loc,
            "dev",
            new LockOwner("it", "host-a", 1),
            new Retrier(RetryPolicy.standard(), Clock.systemUTC(), Sleeper.system(), new Random()),
            Duration.ofMillis(100));
    try (StateLock l = a.lock("apply", w -> {})) {
      String first =
          s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("teams/dev.json.lock")).asUtf8String();
      dev.deployer.core.retry.Waiter waiter =
          new dev.deployer.core.retry.Waiter(Clock.systemUTC(), Sleeper.system());
      waiter.until(
          "the lock's first renewal",
          Duration.ofSeconds(10),
          Duration.ofMillis(50),
          Duration.ofMillis(200),
          () ->
              s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("teams/dev.json.lock")).asUtf8String(),
          now ->
              now.equals(first)
                  ? dev.deployer.core.retry.Waiter.State.PENDING
                  : dev.deployer.core.retry.Waiter.State.DONE,
          now -> "not renewed yet",
          m -> {});
    }
  }

  @Test
  void forceUnlockNeedsTheHoldersIdAndRemovesOnlyThatLock() {
    StateLock held = store("host-a").lock("apply", w -> {});
    S3StateStore other = store("host-b");
    assertThatThrownBy(() -> other.forceUnlock("not-it"))
        .hasMessageContaining("nothing was changed");
    other.forceUnlock(held.info().id());
    assertThat(other.holder()).isEmpty();
    try (StateLock l = other.lock("apply", w -> {})) {
      held.close(); // the old holder's release must not delete the new lock
      assertThat(other.holder()).hasValueSatisfying(h -> assertThat(h.host()).isEqualTo("host-b"));
    }
  }

  @Test
  void versioningOffIsAWarningAndVersionsAreTheHistory() {
    List<String> warnings = new ArrayList<>();
    store("host-a").lock("apply", warnings::add).close();
    assertThat(warnings).anyMatch(w -> w.contains("does not have versioning enabled"));

    enableVersioning();
    warnings.clear();
    S3StateStore a = store("host-a");
    a.lock("apply", warnings::add).close();
    assertThat(warnings).isEmpty();
    StackState s = StackState.empty("dev");
    for (int i = 1; i <= 3; i++) {
      s = withResource(s, "r" + i).withSerial(i);
      a.write(s);
    }
    assertThat(a.history()).extracting(StackState::serial).containsExactly(1L, 2L, 3L);
  }
}
