package dev.deployer.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class ProviderLabelTest {
  @Test
  void theSdksMetricCodeForStaticCredentials_isShownInWords() {
    String code =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "not-a-secret"))
            .resolveCredentials()
            .providerName()
            .orElseThrow();

    assertThat(AwsChecks.providerLabel(code)).isEqualTo("code");
  }

  @Test
  void aChainsCodes_areEachNamed_andAnUnknownCodeIsKeptAsItIs() {
    assertThat(AwsChecks.providerLabel("g")).isEqualTo("env vars");
    assertThat(AwsChecks.providerLabel("n,i")).isEqualTo("profile, sts assume role");
    assertThat(AwsChecks.providerLabel("?")).isEqualTo("?");
  }
}
