package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsSettings;
import dev.deployer.core.json.Json;
import dev.deployer.core.state.FileStateStore;
import dev.deployer.core.state.LockInfo;
import dev.deployer.core.state.ResourceState;
import dev.deployer.core.state.Status;
import dev.deployer.sandbox.testing.AwsEmulator;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C and SIGTERM during {@code apply --env dev} (issue 12 finding 6), as separate processes
 * against one sandbox: SIGINT at ten moments drawn from a seeded random; each run exits 130 once
 * its calls in flight have finished, with no {@code pending-*} entry left, the lock released and a
 * summary; then SIGTERM (143), and a double Ctrl-C that exits at once and leaves the lock and
 * intent records for the next run. The last apply converges: a no-op plan and no duplicate object.
 */
class InterruptIT {
  @TempDir static Path work;
  static CliProcess cli;
  static Path stateDir;
  static int awsPort;
  static int dbPort;
  static final String ACCOUNT = "5a4d2c1b-0e9f-4a8b-9c7d-6e5f4a3b2c1d";
  static final long SEED = 20261201L;

  @BeforeAll
  static void setUp() {
    awsPort = AwsEmulator.freePort();
    dbPort = AwsEmulator.freePort();
    stateDir = work.resolve("sandbox/state");
    cli =
        new CliProcess(work)
            .env("DEPLOYER_SANDBOX_DIR", work.resolve("sandbox").toString())
            .env("DEPLOYER_SANDBOX_AWS_PORT", Integer.toString(awsPort))
            .env("DEPLOYER_SANDBOX_DATABRICKS_PORT", Integer.toString(dbPort))
            .env("DEPLOYER_SANDBOX_RACE_WINDOW", "2s")
            .env("DEPLOYER_SANDBOX_PROVISIONING_DELAY", "1s");
    CliProcess.Result up = cli.run("sandbox", "up");
    assertThat(up.exit()).as(up.toString()).isZero();
  }

  @AfterAll
  static void tearDown() {
    if (cli != null) {
      cli.run("sandbox", "down", "--purge");
    }
  }

  /** What one interrupted run did, for the assertions and the report line. */
  private record Run(
      int n,
      long delayMs,
      boolean fromFirstCall,
      boolean aliveAtSignal,
      Duration toExit,
      String output) {}

