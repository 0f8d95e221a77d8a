package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.core.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The built CLI against its own sandbox, as CI and a person see a run: the {@code --json} event
 * stream of a full apply (common first, then dev) and of the destroy. The tests share the sandbox
 * and run in order: each starts from what the one before left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApplyOutputIT {
  @RegisterExtension static final SandboxCli sandbox = SandboxCli.withRaceWindow("1s");

  static CliProcess.Result ok(String... args) {
    CliProcess.Result r = sandbox.deployer(args);
    assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isZero();
    return r;
  }

  /** Every stdout line is one event with the common fields; grouped by stack, in order. */
  static Map<String, List<JsonNode>> events(CliProcess.Result r) throws IOException {
    Map<String, List<JsonNode>> byStack = new LinkedHashMap<>();
    for (String line : r.out().split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      JsonNode e = Json.mapper().readTree(line);
      assertThat(e.isObject()).as(line).isTrue();
      assertThat(e.get("version").asInt()).as(line).isEqualTo(1);
      assertThat(e.hasNonNull("type") && e.hasNonNull("time") && e.hasNonNull("stack"))
          .as(line)
          .isTrue();
      byStack.computeIfAbsent(e.get("stack").asText(), k -> new ArrayList<>()).add(e);
    }
    return byStack;
  }

  static List<JsonNode> ofType(List<JsonNode> events, String type) {
    return events.stream().filter(e -> e.get("type").asText().equals(type)).toList();
  }

  /** address + " " + operation of each event of the type, in order. */
  static List<String> operations(List<JsonNode> events, String type) {
    return ofType(events, type).stream()
        .map(e -> e.get("address").asText() + " " + e.get("operation").asText())
        .toList();
  }

  /**
   * The run's shape: run_started, plan, then operations, run_summary last; every operation that
   * started finished, and every planned change has its operations.
   */
  static JsonNode checkRun(List<JsonNode> run, String operation) {
    assertThat(run.get(0).get("type").asText()).isEqualTo("run_started");
    assertThat(run.get(0).get("operation").asText()).isEqualTo(operation);
    assertThat(run.get(1).get("type").asText()).isEqualTo("plan");
    JsonNode summary = run.get(run.size() - 1);
    assertThat(summary.get("type").asText()).isEqualTo("run_summary");
    assertThat(ofType(run, "run_summary")).hasSize(1);
    List<String> started = operations(run, "resource_started");
    List<String> finished = operations(run, "resource_finished");
    assertThat(finished).containsExactlyInAnyOrderElementsOf(started);
    assertThat(ofType(run, "resource_finished"))
        .allSatisfy(
            f -> {
              assertThat(f.get("outcome").asText()).isEqualTo("ok");
              assertThat(f.get("duration_ms").asLong()).isNotNegative();
            });
    List<String> planned = new ArrayList<>();
    run.get(1).get("changes").forEach(c -> planned.add(c.get("address").asText()));
    assertThat(started.stream().map(s -> s.substring(0, s.indexOf(' '))).distinct())
        .containsExactlyInAnyOrderElementsOf(planned);
    // Each finish comes after its start.
    Map<String, Integer> at = new HashMap<>();
    for (int i = 0; i < run.size(); i++) {
      JsonNode e = run.get(i);
      String type = e.get("type").asText();
      if (type.equals("resource_started")) {
        at.put(e.get("address").asText() + " " + e.get("operation").asText(), i);
      } else if (type.equals("resource_finished")) {
        assertThat(at).containsKey(e.get("address").asText() + " " + e.get("operation").asText());
      }
    }
    return summary;
  }

  static JsonNode state(String stack) throws IOException {
    return Json.mapper().readTree(ok("state", "pull", "--env", stack, "--sandbox").out());
  }

  @Test
  @Order(1)
  void jsonApply_streamsAStartAndAFinishForEveryResource_andASummaryThatIsTheState()
      throws Exception {
    CliProcess.Result r = ok("apply", "--env", "dev", "--sandbox", "--auto-approve", "--json");
    Map<String, List<JsonNode>> runs = events(r);
    assertThat(runs.keySet())
        .as("common is applied first, then dev")
        .containsExactly("common", "dev");
    assertThat(r.err()).contains("applying common first");
    for (String stack : runs.keySet()) {
      List<JsonNode> run = runs.get(stack);
      JsonNode summary = checkRun(run, "apply");
      JsonNode state = state(stack);
      Map<String, String> ids = new HashMap<>();
      state
          .get("resources")
          .forEach(s -> ids.put(s.get("address").asText(), s.path("id").asText(null)));
      List<JsonNode> created =
          ofType(run, "resource_finished").stream()
              .filter(f -> f.get("operation").asText().equals("create"))
              .toList();
      assertThat(summary.get("outcome").asText()).isEqualTo("ok");
      assertThat(summary.get("added").asInt()).isEqualTo(created.size()).isEqualTo(ids.size());
      assertThat(summary.get("resources_in_state").asInt()).isEqualTo(ids.size());
      assertThat(summary.get("failed").asInt()).isZero();
      assertThat(run.get(1).get("add").asInt()).isEqualTo(ids.size());
      for (JsonNode f : created) {
        String address = f.get("address").asText();
        assertThat(ids).as(address).containsKey(address);
        if (f.hasNonNull("id")) {
          assertThat(f.get("id").asText()).as(address).isEqualTo(ids.get(address));
        }
      }
      JsonNode outputs =
          Json.mapper().readTree(ok("output", "--env", stack, "--sandbox", "--json").out());
      assertThat(summary.get("outputs")).isEqualTo(outputs);
    }
    // The workspace's waits are in the stream as progress of its address.
    assertThat(ofType(runs.get("dev"), "progress"))
        .anyMatch(p -> p.get("address").asText().equals("account.workspace"));
  }

  @Test
  @Order(2)
  void jsonDestroy_streamsEveryDeletion_andASummaryOfAnEmptyState() throws Exception {
    CliProcess.Result r = ok("destroy", "--env", "dev", "--sandbox", "--auto-approve", "--json");
    List<JsonNode> run = events(r).get("dev");
    JsonNode summary = checkRun(run, "destroy");
    int planned = run.get(1).get("remove").asInt();
    assertThat(planned).isPositive();
    assertThat(operations(run, "resource_finished")).allMatch(o -> o.endsWith(" delete"));
    assertThat(summary.get("destroyed").asInt()).isEqualTo(planned);
    assertThat(summary.get("resources_in_state").asInt()).isZero();
    assertThat(state("dev").get("resources")).isEmpty();
  }

  /**
   * The same apply on a pseudo-terminal (python's pty module; the child's window is 160 columns):
   * while the workspace is provisioning, the live block shows it in flight with its elapsed time
   * and what it waits for, and the block is redrawn in place (cursor up, erase below).
   */
  @Test
  @Order(3)
  void onATerminal_theInFlightBlockShowsTheWorkspaceWaitingWhileItProvisions() throws Exception {
    Path transcript = sandbox.work.resolve("tty.txt");
    String driver =
        String.join(
            "\n",
            "import fcntl, os, pty, struct, sys, termios",
            "pid, fd = pty.fork()",
            "if pid == 0:",
            "    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack('HHHH', 50, 160, 0, 0))",
            "    os.execvp(sys.argv[2], sys.argv[2:])",
            "out = open(sys.argv[1], 'wb')",
            "while True:",
            "    try:",
            "        data = os.read(fd, 65536)",
            "    except OSError:",
            "        break",
            "    if not data:",
            "        break",
            "    out.write(data)",
            "out.close()",
            "sys.exit(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))");
    java.util.List<String> cmd =
        new java.util.ArrayList<>(
            java.util.List.of(
                "python3",
                "-c",
                driver,
                transcript.toString(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                CliProcess.jar().toString()));
    cmd.addAll(
        java.util.List.of(
            sandbox.withConfigDir("apply", "--env", "dev", "--sandbox", "--auto-approve")));
    ProcessBuilder pb =
        new ProcessBuilder(cmd).directory(sandbox.work.toFile()).redirectErrorStream(true);
    pb.environment().putAll(sandbox.cli.environment());
    pb.environment().remove("NO_COLOR");
    pb.environment().put("TERM", "xterm-256color");
    pb.environment().remove("COLUMNS");
    Process p = pb.start();
    String driverOut =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
    String tty =
        java.nio.file.Files.readString(transcript, java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(driverOut + "\n" + tty).isZero();
    // The frames of the block: each one is erased (cursor up N, erase below) before the next.
    assertThat(tty).contains("In flight (").contains("\033[J");
    java.util.List<String> frames = new java.util.ArrayList<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "  account\\.workspace: Creating\\.\\.\\. \\[[^\\]]+\\][^\\n]*")
            .matcher(tty);
    while (m.find()) {
      frames.add(m.group());
    }
    assertThat(frames)
        .as("the workspace in the block while it provisions")
        .anyMatch(f -> f.contains("PROVISIONING"))
        // At least a second in: the elapsed time moves while the workspace waits.
        .anyMatch(
            f -> java.util.regex.Pattern.compile("\\[[1-9]\\d*(\\.\\d)?s\\]").matcher(f).find());
    // The finished line scrolls above the block (the address is bold on a terminal).
    assertThat(tty)
        .containsPattern("account\\.workspace:(\\e\\[[0-9;]*m)* Creation complete after");
    assertThat(tty).contains("Apply complete!");
  }

  @Test
  @Order(4)
  void jsonWithoutAutoApprove_isRefusedBeforeAnything_withNothingOnStdout() {
    CliProcess.Result r = sandbox.deployer("apply", "--env", "qa", "--sandbox", "--json");
    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("--json cannot ask for confirmation").contains("--auto-approve");
  }
}
