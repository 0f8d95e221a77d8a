package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsSettings;
import dev.deployer.core.json.Json;
import dev.deployer.sandbox.ProjectPaths;
import dev.deployer.sandbox.testing.AwsEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built CLI, as a separate process against its own sandbox: the last repo, notebook, identity,
 * catalog grant and peering taken out of a config are planned for deletion and deleted, although
 * the config no longer declares any resource of their types.
 */
class RemovedLastOfATypeIT {
  @TempDir static Path work;
  static CliProcess cli;
  static Path configDir;
  static int awsPort;

  @BeforeAll
  static void setUp() throws IOException {
    awsPort = AwsEmulator.freePort();
    configDir = work.resolve("config");
    Path shipped = ProjectPaths.root().resolve("environments/config");
    try (Stream<Path> files = Files.walk(shipped)) {
      for (Path f : files.toList()) {
        Path to = configDir.resolve(shipped.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to);
        }
      }
    }
    cli =
        new CliProcess(work)
            .env("DEPLOYER_SANDBOX_DIR", work.resolve("sandbox").toString())
            .env("DEPLOYER_SANDBOX_AWS_PORT", Integer.toString(awsPort))
            .env("DEPLOYER_SANDBOX_DATABRICKS_PORT", Integer.toString(AwsEmulator.freePort()))
            .env("DEPLOYER_SANDBOX_RACE_WINDOW", "1s")
            .env("DEPLOYER_SANDBOX_PROVISIONING_DELAY", "1s");
  }

  @AfterAll
  static void tearDown() {
    if (cli != null) {
      cli.run("sandbox", "down", "--purge");
    }
  }

  private static CliProcess.Result ok(String... args) {
    CliProcess.Result r = deployer(args);
    assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isZero();
    return r;
  }

  private static CliProcess.Result deployer(String... args) {
    String[] full = new String[args.length + 2];
    System.arraycopy(args, 0, full, 0, args.length);
    full[args.length] = "--config-dir";
    full[args.length + 1] = configDir.toString();
    return cli.run(full);
  }

  private static Map<String, String> actions(CliProcess.Result plan) throws IOException {
    Map<String, String> byAddress = new LinkedHashMap<>();
    for (JsonNode c : Json.mapper().readTree(plan.out()).get("resource_changes")) {
      byAddress.put(c.get("address").asText(), c.get("action").asText());
    }
    return byAddress;
  }

  @Test
  void theLastRepoNotebookIdentityGrantAndPeering_removedFromTheConfig_areDeleted()
      throws Exception {
    CliProcess.Result up = cli.run("sandbox", "up");
    assertThat(up.exit()).as(up.toString()).isZero();
    String peerVpc;
    try (AwsClients aws =
        new AwsClients(AwsSettings.emulator("us-east-1", "http://127.0.0.1:" + awsPort))) {
      peerVpc = aws.ec2().createVpc(r -> r.cidrBlock("10.200.0.0/16")).vpc().vpcId();
    }
    Path devJson = configDir.resolve("dev.json");
    ObjectNode dev = (ObjectNode) Json.mapper().readTree(devJson.toFile());
    ObjectNode peering = Json.mapper().createObjectNode();
    peering.put("name", "shared");
    peering.put("peer_vpc_id", peerVpc);
    peering.put("peer_vpc_cidr", "10.200.0.0/16");
    dev.putArray("peering").add(peering);
    Files.writeString(devJson, Json.mapper().writeValueAsString(dev));
    ok("apply", "--env", "dev", "--sandbox", "--auto-approve");
    Map<String, String> before = actions(ok("plan", "--env", "dev", "--sandbox", "--json"));
    List<String> removed =
        before.keySet().stream()
            .filter(
                a ->
                    a.startsWith("workspace_files.repo[")
                        || a.startsWith("workspace_files.notebook[")
                        // The deploying principal keeps its ADMIN assignment whatever the config
                        // lists; the identities the config named are the ones to go.
                        || (a.startsWith("account.permission_assignment[")
                            && !a.contains("service_principal:"))
                        || a.equals("workspace.catalog_grants")
                        || a.startsWith("peering_shared."))
            .toList();
    assertThat(removed)
        .as("the config declares one of each")
        .anyMatch(a -> a.startsWith("workspace_files.repo["))
        .anyMatch(a -> a.startsWith("workspace_files.notebook["))
        .anyMatch(a -> a.startsWith("account.permission_assignment["))
        .contains("workspace.catalog_grants", "peering_shared.connection");

    dev.remove(List.of("repos", "notebooks", "identities", "peering"));
    ((ObjectNode) dev.get("catalog")).remove("admin_principal");
    Files.writeString(devJson, Json.mapper().writeValueAsString(dev));

    CliProcess.Result plan = deployer("plan", "--env", "dev", "--sandbox", "--json");
    assertThat(plan.exit()).as(plan.toString()).isZero();
    Map<String, String> planned = actions(plan);
    for (String address : removed) {
      assertThat(planned).as(address).containsEntry(address, "delete");
    }
    assertThat(planned.values()).containsOnly("delete", "no_op");

    CliProcess.Result apply = ok("apply", "--env", "dev", "--sandbox", "--auto-approve");
    assertThat(apply.out())
        .contains(
            "Apply complete! Resources: 0 added, 0 changed, " + removed.size() + " destroyed.");
    CliProcess.Result after = deployer("plan", "--env", "dev", "--sandbox", "--detailed-exitcode");
    assertThat(after.exit()).as(after.toString()).isZero();
    ok("destroy", "--env", "dev", "--sandbox", "--auto-approve");
  }
}
