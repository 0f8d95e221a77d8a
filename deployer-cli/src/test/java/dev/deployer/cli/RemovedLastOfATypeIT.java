package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsSettings;
import dev.deployer.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The built CLI, as a separate process against its own sandbox: the last repo, notebook, identity,
 * catalog grant and peering taken out of a config are planned for deletion and deleted, although
 * the config no longer declares any resource of their types.
 */
class RemovedLastOfATypeIT {
  @RegisterExtension static final SandboxCli sandbox = SandboxCli.withRaceWindow("1s");

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
    CliProcess.Result up = sandbox.cli.run("sandbox", "up");
    assertThat(up.exit()).as(up.toString()).isZero();
    String peerVpc;
    try (AwsClients aws =
        new AwsClients(AwsSettings.emulator("us-east-1", "http://127.0.0.1:" + sandbox.awsPort))) {
      peerVpc = aws.ec2().createVpc(r -> r.cidrBlock("10.200.0.0/16")).vpc().vpcId();
    }
    Path devJson = sandbox.configDir.resolve("dev.json");
    ObjectNode dev = (ObjectNode) Json.mapper().readTree(devJson.toFile());
    ObjectNode peering = Json.mapper().createObjectNode();
    peering.put("name", "shared");
    peering.put("peer_vpc_id", peerVpc);
    peering.put("peer_vpc_cidr", "10.200.0.0/16");
    dev.putArray("peering").add(peering);
    Files.writeString(devJson, Json.mapper().writeValueAsString(dev));
    sandbox.ok("apply", "--env", "dev", "--sandbox", "--auto-approve");
    Map<String, String> before = actions(sandbox.ok("plan", "--env", "dev", "--sandbox", "--json"));
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

    CliProcess.Result plan = sandbox.deployer("plan", "--env", "dev", "--sandbox", "--json");
    assertThat(plan.exit()).as(plan.toString()).isZero();
    Map<String, String> planned = actions(plan);
    for (String address : removed) {
      assertThat(planned).as(address).containsEntry(address, "delete");
    }
    assertThat(planned.values()).containsOnly("delete", "no_op");

    CliProcess.Result apply = sandbox.ok("apply", "--env", "dev", "--sandbox", "--auto-approve");
    assertThat(apply.out())
        .contains(
            "Apply complete! Resources: 0 added, 0 changed, " + removed.size() + " destroyed.");
    CliProcess.Result after =
        sandbox.deployer("plan", "--env", "dev", "--sandbox", "--detailed-exitcode");
    assertThat(after.exit()).as(after.toString()).isZero();
    sandbox.ok("destroy", "--env", "dev", "--sandbox", "--auto-approve");
  }
}
