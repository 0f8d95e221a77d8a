package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The team state commands through the built CLI against a sandbox of its own, with common and dev
 * applied: state migrated local -> S3 -> local with a no-op plan at every step, and two runners
 * applying one stack through the S3 backend at once. Split from {@link TeamsCliIT} (the {@code
 * --all} commands) so that the two classes run side by side.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TeamsStateS3CliIT {
  @RegisterExtension static final SandboxCli sandbox = SandboxCli.withRaceWindow("2s");

  static final String BUCKET_STATE = "s3://acme-team-state/deployer";

  @BeforeAll
  static void applyDev() {
    // dev applies common first; both tests work on these two stacks' state.
    sandbox.ok("apply", "--env", "dev", "--sandbox", "--auto-approve");
  }

  @Test
  @Order(1)
  void stateMigratesLocalToS3AndBack_withANoOpPlanAtEveryStep() throws IOException {
    for (String env : new String[] {"common", "dev"}) {
      CliProcess.Result m =
          sandbox.deployer(
              "state", "migrate", "--to", "s3", "--env", env, "--sandbox", "--state", BUCKET_STATE);
      assertThat(m.exit()).as(m.toString()).isZero();
      assertThat(m.out()).contains("to " + BUCKET_STATE + "/" + env + ".json");
    }
    // dev reads common's metastore_id through the S3 backend.
    sandbox.assertNoChanges("dev", "--state", BUCKET_STATE);
    sandbox.assertNoChanges("common", "--state", BUCKET_STATE);
    CliProcess.Result pulled =
        sandbox.deployer("state", "pull", "--env", "dev", "--sandbox", "--state", BUCKET_STATE);
    assertThat(pulled.exit()).as(pulled.toString()).isZero();
    assertThat(Json.mapper().readTree(pulled.out()).path("stack").asText()).isEqualTo("dev");

    // A state pushed with the stored serial is refused: it is not newer.
    Path copy = sandbox.work.resolve("dev-state.json");
    Files.writeString(copy, pulled.out());
    CliProcess.Result push =
        sandbox.deployer(
            "state", "push", copy.toString(), "--env", "dev", "--sandbox", "--state", BUCKET_STATE);
    assertThat(push.exit()).isEqualTo(ExitCodes.ERROR);
    assertThat(push.err()).contains("is not newer than the stored serial");

    for (String env : new String[] {"dev", "common"}) {
      CliProcess.Result m =
          sandbox.deployer(
              "state",
              "migrate",
              "--to",
              "local",
              "--env",
              env,
              "--sandbox",
              "--state",
              BUCKET_STATE);
      assertThat(m.exit()).as(m.toString()).isZero();
    }
    sandbox.assertNoChanges("dev");
    sandbox.assertNoChanges("common");
    // A run still pointed at S3 is refused and told where the state went.
    CliProcess.Result stale =
        sandbox.deployer("plan", "--env", "common", "--sandbox", "--state", BUCKET_STATE);
    assertThat(stale.exit()).isEqualTo(ExitCodes.ERROR);
    assertThat(stale.err()).contains("the state is now at");
  }

  /**
   * Two CLI processes as two runners with different host identities, applying one stack through the
   * S3 backend at the same time. The stack ("race", a copy of staging) names its metastore id
   * itself, so it reads nothing from other stacks' state.
   */
  @Test
  @Order(2)
  void twoRunnersApplyingOneStackThroughS3_oneRunsTheOtherIsRefusedNamingIt_noUpdateLost()
      throws Exception {
    String metastore =
        sandbox.deployer("output", "metastore_id", "--env", "common", "--sandbox").out().strip();
    ObjectNode race =
        (ObjectNode) Json.mapper().readTree(sandbox.configDir.resolve("staging.json").toFile());
    race.put("environment", "race").put("prefix", "acme-race");
    ((ObjectNode) race.path("storage")).put("root_bucket", "acme-race-workspace-root");
    ((ObjectNode) race.path("tags")).put("Resource", "databricks-race");
    ((ObjectNode) race.path("workspace").path("custom_tags")).put("Environment", "race");
    ObjectNode ms = (ObjectNode) race.path("metastore");
    ms.remove("from_stack");
    ms.put("id", metastore);
    ObjectNode net = (ObjectNode) race.path("network");
    net.put("vpc_cidr", "10.60.0.0/16");
    net.set(
        "public_subnet_cidrs",
        Json.mapper()
            .valueToTree(java.util.List.of("10.60.0.0/24", "10.60.1.0/24", "10.60.2.0/24")));
    net.set(
        "private_subnet_cidrs",
        Json.mapper()
            .valueToTree(java.util.List.of("10.60.16.0/20", "10.60.32.0/20", "10.60.48.0/20")));
    Files.writeString(sandbox.configDir.resolve("race.json"), Json.write(race));
    String state = "s3://acme-team-state/race";
    long lastSerial;
    try {
      // --skip-doctor: this test is about the S3 lock between two runners; doctor's first-apply
      // checks have their own test (DoctorIT).
      java.util.function.Function<String, CliProcess.Result> runner =
          host ->
              sandbox
                  .cli
                  .withEnv("DEPLOYER_HOST_ID", host)
                  .run(
                      sandbox.withConfigDir(
                          "apply",
                          "--env",
                          "race",
                          "--sandbox",
                          "--auto-approve",
                          "--skip-doctor",
                          "--state",
                          state));
      java.util.concurrent.CompletableFuture<CliProcess.Result> a =
          java.util.concurrent.CompletableFuture.supplyAsync(() -> runner.apply("runner-a"));
      java.util.concurrent.CompletableFuture<CliProcess.Result> b =
          java.util.concurrent.CompletableFuture.supplyAsync(() -> runner.apply("runner-b"));
      CliProcess.Result ra = a.get();
      CliProcess.Result rb = b.get();
      assertThat(java.util.List.of(ra.exit(), rb.exit()))
          .as(ra + "\n=====\n" + rb)
          .containsExactlyInAnyOrder(ExitCodes.OK, ExitCodes.ERROR);
      CliProcess.Result winner = ra.exit() == ExitCodes.OK ? ra : rb;
      CliProcess.Result loser = ra.exit() == ExitCodes.OK ? rb : ra;
      String winnerHost = ra.exit() == ExitCodes.OK ? "runner-a" : "runner-b";
      java.util.regex.Matcher added =
          java.util.regex.Pattern.compile("Apply complete! Resources: (\\d+) added")
              .matcher(winner.out());
      assertThat(added.find()).as(winner.out()).isTrue();
      int created = Integer.parseInt(added.group(1));
      assertThat(loser.err())
          .contains("Stack race is locked by")
          .contains("@" + winnerHost + " (pid")
          .contains("object " + state + "/race.json.lock");
      assertThat(loser.out()).doesNotContain("Creating...");

      // Every state the winner wrote is a version of the object (the bucket is versioned); the
      // last one records each resource once.
      try (var aws =
          new dev.deployer.cloud.AwsClients(
              dev.deployer.cloud.AwsSettings.emulator(
                  "us-east-1", "http://127.0.0.1:" + sandbox.awsPort))) {
        var versions =
            aws
                .s3()
                .listObjectVersions(v -> v.bucket("acme-team-state").prefix("race/race.json"))
                .versions()
                .stream()
                .filter(v -> v.key().equals("race/race.json"))
                .toList();
        java.util.List<Long> serials = new java.util.ArrayList<>();
        for (var v : versions) {
          JsonNode st =
              Json.mapper()
                  .readTree(
                      aws.s3()
                          .getObjectAsBytes(
                              g ->
                                  g.bucket("acme-team-state")
                                      .key("race/race.json")
                                      .versionId(v.versionId()))
                          .asByteArray());
          serials.add(st.path("serial").asLong());
        }
        assertThat(serials).hasSizeGreaterThan(created).doesNotHaveDuplicates();
        // S3 lists a key's versions newest first. Oldest to newest, every write carries a higher
        // serial than the one before it, so none was based on a stale state. The journal's group
        // commit may advance the serial by more than one per write, so gaps are allowed.
        java.util.List<Long> oldestFirst = new java.util.ArrayList<>(serials);
        java.util.Collections.reverse(oldestFirst);
        assertThat(oldestFirst).isSorted();
        lastSerial = oldestFirst.get(oldestFirst.size() - 1);
      }
      JsonNode pulled =
          Json.mapper()
              .readTree(
                  sandbox
                      .deployer("state", "pull", "--env", "race", "--sandbox", "--state", state)
                      .out());
      assertThat(pulled.path("serial").asLong()).isEqualTo(lastSerial);
      java.util.List<String> addresses = new java.util.ArrayList<>();
      pulled.path("resources").forEach(r -> addresses.add(r.path("address").asText()));
      assertThat(addresses).hasSize(created).doesNotHaveDuplicates();
      sandbox.assertNoChanges("race", "--state", state);
    } finally {
      sandbox.deployer("destroy", "--env", "race", "--sandbox", "--auto-approve", "--state", state);
      Files.delete(sandbox.configDir.resolve("race.json"));
    }
  }
}
