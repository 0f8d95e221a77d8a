package dev.deployer.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.core.plan.Action;
import dev.deployer.core.plan.ResourceChange;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LiveProgressTest {
  static ResourceChange change(String address) {
    return new ResourceChange(
        address,
        "databricks_mws_workspaces",
        Action.CREATE,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** A clock the test moves. */
  static final class Moving extends Clock {
    Instant now = Instant.parse("2026-12-01T10:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void
      theBlockListsWhatIsInFlight_withElapsedTimeAndItsLatestMessage_andIsErasedBeforeEachLogLine() {
    StringWriter sw = new StringWriter();
    PrintWriter out = new PrintWriter(sw);
    Style plain = Style.plain();
    Moving clock = new Moving();
    try (LiveProgress p =
        new LiveProgress(out, new ConsoleListener(out, out, plain, false), plain, clock, 100)) {
      p.started(change("account.workspace"), "Creating");
      clock.now = clock.now.plusSeconds(12);
      p.progress("account.workspace", "status PROVISIONING: Workspace resources are being set up.");
      String during = sw.toString();
      assertThat(during)
          .contains("In flight (1):")
          .contains(
              "  account.workspace: Creating... [12s] - status PROVISIONING: Workspace resources");
      // Each redraw takes the two block lines down first: cursor up 2, erase below.
      assertThat(during).contains("\r\033[2A\033[J");
      sw.getBuffer().setLength(0);
      p.finished(change("account.workspace"), "Creation", "123", Duration.ofSeconds(15));
      String after = sw.toString();
      assertThat(after)
          .startsWith("\r\033[2A\033[J")
          .contains("account.workspace: Creation complete after 15s [id=123]")
          .doesNotContain("In flight");
    }
  }

  @Test
  void aLineWiderThanTheTerminalIsCut_soTheBlockNeverWraps() {
    StringWriter sw = new StringWriter();
    PrintWriter out = new PrintWriter(sw);
    Style plain = Style.plain();
    try (LiveProgress p =
        new LiveProgress(
            out, new ConsoleListener(out, out, plain, false), plain, new Moving(), 40)) {
      p.started(change("network.nat_gateway[\"us-east-1a\"]"), "Creating");
      p.progress("network.nat_gateway[\"us-east-1a\"]", "x".repeat(200));
    }
    for (String line : sw.toString().split("\n")) {
      if (line.startsWith("  network.nat_gateway")) {
        assertThat(line.replace("\033[K", "")).hasSizeLessThan(40).endsWith("~");
      }
    }
  }
}
