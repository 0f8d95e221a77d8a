package dev.deployer.account.network;

import com.databricks.sdk.service.provisioning.CreateNetworkRequest;
import com.databricks.sdk.service.provisioning.Network;
import com.databricks.sdk.service.provisioning.NetworkHealth;
import com.databricks.sdk.service.provisioning.NetworkVpcEndpoints;
import dev.deployer.account.DatabricksClients;
import dev.deployer.account.ImmutableAccountObjectHandler;
import dev.deployer.core.retry.Waiter;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.ResourceType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code databricks_mws_networks}; delete waits until the configuration is gone. */
public final class NetworkConfigurationHandler
    extends ImmutableAccountObjectHandler<NetworkConfigurationSpec, Network> {
  public static final ResourceType<NetworkConfigurationSpec> TYPE =
      immutableType(
          "databricks_mws_networks",
          NetworkConfigurationSpec.class,
          "network_name",
          "network_id",
          "vpc_status",
          "error_messages");

  public NetworkConfigurationHandler(DatabricksClients databricks) {
    super(databricks, TYPE, Network::getNetworkId);
  }

  @Override
  protected Api<NetworkConfigurationSpec, Network> api() {
    var service = databricks.account().networks();
    return new Api<>(service::get, service::list, s -> service.create(request(s)), service::delete);
  }

  /** The create request for {@code spec}. */
  public static CreateNetworkRequest request(NetworkConfigurationSpec spec) {
    return new CreateNetworkRequest()
        .setNetworkName(spec.networkName())
        .setVpcId(spec.vpcId())
        .setSubnetIds(spec.subnetIds())
        .setSecurityGroupIds(spec.securityGroupIds())
        .setVpcEndpoints(
            spec.restApiEndpointIds().isEmpty() && spec.dataplaneRelayEndpointIds().isEmpty()
                ? null
                : new NetworkVpcEndpoints()
                    .setRestApi(spec.restApiEndpointIds())
                    .setDataplaneRelay(spec.dataplaneRelayEndpointIds()));
  }

  @Override
  public void delete(HandlerContext ctx, String id, NetworkConfigurationSpec prior) {
    super.delete(ctx, id, prior);
    ctx.waiter()
        .until(
            "network configuration " + id + " to be deleted",
            Duration.ofMinutes(5),
            Duration.ofMillis(500),
            Duration.ofSeconds(10),
            () -> ifExists(() -> get(id)).isEmpty(),
            gone -> gone ? Waiter.State.DONE : Waiter.State.PENDING,
            gone -> "still there",
            ctx::report);
  }

  @Override
  protected NetworkConfigurationSpec specOf(Network n) {
    NetworkVpcEndpoints eps = n.getVpcEndpoints();
    return new NetworkConfigurationSpec(
        n.getNetworkName(),
        n.getVpcId(),
        list(n.getSubnetIds()),
        list(n.getSecurityGroupIds()),
        eps == null ? List.of() : list(eps.getRestApi()),
        eps == null ? List.of() : list(eps.getDataplaneRelay()));
  }

  private static List<String> list(java.util.Collection<String> c) {
    return c == null ? List.of() : new ArrayList<>(c);
  }

  @Override
  protected Map<String, Object> outputsOf(Network n) {
    Map<String, Object> out = new HashMap<>();
    out.put("network_id", n.getNetworkId());
    if (n.getVpcStatus() != null) {
      out.put("vpc_status", n.getVpcStatus().toString());
    }
    // Databricks fills these in when a workspace validates the network; shown after a FAILED one.
    out.put("error_messages", errorLines(n));
    return out;
  }

  private static List<String> errorLines(Network n) {
    List<String> lines = new ArrayList<>();
    if (n.getErrorMessages() != null) {
      for (NetworkHealth h : n.getErrorMessages()) {
        lines.add((h.getErrorType() == null ? "" : h.getErrorType() + ": ") + h.getErrorMessage());
      }
    }
    return lines;
  }

  /** The configuration's error messages, one line each, for a FAILED workspace's report. */
  public static String errorMessages(Network n) {
    List<String> lines = errorLines(n);
    return lines.isEmpty()
        ? "the network configuration reports no errors"
        : String.join("; ", lines);
  }

  @Override
  protected String referenceIn(com.databricks.sdk.service.provisioning.Workspace w) {
    return w.getNetworkId();
  }
}
