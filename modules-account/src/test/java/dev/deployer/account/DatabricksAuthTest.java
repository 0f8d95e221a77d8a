package dev.deployer.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.core.ApiCalls;
import dev.deployer.core.DeployerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabricksAuthTest {
  @TempDir Path dir;

  Map<String, String> cfgFile(String text) throws Exception {
    Path f = dir.resolve("databrickscfg");
    Files.writeString(f, text);
    return Map.of("HOME", dir.toString(), "DATABRICKS_CONFIG_FILE", f.toString());
  }

  static DatabricksSettings real() {
    // Nothing listens on port 9: a call would fail loudly, so passing means none was made.
    return new DatabricksSettings(
        "http://127.0.0.1:9", "acct-1", "http://{deployment}.localhost:9", Optional.empty(), false);
  }

  @Test
  void noProfileNamed_andADefaultSection_namesDefault() throws Exception {
    Map<String, String> env =
        cfgFile("[DEFAULT]\nhost = https://accounts.cloud.databricks.com\nclient_id = abc\n");
    assertThat(DatabricksAuth.profile(Optional.empty(), env)).contains("DEFAULT");
  }

  @Test
  void aNamedProfile_orAuthFromTheEnvironment_winsOverDefault() throws Exception {
    Map<String, String> env = new java.util.HashMap<>(cfgFile("[DEFAULT]\nclient_id = abc\n"));
    assertThat(DatabricksAuth.profile(Optional.of("prod"), env)).contains("prod");
    env.put("DATABRICKS_CLIENT_ID", "from-env");
    assertThat(DatabricksAuth.profile(Optional.empty(), env)).isEmpty();
  }

  @Test
  void noConfigFile_orNoDefaultSection_namesNothing() throws Exception {
    assertThat(DatabricksAuth.profile(Optional.empty(), Map.of("HOME", dir.toString()))).isEmpty();
    assertThat(DatabricksAuth.profile(Optional.empty(), cfgFile("[prod]\nclient_id = x\n")))
        .isEmpty();
  }

  @Test
  void patFromTheEnvironment_isRefusedForTheAccount_beforeAnyCall() {
    ApiCalls calls = new ApiCalls();
    assertThatThrownBy(
            () ->
                new DatabricksClients(
                    real(), calls, Map.of("HOME", dir.toString(), "DATABRICKS_TOKEN", "dapi123")))
        .isInstanceOf(DeployerException.class)
        .hasMessageContaining("personal access token (from DATABRICKS_TOKEN)")
        .hasMessageContaining("Use OAuth M2M")
        .hasMessageContaining("DATABRICKS_CLIENT_ID");
    assertThat(calls.total()).isZero();
  }

  @Test
  void patInTheDefaultProfile_isRefusedForTheAccount() throws Exception {
    Map<String, String> env = cfgFile("[DEFAULT]\nhost = https://x\ntoken = dapi123\n");
    assertThatThrownBy(() -> new DatabricksClients(real(), new ApiCalls(), env))
        .isInstanceOf(DeployerException.class)
        .hasMessageContaining("profile [DEFAULT]")
        .hasMessageContaining("Use OAuth M2M");
  }
}