  /**
   * Starts an apply and signals it {@code delayMs} after it starts, or with {@code fromFirstCall}
   * after its first operation started (a loaded machine can otherwise spend the whole delay in
   * start-up and refresh).
   */
  private static Run interrupt(int n, long delayMs, boolean fromFirstCall, String... signals)
      throws Exception {
    CliProcess.Running p = cli.start("apply", "--env", "dev", "--sandbox", "--auto-approve");
    if (fromFirstCall) {
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (p.alive() && !p.stdout().contains("Creating...") && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    }
    Thread.sleep(delayMs);
    boolean alive = p.alive();
    long t0 = System.nanoTime();
    for (String s : signals) {
      if (p.alive()) {
        p.signal(s);
      }
    }
    CliProcess.Result r = p.await();
    Duration toExit = Duration.ofNanos(System.nanoTime() - t0);
    String output = r.out() + r.err();
    if (alive && r.exit() == 0 && !output.contains(" received")) {
      alive = false; // it finished between the check and the signal
    }
    if (alive) {
      int expected = signals[0].equals("TERM") ? 143 : 130;
      assertThat(r.exit()).as("run " + n + " after " + delayMs + " ms\n" + r).isEqualTo(expected);
    } else {
      assertThat(r.exit()).as("run " + n + " finished before the signal\n" + r).isZero();
    }
    return new Run(n, delayMs, fromFirstCall, alive, toExit, output);
  }

  private static List<ResourceState> state(String stack) {
    return new FileStateStore(stateDir, stack).read().map(s -> s.resources()).orElse(List.of());
  }

  /** The state as a run in progress has it (a journal being appended), or none while unreadable. */
  private static List<ResourceState> stateWhileRunning(String stack) {
    try {
      return state(stack);
    } catch (dev.deployer.core.state.StateException e) {
      return List.of();
    }
  }

  private static void assertCleanStop(Run run) {
    String what = "run " + run.n() + " (signal after " + run.delayMs() + " ms)\n" + run.output();
    assertThat(stateDir.resolve("dev.json.lock")).as(what).doesNotExist();
    assertThat(stateDir.resolve("common.json.lock")).as(what).doesNotExist();
    for (String stack : new String[] {"common", "dev"}) {
      assertThat(state(stack))
          .as(what + "\nno call of " + stack + " may be left in flight")
          .allSatisfy(r -> assertThat(r.status()).isEqualTo(Status.READY));
    }
    if (!run.aliveAtSignal()) {
      return;
    }
    if (run.output().isBlank()) {
      return; // the JVM was still starting: its default handling exited before anything began
    }
    assertThat(run.output()).as(what).contains("SIGINT received").doesNotContain("SIGINT again");
    if (run.output().contains("Creating...") || run.output().contains("Creation complete")) {
      // The apply had started: the summary says what was done and what was not.
      assertThat(run.output())
          .as(what)
          .containsPattern(
              "Interrupted \\(SIGINT\\): Resources: \\d+ added, \\d+ changed, \\d+ destroyed, \\d+"
                  + " not started|Apply interrupted \\(SIGINT\\) before any change")
          .contains("the lock is released");
    }
    // In-flight calls in the sandbox take seconds (the IAM race is 2 s here); the retry bound
    // (90 s) is the most any one of them may take.
    assertThat(run.toExit()).as(what).isLessThan(Duration.ofSeconds(90));
  }

  @Test
  void sigintAtTenRandomMoments_eachRunStopsCleanly_andTheNextApplyConvergesWithoutDuplicates()
      throws Exception {
    // From no dev estate (common stays), so that every run has work left to interrupt.
    CliProcess.Result reset = cli.run("destroy", "--env", "dev", "--sandbox", "--auto-approve");
    assertThat(reset.exit()).as(reset.toString()).isZero();
    Random random = new Random(SEED);
    List<Run> runs = new ArrayList<>();
    long started = System.nanoTime();
    for (int i = 1; i <= 10; i++) {
      // From JVM start-up (before the handler exists) through refresh, or into the apply.
      boolean fromFirstCall = random.nextBoolean();
      long delay = fromFirstCall ? random.nextInt(4_000) : 300 + random.nextInt(6_000);
      Run run = interrupt(i, delay, fromFirstCall, "INT");
      assertCleanStop(run);
      runs.add(run);
    }

    long midApply =
        runs.stream().filter(r -> r.output().contains("Interrupted (SIGINT): Resources:")).count();
    assertThat(midApply)
        .as("most of the ten runs must be interrupted with operations in flight")
        .isGreaterThanOrEqualTo(5);

    // SIGTERM is handled the same way, with 143.
    Run term = interrupt(11, random.nextInt(3_000), true, "TERM");
    if (term.aliveAtSignal()) {
      assertThat(term.output()).contains("SIGTERM received");
    }

    // The final apply converges: nothing is created twice.
    CliProcess.Result last = cli.run("apply", "--env", "dev", "--sandbox", "--auto-approve");
    assertThat(last.exit()).as(last.toString()).isZero();
    for (String env : new String[] {"common", "dev"}) {
      CliProcess.Result plan = cli.run("plan", "--env", env, "--sandbox", "--detailed-exitcode");
      assertThat(plan.exit()).as("plan " + env + "\n" + plan).isZero();
    }
    assertNoDuplicates();

    StringBuilder report = new StringBuilder("Interrupts (seed " + SEED + "):\n");
    for (Run r : runs) {
      report.append(
          String.format(
              "  run %2d: SIGINT %5d ms after %s, %s, exited %s after it%n",
              r.n(),
              r.delayMs(),
              r.fromFirstCall() ? "the first operation started" : "the process started",
              r.aliveAtSignal() ? "running" : "already finished",
              dev.deployer.core.retry.Durations.human(r.toExit())));
    }
    report.append("  interrupted with operations in flight: " + midApply + " of 10\n");
    report.append(
        "  total with the final apply and plans: "
            + dev.deployer.core.retry.Durations.human(
                Duration.ofNanos(System.nanoTime() - started)));
    System.out.println(report);
  }

  @Test
  void aSecondSigint_exitsAtOnce_leavingTheLockAndIntentForTheNextRun_whichTakesOverAndConverges()
      throws Exception {
    // Destroy part of dev so that the next apply has calls to cut off.
    CliProcess.Running destroy =
        cli.start("destroy", "--env", "dev", "--sandbox", "--auto-approve");
    CliProcess.Result destroyed = destroy.await();
    assertThat(destroyed.exit()).as(destroyed.toString()).isIn(0, 1);

    CliProcess.Running p = cli.start("apply", "--env", "dev", "--sandbox", "--auto-approve");
    String out;
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    // Wait until the apply has started operations, then press Ctrl-C twice.
    while (p.alive() && System.nanoTime() < deadline) {
      List<ResourceState> dev = stateWhileRunning("dev");
      if (dev.stream().anyMatch(r -> r.status() == Status.PENDING_CREATE)) {
        break;
      }
      Thread.sleep(20);
    }
    assertThat(p.alive()).as("the apply must still run when the first Ctrl-C comes").isTrue();
    long t0 = System.nanoTime();
    p.signal("INT");
    Thread.sleep(100);
    p.signal("INT");
    CliProcess.Result r = p.await();
    Duration toExit = Duration.ofNanos(System.nanoTime() - t0);
    out = r.out() + r.err();
    assertThat(r.exit()).as(out).isEqualTo(130);
    assertThat(out).contains("SIGINT again: exiting at once");
    assertThat(toExit).as(out).isLessThan(Duration.ofSeconds(5));
    assertThat(stateDir.resolve("dev.json.lock"))
        .as("a halt leaves the lock, for the next run to take over")
        .exists();
    long pending = state("dev").stream().filter(e -> e.status() != Status.READY).count();
    System.out.println(
        "Double Ctrl-C: exited "
            + toExit.toMillis()
            + " ms after the first signal, leaving "
            + pending
            + " pending-* entries");

    CliProcess.Result next = cli.run("apply", "--env", "dev", "--sandbox", "--auto-approve");
    assertThat(next.exit()).as(next.toString()).isZero();
    assertThat(next.out() + next.err())
        .contains("Taking over the lock on stack dev")
        .contains("that process is no longer running");
    assertThat(stateDir.resolve("dev.json.lock")).doesNotExist();
    CliProcess.Result plan = cli.run("plan", "--env", "dev", "--sandbox", "--detailed-exitcode");
    assertThat(plan.exit()).as(plan.toString()).isZero();
    assertNoDuplicates();
  }

  @Test
  void planWithoutTheLock_worksWhileAnotherLiveRunHoldsIt() throws Exception {
    CliProcess.Result applied = cli.run("apply", "--env", "dev", "--sandbox", "--auto-approve");
    assertThat(applied.exit()).as(applied.toString()).isZero();
    // A live holder on this host: this test's own JVM.
    Path lock = stateDir.resolve("dev.json.lock");
    Files.write(
        lock,
        Json.mapper()
            .writeValueAsBytes(
                new LockInfo(
                    "held-by-test",
                    "apply",
                    "tester",
                    ProcessHandle.current().pid(),
                    InetAddress.getLocalHost().getHostName(),
                    java.time.Instant.now().toString(),
                    java.time.Instant.now().toString())));
    try {
      List<String> before = listing();
      CliProcess.Result locked = cli.run("plan", "--env", "dev", "--sandbox");
      assertThat(locked.exit()).as(locked.toString()).isEqualTo(1);
      assertThat(locked.err()).contains("is locked by tester@");

      CliProcess.Result audit =
          cli.run("plan", "--env", "dev", "--sandbox", "--lock=false", "--detailed-exitcode");
      assertThat(audit.exit()).as(audit.toString()).isZero();
      assertThat(audit.out()).contains("No changes.");
      assertThat(listing()).as("a plan without the lock writes nothing").isEqualTo(before);
    } finally {
      Files.deleteIfExists(lock);
    }
  }

  private static List<String> listing() throws Exception {
    try (var s = Files.list(stateDir)) {
      return s.map(f -> f.getFileName().toString() + ":" + f.toFile().lastModified())
          .sorted()
          .toList();
    }
  }

  private static void assertNoDuplicates() throws Exception {
    try (AwsClients aws =
        new AwsClients(AwsSettings.emulator("us-east-1", "http://127.0.0.1:" + awsPort))) {
      long vpcs =
          aws.ec2()
              .describeVpcs(r -> r.filters(f -> f.name("tag:deployer:stack").values("dev")))
              .vpcs()
              .size();
      assertThat(vpcs).as("VPCs of stack dev").isEqualTo(1);
      long nats =
          aws.ec2()
              .describeNatGateways(
                  r ->
                      r.filter(
                          f -> f.name("tag:deployer:stack").values("dev"),
                          f -> f.name("state").values("available", "pending")))
              .natGateways()
              .size();
      assertThat(nats).as("NAT gateways of stack dev").isLessThanOrEqualTo(1);
    }
    for (String path :
        new String[] {"/workspaces", "/credentials", "/storage-configurations", "/networks"}) {
      JsonNode list = Json.mapper().readTree(databricks(path));
      Set<String> names = new HashSet<>();
      for (JsonNode o : list) {
        String name =
            o.path(path.equals("/workspaces") ? "workspace_name" : nameField(path)).asText();
        assertThat(names.add(name)).as(path + " holds " + name + " twice:\n" + list).isTrue();
      }
    }
  }

  private static String nameField(String path) {
    return switch (path) {
      case "/credentials" -> "credentials_name";
      case "/storage-configurations" -> "storage_configuration_name";
      default -> "network_name";
    };
  }

  private static String databricks(String path) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + dbPort + "/api/2.0/accounts/" + ACCOUNT + path))
                    .header("Authorization", "Bearer interrupts")
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return r.body();
  }
}
