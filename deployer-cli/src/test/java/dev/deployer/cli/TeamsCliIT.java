package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The team commands through the built CLI against a sandbox of its own: every stack at once with a
 * failure injected in one; the estate drift report; destroy of everything in reverse. The S3 state
 * commands are in {@link TeamsStateS3CliIT}, on a sandbox of their own so the two run side by side.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TeamsCliIT {
  @RegisterExtension static final SandboxCli sandbox = SandboxCli.withRaceWindow("2s");

  @BeforeAll
  static void setUp() throws IOException {
    // The injected failure: a zone that does not exist, so qa fails mid-apply (after its VPC).
    ObjectNode qa =
        (ObjectNode) Json.mapper().readTree(sandbox.configDir.resolve("qa.json").toFile());
    ArrayNode zones = (ArrayNode) qa.path("network").path("availability_zones");
    zones.set(1, Json.mapper().getNodeFactory().textNode("us-east-1z"));
    Files.writeString(sandbox.configDir.resolve("qa.json"), Json.write(qa));
  }

  private static String row(CliProcess.Result r, String stack) {
    return r.out()
        .lines()
        .filter(l -> l.startsWith(stack + " "))
        .reduce((a, b) -> b) // the summary table comes last
        .orElseThrow(() -> new AssertionError("no summary row for " + stack + "\n" + r));
  }

  @Test
  @Order(1)
  void applyAll_appliesEveryStackButTheFailedOne_andTheSummaryNamesIt() {
    CliProcess.Result r = sandbox.deployer("apply", "--all", "--sandbox", "--auto-approve");
    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.ERROR);
    assertThat(row(r, "common")).contains("ok", "9 added");
    assertThat(row(r, "dev")).contains("ok", "added");
    assertThat(row(r, "staging")).contains("ok", "added");
    assertThat(row(r, "qa")).contains("failed", "operations failed");
    // prod's peering goes to a VPC of the real account: the sandbox leaves that peering out.
    assertThat(row(r, "prod")).contains("ok", "added");
    assertThat(r.out() + r.err())
        .contains(
            "peering shared-services left out in the sandbox: peer VPC vpc-0a1b2c3d4e5f60718");
    assertThat(r.err()).contains("us-east-1z");
    for (String env : new String[] {"common", "dev", "staging"}) {
      sandbox.assertNoChanges(env);
    }
  }

  @Test
  @Order(2)
  void planAll_isTheEstateDriftReport_exit2_withOneJsonDocument() throws IOException {
    CliProcess.Result r =
        sandbox.deployer(
            "plan", "--env", "common,dev,staging,qa", "--sandbox", "--detailed-exitcode");
    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.CHANGES);
    assertThat(row(r, "dev")).contains("ok", "no changes");
    assertThat(row(r, "qa")).contains("changes", "to add");

    CliProcess.Result j =
        // --skip-doctor: the report is about the stacks' drift; doctor's first-apply checks have
        // their own test (DoctorIT).
        sandbox.deployer(
            "plan", "--all", "--sandbox", "--detailed-exitcode", "--json", "--skip-doctor");
    assertThat(j.exit()).as(j.toString()).isEqualTo(ExitCodes.CHANGES);
    JsonNode doc = Json.mapper().readTree(j.out());
    assertThat(doc.path("format_version").asInt()).isEqualTo(1);
    assertThat(doc.path("stacks")).hasSize(5);
    for (JsonNode s : doc.path("stacks")) {
      String stack = s.path("stack").asText();
      assertThat(s.path("output").path("format_version").asInt()).as(stack).isEqualTo(1);
      assertThat(s.path("result").asText())
          .as(stack)
          .isEqualTo(stack.equals("qa") ? "changes" : "ok");
    }
  }

  @Test
  @Order(3)
  void destroyAll_goesInReverseAndLeavesNothingInState() {
    CliProcess.Result r = sandbox.deployer("destroy", "--all", "--sandbox", "--auto-approve");
    assertThat(r.exit()).as(r.toString()).isZero();
    String out = r.out();
    assertThat(out.indexOf("── common")).isGreaterThan(out.indexOf("── dev"));
    assertThat(out.indexOf("── common")).isGreaterThan(out.indexOf("── staging"));
    assertThat(out.indexOf("── common")).isGreaterThan(out.indexOf("── qa"));
    CliProcess.Result list = sandbox.deployer("state", "list", "--env", "dev", "--sandbox");
    assertThat(list.out()).isBlank();
  }
}
