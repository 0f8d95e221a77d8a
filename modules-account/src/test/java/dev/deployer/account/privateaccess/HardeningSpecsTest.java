package dev.deployer.account.privateaccess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.account.keys.CustomerManagedKeyHandler;
import dev.deployer.account.keys.CustomerManagedKeySpec;
import dev.deployer.account.vpcendpoint.VpcEndpointRegistrationHandler;
import dev.deployer.core.diff.Diff;
import dev.deployer.core.diff.FieldChange;
import java.util.List;
import org.junit.jupiter.api.Test;

class HardeningSpecsTest {
  final PrivateAccessSettingsHandler pas = new PrivateAccessSettingsHandler(null);
  final PrivateAccessSettingsSpec base =
      new PrivateAccessSettingsSpec("it-pa", "us-east-1", true, null, null);

  @Test
  void privateAccess_defaultsToAccountLevel_andSortsAllowedEndpoints() {
    assertThat(base.privateAccessLevel()).isEqualTo("ACCOUNT");
    assertThat(
            new PrivateAccessSettingsSpec("n", "r", true, "ENDPOINT", List.of("b", "a"))
                .allowedVpcEndpointIds())
        .containsExactly("a", "b");
  }

  @Test
  void privateAccess_publicAccessChange_updatesInPlace_regionChangeReplaces() {
    Diff inPlace =
        pas.diff(base, new PrivateAccessSettingsSpec("it-pa", "us-east-1", false, null, null));
    assertThat(inPlace.changes())
        .extracting(FieldChange::path)
        .containsExactly("public_access_enabled");
    assertThat(inPlace.forcesReplacement()).isFalse();
    assertThat(
            pas.diff(base, new PrivateAccessSettingsSpec("it-pa", "us-west-2", true, null, null))
                .replaceFields())
        .containsExactly("region");
  }

  @Test
  void keysAndEndpointRegistrations_areImmutable() {
    assertThat(CustomerManagedKeyHandler.TYPE.replaceOnChange())
        .containsExactlyInAnyOrder("key_arn", "key_alias", "use_cases");
    assertThat(VpcEndpointRegistrationHandler.TYPE.replaceOnChange())
        .containsExactlyInAnyOrder("vpc_endpoint_name", "aws_vpc_endpoint_id", "region");
    assertThat(
            new CustomerManagedKeySpec("arn", null, List.of("STORAGE", "MANAGED_SERVICES"))
                .useCases())
        .containsExactly("MANAGED_SERVICES", "STORAGE");
  }
}
