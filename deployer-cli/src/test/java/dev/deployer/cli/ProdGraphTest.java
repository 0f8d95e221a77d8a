package dev.deployer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code graph --format mermaid} of the shipped prod config shows the hardened ordering: the
 * endpoints are registered before the network configuration, the keys exist before the workspace.
 */
class ProdGraphTest {
  private static final Pattern NODE = Pattern.compile("^\\s*(n\\d+)\\[\"(.*)\"\\]$");
  private static final Pattern EDGE = Pattern.compile("^\\s*(n\\d+) --> (n\\d+)$");

  @TempDir Path work;

  @Test
  void mermaidOfProd_ordersEndpointsBeforeTheNetworkConfiguration_andKeysBeforeTheWorkspace() {
    StringWriter out = new StringWriter();
    picocli.CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(new StringWriter()));
    int rc =
        cl.execute(
            "graph",
            "--env",
            "prod",
            "--format",
            "mermaid",
            "--config-dir",
            Path.of("..", "environments", "config").toString(),
            "--state-dir",
            work.toString());
    assertThat(rc).as(out.toString()).isZero();

    Map<String, String> label = new HashMap<>();
    Set<String> edges = new HashSet<>();
    for (String line : out.toString().lines().toList()) {
      Matcher n = NODE.matcher(line);
      if (n.matches()) {
        label.put(n.group(1), n.group(2).replace("#quot;", "\""));
      }
      Matcher e = EDGE.matcher(line);
      if (e.matches()) {
        edges.add(e.group(1) + ">" + e.group(2));
      }
    }
    Set<String> named = new HashSet<>();
    edges.forEach(
        e -> {
          String[] ends = e.split(">");
          named.add(label.get(ends[0]) + " --> " + label.get(ends[1]));
        });
    assertThat(out.toString()).startsWith("flowchart");
    assertThat(named)
        .contains(
            "privatelink.workspace_endpoint --> account.vpc_endpoint[\"workspace\"]",
            "privatelink.relay_endpoint --> account.vpc_endpoint[\"relay\"]",
            "account.vpc_endpoint[\"workspace\"] --> account.network_configuration",
            "account.vpc_endpoint[\"relay\"] --> account.network_configuration",
            "account.private_access_settings --> account.workspace",
            "kms.managed_services_key --> account.managed_services_key",
            "kms.workspace_storage_key --> account.storage_key",
            "account.managed_services_key --> account.workspace",
            "account.storage_key --> account.workspace",
            "kms.workspace_storage_key --> storage.root_bucket",
            "account.workspace --> storage.root_bucket_restrictive_policy");
    assertThat(label.values())
        .noneMatch(a -> a.contains("nat_gateway") || a.contains("internet_gateway"));
  }
}
