package dev.deployer.cloud.state;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsSettings;
import dev.deployer.core.json.Json;
import dev.deployer.core.retry.Retrier;
import dev.deployer.core.retry.RetryPolicy;
import dev.deployer.core.retry.Sleeper;
import dev.deployer.core.state.FileStateStore;
import dev.deployer.core.state.ResourceState;
import dev.deployer.core.state.StackState;
import dev.deployer.core.state.StateLock;
import dev.deployer.core.state.StateStore;
import dev.deployer.core.state.Status;
import dev.deployer.sandbox.testing.AwsEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The cost of one state write (what every operation of an apply pays, twice: intent and result)
 * with the S3 backend against the local file, for a stack of {@code RESOURCES} resources. A
 * benchmark, not part of the suite (no *IT/*Test name); run it with
 *
 * <pre>
 * mvn -B -ntp -pl modules-cloud -am verify -Dit.test=S3StateWriteBench -Dtest=NoSuchTest \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false -Dit.aws=moto
 * </pre>
 *
 * and read the lines starting "BENCH" in the output.
 */
class S3StateWriteBench {
  static final int RESOURCES = 50;
  static final int WRITES = 200;

  @Test
  void writesPerBackend() throws Exception {
    AwsEmulator emulator = AwsEmulator.shared();
    emulator.reset();
    AwsClients aws = new AwsClients(AwsSettings.emulator(AwsEmulator.REGION, emulator.endpoint()));
    aws.s3().createBucket(b -> b.bucket("bench-state"));
    aws.s3()
        .putBucketVersioning(
            b -> b.bucket("bench-state").versioningConfiguration(v -> v.status("Enabled")));
    S3StateStore s3 =
        new S3StateStore(
            aws.s3(),
            new S3Location("bench-state", "deployer/", "us-east-1", Optional.empty()),
            "bench",
            LockOwner.current(),
            new Retrier(RetryPolicy.standard(), Clock.systemUTC(), Sleeper.system(), new Random()),
            S3StateStore.DEFAULT_HEARTBEAT);
    Path dir = Files.createTempDirectory("bench-state");
    run("s3", s3);
    run("local", new FileStateStore(dir, "bench"));
    List<Long> locks = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      long t = System.nanoTime();
      try (StateLock l = s3.lock("bench", w -> {})) {
        locks.add(System.nanoTime() - t);
      }
    }
    System.out.println("BENCH s3 lock create: median " + ms(median(locks)) + " ms");
  }

  private static void run(String name, StateStore store) {
    StackState s = StackState.empty("bench");
    for (int i = 0; i < RESOURCES; i++) {
      s =
          s.with(
              new ResourceState(
                  "module.r" + i,
                  "aws_subnet",
                  "subnet-" + i,
                  Json.mapper()
                      .createObjectNode()
                      .put("cidr_block", "10.0." + i + ".0/24")
                      .put("vpc_id", "vpc-0123456789abcdef0")
                      .put("availability_zone", "us-east-1a")
                      .put("map_public_ip_on_launch", false),
                  Map.of("arn", "arn:aws:ec2:us-east-1:123456789012:subnet/subnet-" + i),
                  List.of("module.r" + Math.max(0, i - 1)),
                  Status.READY,
                  null));
    }
    int bytes = Json.write(s).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    store.read();
    List<Long> times = new ArrayList<>();
    for (int i = 1; i <= WRITES; i++) {
      StackState next = s.withSerial(i);
      long t = System.nanoTime();
      store.write(next);
      times.add(System.nanoTime() - t);
    }
    Collections.sort(times);
    System.out.println(
        "BENCH "
            + name
            + ": "
            + WRITES
            + " writes of a "
            + RESOURCES
            + "-resource state ("
            + bytes
            + " bytes): median "
            + ms(median(times))
            + " ms, p90 "
            + ms(times.get((int) (times.size() * 0.9)))
            + " ms, total "
            + Duration.ofNanos(times.stream().mapToLong(Long::longValue).sum()).toMillis()
            + " ms");
  }

  private static long median(List<Long> xs) {
    List<Long> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }

  private static String ms(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.2f", nanos / 1e6);
  }
}
