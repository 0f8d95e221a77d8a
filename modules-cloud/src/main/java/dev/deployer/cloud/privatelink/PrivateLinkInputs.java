package dev.deployer.cloud.privatelink;

import dev.deployer.cloud.network.Cidr;
import dev.deployer.cloud.network.NetworkInputs;
import java.util.ArrayList;
import java.util.List;

/**
 * Back-end PrivateLink: one dedicated endpoint subnet per availability zone of the network, in the
 * network's zone order. {@link #validate} checks them against the network before any API call;
 * problems name the config field.
 *
 * @param subnetCidrs one per availability zone; /17 to /28 (AWS's interface endpoint limits)
 * @param publicAccessEnabled whether the workspace stays reachable over the internet (front-end
 *     PrivateLink is not configured here, so users need it)
 */
public record PrivateLinkInputs(List<String> subnetCidrs, boolean publicAccessEnabled) {
  public PrivateLinkInputs {
    subnetCidrs = subnetCidrs == null ? List.of() : List.copyOf(subnetCidrs);
  }

  /** Every problem, each starting with its field under {@code field}; empty when valid. */
  public List<String> validate(String field, String region, NetworkInputs network) {
    List<String> problems = new ArrayList<>();
    if (PrivateLinkServices.forRegion(region).isEmpty()) {
      problems.add(
          field
              + ": Databricks offers no back-end PrivateLink in "
              + region
              + "; regions with it: "
              + PrivateLinkServices.regions());
    }
    List<Cidr> seen = new ArrayList<>();
    List<String> seenFields = new ArrayList<>();
    List<String> others = new ArrayList<>(network.privateSubnetCidrs());
    others.addAll(network.publicSubnetCidrs());
    for (String o : others) {
      Cidr.parse(o)
          .ifPresent(
              c -> {
                seen.add(c);
                seenFields.add("the network's subnet " + o);
              });
    }
    NetworkInputs.checkSubnets(
        field + ".subnet_cidrs",
        subnetCidrs,
        network.availabilityZones().size(),
        Cidr.parse(network.vpcCidr()),
        seen,
        seenFields,
        problems,
        17,
        28,
        "an endpoint subnet needs a");
    return problems;
  }
}
