package dev.deployer.environments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.cloud.AwsSettings;
import dev.deployer.core.DeployerException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StrayEndpointTest {
  @TempDir Path state;

  Stacks stacks(Target target, Map<String, String> env) {
    Stacks s = new Stacks(Path.of("config"), state, target);
    s.env = env;
    return s;
  }

  static Target sandbox() {
    return Target.sandbox(
        new Target.Sandbox("http://127.0.0.1:1", "http://127.0.0.1:2", "acct", "http://x:2"));
  }

  @Test
  void realRun_withAwsEndpointUrl_isRefusedNamingTheVariableAndTheWaysOut() {
    Map<String, String> env = Map.of("AWS_ENDPOINT_URL", "http://localhost:4566");
    assertThatThrownBy(() -> stacks(Target.real(), env).open("dev"))
        .isInstanceOf(DeployerException.class)
        .hasMessageContaining("AWS_ENDPOINT_URL is set")
        .hasMessageContaining("http://localhost:4566")
        .hasMessageContaining("--sandbox")
        .hasMessageContaining("aws.endpoint in " + Path.of("config", "dev.json"));
    assertThatThrownBy(() -> stacks(Target.real(), env).open("common"))
        .hasMessageContaining("AWS_ENDPOINT_URL is set");
  }

  @Test
  void perServiceVariables_countToo_unlessTheSdkIsToldToIgnoreThem() {
    assertThat(
            AwsSettings.endpointVariables(
                Map.of("AWS_ENDPOINT_URL_S3", "http://x", "AWS_ENDPOINT_URL_IAM", "http://y")))
        .containsExactly("AWS_ENDPOINT_URL_IAM", "AWS_ENDPOINT_URL_S3");
    assertThat(
            AwsSettings.endpointVariables(
                Map.of(
                    "AWS_ENDPOINT_URL", "http://x", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")))
        .isEmpty();
    assertThat(AwsSettings.endpointVariables(Map.of("AWS_ENDPOINT_URL", " "))).isEmpty();
  }

  @Test
  void sandboxOrExplicitConfigEndpoint_overridesTheVariables() {
    Map<String, String> env = Map.of("AWS_ENDPOINT_URL", "http://localhost:4566");
    assertThatCode(() -> stacks(sandbox(), env).refuseStrayEndpoints("dev", null))
        .doesNotThrowAnyException();
    assertThatCode(
            () -> stacks(Target.real(), env).refuseStrayEndpoints("dev", "http://127.0.0.1:4566"))
        .doesNotThrowAnyException();
    assertThatCode(() -> stacks(Target.real(), Map.of()).refuseStrayEndpoints("dev", null))
        .doesNotThrowAnyException();
  }

  @Test
  void offlineOpen_forGraph_callsNothing_soItIsNotRefused() {
    Map<String, String> env = Map.of("AWS_ENDPOINT_URL", "http://localhost:4566");
    try (LoadedStack stack = stacks(Target.real(), env).openOffline("common")) {
      assertThat(stack.definition().addresses()).isNotEmpty();
    }
  }
}
