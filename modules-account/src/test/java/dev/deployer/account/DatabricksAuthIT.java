package dev.deployer.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.core.ApiCalls;
import dev.deployer.emulator.DatabricksEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real (non-sandbox) client configuration resolved against the emulator's hosts. */
class DatabricksAuthIT {
  @TempDir Path dir;

  @Test
  void oauthM2mInTheDefaultProfile_isUsed_andCarriedToEveryWorkspaceHost() throws Exception {
    Path f = dir.resolve("databrickscfg");
    Files.writeString(f, "[DEFAULT]\nclient_id = sp-app-id\nclient_secret = not-a-real-secret\n");
    Map<String, String> env =
        Map.of("HOME", dir.toString(), "DATABRICKS_CONFIG_FILE", f.toString());
    try (DatabricksEmulator emu = DatabricksEmulator.builder().start()) {
      DatabricksClients c =
          new DatabricksClients(
              new DatabricksSettings(
                  emu.baseUrl(),
                  "acct-1",
                  "http://{deployment}.localhost:" + emu.port(),
                  Optional.empty(),
                  false),
              new ApiCalls(),
              env);
      assertThat(c.accountConfig().getClientId()).isEqualTo("sp-app-id");
      assertThat(c.accountConfig().getProfile()).isEqualTo("DEFAULT");
      assertThat(DatabricksAuth.isOAuthM2m(c.accountConfig())).isTrue();
      var ws = c.workspace("dbc-1", "123").config();
      assertThat(ws.getClientId()).isEqualTo("sp-app-id");
      assertThat(ws.getClientSecret()).isEqualTo("not-a-real-secret");
      assertThat(ws.getAuthType()).isEqualTo("oauth-m2m");
    }
  }
}
