package dev.deployer.account.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PermissionAssignmentSpecTest {

  @Test
  void permissionsAreSorted() {
    assertThat(
            new PermissionAssignmentSpec("1", "2", "a@b.c", "user", List.of("USER", "ADMIN"))
                .permissions())
        .containsExactly("ADMIN", "USER");
  }

  @Test
  void kind_parsesConfigSpelling_andNamesItsScimAttribute() {
    assertThat(Principal.Kind.parse("service_principal"))
        .isEqualTo(Principal.Kind.SERVICE_PRINCIPAL);
    assertThat(Principal.Kind.SERVICE_PRINCIPAL.scimAttribute()).isEqualTo("applicationId");
    assertThat(Principal.Kind.USER.scimAttribute()).isEqualTo("userName");
    assertThat(Principal.Kind.GROUP.scimAttribute()).isEqualTo("displayName");
    assertThat(Principal.Kind.GROUP.configName()).isEqualTo("group");
  }

  @Test
  void handler_replacesOnlyForAnotherWorkspaceOrPrincipal() {
    assertThat(PermissionAssignmentHandler.TYPE.replaceOnChange())
        .containsExactlyInAnyOrder("workspace_id", "principal_id");
  }

  @Test
  void spec_requiresIds() {
    assertThatThrownBy(() -> new PermissionAssignmentSpec("1", null, "x", "user", List.of()))
        .isInstanceOf(NullPointerException.class);
  }
}
