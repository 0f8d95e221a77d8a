package dev.deployer.cloud.privatelink;

import dev.deployer.cloud.network.NetworkModule;
import dev.deployer.cloud.network.SecurityGroupHandler;
import dev.deployer.cloud.network.SecurityGroupSpec;
import dev.deployer.cloud.network.SgRule;
import dev.deployer.cloud.network.VpcEndpointHandler;
import dev.deployer.cloud.network.VpcEndpointSpec;
import dev.deployer.core.model.Ref;
import dev.deployer.core.model.Resolver;
import dev.deployer.core.model.StackBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Back-end PrivateLink on the AWS side (Databricks docs "Enable private connectivity using AWS
 * PrivateLink", step 2; databricks/terraform-databricks-sra aws/tf/privatelink.tf): endpoint
 * subnets, their security group, and the interface endpoints to the region's workspace (REST API)
 * and secure cluster connectivity relay services.
 */
public final class PrivateLinkModule {
  /**
   * TCP ports the cluster nodes reach the endpoints on: 443 REST API, 6666 the relay, 2443 the
   * relay under the compliance security profile, 8443-8451 the compute plane's internal control
   * plane calls (8443), Unity Catalog logging and lineage (8444) and future use.
   */
  public static final List<int[]> ENDPOINT_PORTS =
      List.of(
          new int[] {443, 443},
          new int[] {2443, 2443},
          new int[] {6666, 6666},
          new int[] {8443, 8451});

  /** The AWS endpoint ids, for registering them with the Databricks account. */
  public record Outputs(Ref workspaceEndpointId, Ref relayEndpointId) {}

  private PrivateLinkModule() {}

  /**
   * Declares the endpoints under {@code module} in {@code network}'s VPC.
   *
   * @throws IllegalArgumentException when the region has no Databricks endpoint services
   */
  public static Outputs declare(
      StackBuilder stack,
      String region,
      String module,
      String prefix,
      List<String> availabilityZones,
      PrivateLinkInputs in,
      NetworkModule.Outputs network) {
    PrivateLinkServices.Services services =
        PrivateLinkServices.forRegion(region)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "Databricks offers no back-end PrivateLink in " + region));
    Ref vpcId = network.vpcId();
    Map<String, Ref> subnets = new LinkedHashMap<>();
    for (int i = 0; i < availabilityZones.size(); i++) {
      String az = availabilityZones.get(i);
      subnets.put(
          az,
          NetworkModule.subnet(
              stack, module, "privatelink", prefix, vpcId, az, in.subnetCidrs().get(i)));
    }
    Ref workspaceGroup = network.workspaceSecurityGroupId();
    Ref sg =
        stack
            .add(
                module + ".security_group",
                SecurityGroupHandler.TYPE,
                r -> {
                  String from = r.get(workspaceGroup);
                  List<SgRule> ingress = new ArrayList<>();
                  for (int[] p : ENDPOINT_PORTS) {
                    ingress.add(new SgRule("tcp", p[0], p[1], from));
                  }
                  // No egress: endpoints only answer, and security groups are stateful.
                  return new SecurityGroupSpec(
                      r.get(vpcId),
                      prefix + "-privatelink-sg",
                      "Databricks back-end PrivateLink endpoints",
                      ingress,
                      List.of(),
                      named(r, prefix + "-privatelink-sg"));
                })
            .id();
    List<Ref> subnetIds = List.copyOf(subnets.values());
    Ref workspace =
        endpoint(
            stack,
            module + ".workspace_endpoint",
            services.workspace(),
            vpcId,
            subnetIds,
            sg,
            prefix + "-databricks-workspace");
    Ref relay =
        endpoint(
            stack,
            module + ".relay_endpoint",
            services.relay(),
            vpcId,
            subnetIds,
            sg,
            prefix + "-databricks-relay");
    return new Outputs(workspace, relay);
  }

  private static Ref endpoint(
      StackBuilder stack,
      String address,
      String service,
      Ref vpcId,
      List<Ref> subnets,
      Ref sg,
      String name) {
    return stack
        .add(
            address,
            VpcEndpointHandler.TYPE,
            r ->
                VpcEndpointSpec.iface(
                    r.get(vpcId), service, r.getAll(subnets), List.of(r.get(sg)), named(r, name)))
        .id();
  }

  private static Map<String, String> named(Resolver r, String name) {
    Map<String, String> tags = new LinkedHashMap<>(r.tags());
    tags.put("Name", name);
    return tags;
  }
}
