package dev.deployer.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Routing, host parsing, query parsing and command-line parsing. */
class HttpBitsTest {
  @Test
  void routerMatchesTemplatesAndDecodesSegments() {
    Router r = new Router();
    r.add(
        "GET",
        "/api/2.1/unity-catalog/permissions/{type}/{name}",
        Router.Scope.WORKSPACE,
        (q, s) -> null);
    var m = r.match("GET", "/api/2.1/unity-catalog/permissions/catalog/my%20cat+x/");
    assertThat(m).isNotNull();
    assertThat(m.params()).containsEntry("type", "catalog").containsEntry("name", "my cat+x");
    assertThat(r.match("POST", "/api/2.1/unity-catalog/permissions/catalog/x")).isNull();
    assertThat(r.match("GET", "/api/2.1/unity-catalog/permissions/catalog")).isNull();
  }

  @Test
  void deploymentFromHost() {
    assertThat(Workspaces.deploymentOf("dbc-1234.localhost:4580")).isEqualTo("dbc-1234");
    assertThat(Workspaces.deploymentOf("Dev.localhost")).isEqualTo("dev");
    assertThat(Workspaces.deploymentOf("127.0.0.1:4580")).isNull();
    assertThat(Workspaces.deploymentOf("localhost:4580")).isNull();
    assertThat(Workspaces.deploymentOf("[::1]:4580")).isNull();
    assertThat(Workspaces.deploymentOf(null)).isNull();
  }

  @Test
  void durationsAndArguments() {
    assertThat(Main.parseDuration("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Main.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Main.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Main.parseDuration("1.5")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Main.parseDuration("PT3S")).isEqualTo(Duration.ofSeconds(3));
    assertThatThrownBy(() -> Main.parseDuration("soon"))
        .isInstanceOf(IllegalArgumentException.class);
    var b = DatabricksEmulator.builder();
    Main.parse(
        new String[] {
          "--port",
          "0",
          "--snapshot",
          "x.json",
          "--race-window=3s",
          "--provisioning-delay",
          "1s",
          "--account-id",
          "acct",
          "--seed",
          "42"
        },
        b);
    assertThat(b.seedInUse()).isEqualTo(42L);
    assertThatThrownBy(() -> Main.parse(new String[] {"--seed", "soon"}, b))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Main.parse(new String[] {"--nope", "1"}, b))
        .hasMessageContaining("Unknown");
    assertThatThrownBy(() -> Main.parse(new String[] {"--port"}, b))
        .hasMessageContaining("Missing");
    assertThat(Path.of("x.json")).isNotNull();
  }
}
