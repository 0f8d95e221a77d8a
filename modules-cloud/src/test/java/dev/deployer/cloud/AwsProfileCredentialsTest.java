package dev.deployer.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * SSO (IAM Identity Center) and {@code aws login} profiles reach their providers: the failure is
 * the missing cached token of a fresh login, not a missing SDK module. Session names are random, so
 * no cached token exists and nothing is called.
 */
class AwsProfileCredentialsTest {
  @TempDir Path dir;

  Throwable resolve(String profile, String config) throws Exception {
    Path file = dir.resolve("config");
    Files.writeString(file, config);
    ProfileFile profiles =
        ProfileFile.builder().content(file).type(ProfileFile.Type.CONFIGURATION).build();
    AwsSettings settings =
        new AwsSettings("eu-west-1", Optional.empty(), Optional.of(profile), Optional.empty());
    return catchThrowable(() -> AwsClients.credentials(settings, profiles).resolveCredentials());
  }

  static void assertModulesPresent(Throwable t) {
    assertThat(t).isNotNull();
    for (Throwable c = t; c != null; c = c.getCause()) {
      assertThat(String.valueOf(c.getMessage())).doesNotContain("must be on the class path");
    }
  }

  @Test
  void ssoSessionProfile_getsPastTheSsoAndSsoOidcModuleCheck() throws Exception {
    String session = "s-" + UUID.randomUUID();
    assertModulesPresent(
        resolve(
            "dev-sso",
            """
            [profile dev-sso]
            sso_session = %s
            sso_account_id = 123456789012
            sso_role_name = Admin
            region = eu-west-1

            [sso-session %s]
            sso_start_url = https://example.awsapps.com/start
            sso_region = eu-west-1
            sso_registration_scopes = sso:account:access
            """
                .formatted(session, session)));
  }

  @Test
  void legacySsoProfile_getsPastTheSsoModuleCheck() throws Exception {
    assertModulesPresent(
        resolve(
            "legacy",
            """
            [profile legacy]
            sso_start_url = https://%s.awsapps.com/start
            sso_region = eu-west-1
            sso_account_id = 123456789012
            sso_role_name = Admin
            """
                .formatted(UUID.randomUUID())));
  }

  @Test
  void awsLoginProfile_getsPastTheSigninModuleCheck() throws Exception {
    assertModulesPresent(
        resolve(
            "console",
            """
            [profile console]
            login_session = arn:aws:iam::123456789012:user/%s
            region = eu-west-1
            """
                .formatted(UUID.randomUUID())));
  }
}
