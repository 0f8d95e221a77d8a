package dev.deployer.environments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.cloud.iam.RolePolicySpec;
import dev.deployer.core.graph.Graph;
import dev.deployer.core.model.StackDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dev stack's graph, built from the shipped config without any client. */
class EnvironmentStackTest {
  static final Path CONFIG = Path.of("config");
  StackDefinition def;
  Graph graph;

  /**
   * Clients that call nothing: identities are placeholders offline, and the deploying principal
   * comes from the config.
   */
  static Clients offline(EnvironmentConfig c) {
    return new Clients(
        new dev.deployer.cloud.AwsClients(
            dev.deployer.cloud.AwsSettings.emulator("us-east-1", "http://127.0.0.1:9")),
        new dev.deployer.account.DatabricksClients(
            new dev.deployer.account.DatabricksSettings(
                "http://127.0.0.1:9",
                c.databricks().accountId(),
                "http://{deployment}.localhost:9",
                java.util.Optional.empty(),
                true)));
  }

  @BeforeEach
  void define() {
    EnvironmentConfig c = ConfigLoader.loadEnvironment(CONFIG, "dev");
    def = EnvironmentStack.define(c, "metastore-1", List.of(), CONFIG);
    graph = def.graph();
  }

  @Test
  void theDeployingPrincipalIsAssignedAdminOnTheWorkspace_unlessTheConfigListsIt() {
    EnvironmentConfig c = ConfigLoader.loadEnvironment(CONFIG, "dev");
    try (Clients clients = offline(c)) {
      List<dev.deployer.account.AccountModule.Assignment> ids =
          Stacks.identities(c, clients, false);
      assertThat(ids)
          .anyMatch(
              a ->
                  a.principal().name().equals(c.deployingPrincipal().principal())
                      && a.principal().kind()
                          == dev.deployer.account.identity.Principal.Kind.SERVICE_PRINCIPAL
                      && a.permission().equals("ADMIN"));
      StackDefinition withIt = EnvironmentStack.define(c, "metastore-1", ids, CONFIG);
      assertThat(withIt.graph().topologicalOrder())
          .contains(
              "account.permission_assignment[\"service_principal:"
                  + c.deployingPrincipal().principal()
                  + "\"]");

      // Listed already: kept as written, not assigned twice.
      var listed =
          List.of(
              new dev.deployer.account.AccountModule.Assignment(
                  new dev.deployer.account.identity.Principal(
                      dev.deployer.account.identity.Principal.Kind.SERVICE_PRINCIPAL,
                      c.deployingPrincipal().principal(),
                      "0"),
                  "USER"));
      assertThat(Stacks.deployingPrincipal(c, clients, false, listed)).isEmpty();
    }
  }

  @Test
  void theDeployingPrincipal_isTheListedOneAsDatabricksComparesNames_usersWithoutCaseGroupsWith(
      @TempDir Path dir) throws Exception {
    Path notebooks = Files.createDirectories(dir.resolve("notebooks"));
    try (var files = Files.list(CONFIG.resolve("notebooks"))) {
      for (Path f : files.toList()) {
        Files.copy(f, notebooks.resolve(f.getFileName()));
      }
    }
    String dev = Files.readString(CONFIG.resolve("dev.json"));
    String sp =
        "\"principal\": \"6f1e2d3c-4b5a-4968-8776-655443322110\",\n    \"kind\": \"service_principal\"";
    assertThat(dev).contains(sp);
    for (String[] who :
        new String[][] {
          {"ADMIN@Example.com", "user", "listed"}, {"Data-Engineers", "group", "assigned"}
        }) {
      Files.writeString(
          dir.resolve("dev.json"),
          dev.replace(sp, "\"principal\": \"" + who[0] + "\", \"kind\": \"" + who[1] + "\""));
      EnvironmentConfig c = ConfigLoader.loadEnvironment(dir, "dev");
      try (Clients clients = offline(c)) {
        List<dev.deployer.account.AccountModule.Assignment> ids =
            Stacks.identities(c, clients, false);
        // dev.json lists admin@example.com (user) and data-engineers (group).
        boolean assigned = ids.stream().anyMatch(a -> a.principal().name().equals(who[0]));
        assertThat(assigned).as(who[0]).isEqualTo(who[2].equals("assigned"));
      }
    }
  }

  @Test
  void credentialsConfiguration_comesAfterTheCrossAccountRolesInlinePolicy() {
    assertThat(graph.dependenciesOf("account.credentials"))
        .contains("cross_account.role", "cross_account.role_policy");
    List<String> order = graph.topologicalOrder();
    assertThat(order.indexOf("cross_account.role_policy"))
        .isLessThan(order.indexOf("account.credentials"));
  }

  @Test
  void destroy_workspaceGoesBeforeTheVpcDrain_andTheNetworkAndRoleOnlyAfterIt() {
    // Destroy runs the graph backwards: a resource goes before everything it depends on.
    assertThat(graph.dependenciesOf("network.vpc_drain"))
        .contains(
            "network.vpc",
            "network.security_group",
            "cross_account.role",
            "cross_account.role_policy")
        .anyMatch(a -> a.startsWith("network.private_subnet"))
        .anyMatch(a -> a.startsWith("network.public_subnet"));
    assertThat(graph.dependenciesOf("account.network_configuration")).contains("network.vpc_drain");
    List<String> order = graph.topologicalOrder();
    assertThat(order.indexOf("network.vpc_drain"))
        .isLessThan(order.indexOf("account.network_configuration"))
        .isLessThan(order.indexOf("account.workspace"));
  }

  static String unscopedActions(StackDefinition d) {
    RolePolicySpec spec =
        (RolePolicySpec)
            d.evaluate(d.resources().get("cross_account.role_policy"), ref -> "x-" + ref, null);
    return spec.policy().at("/Statement/0/Action").toString();
  }

  @Test
  void crossAccountPolicy_isRestrictedByDefault_andCustomerWhenConfigSaysSo(@TempDir Path dir)
      throws Exception {
    assertThat(unscopedActions(def)).doesNotContain("ec2:RunInstances");

    Files.writeString(
        dir.resolve("dev.json"),
        Files.readString(CONFIG.resolve("dev.json"))
            .replaceFirst("\\{", "{\"cross_account_role\": {\"policy\": \"customer\"},"));
    Files.createDirectories(dir.resolve("notebooks"));
    try (var files = Files.list(CONFIG.resolve("notebooks"))) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve("notebooks").resolve(f.getFileName()));
      }
    }
    EnvironmentConfig c = ConfigLoader.loadEnvironment(dir, "dev");
    StackDefinition customer = EnvironmentStack.define(c, "metastore-1", List.of(), dir);
    assertThat(unscopedActions(customer)).contains("ec2:RunInstances");
  }
}
