package dev.deployer.cloud.privatelink;

import dev.deployer.cloud.network.Cidr;
import dev.deployer.cloud.network.NetworkInputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
    int zones = network.availabilityZones().size();
    if (subnetCidrs.size() != zones) {
      problems.add(
          field
              + ".subnet_cidrs: one endpoint subnet per availability zone is needed: "
              + zones
              + " zones, "
              + subnetCidrs.size()
              + " CIDRs");
    }
    Optional<Cidr> vpc = Cidr.parse(network.vpcCidr());
    List<String> others = new ArrayList<>(network.privateSubnetCidrs());
    others.addAll(network.publicSubnetCidrs());
    for (int i = 0; i < subnetCidrs.size(); i++) {
      String f = field + ".subnet_cidrs[" + i + "]";
      String text = subnetCidrs.get(i);
      Optional<Cidr> c = Cidr.parse(text);
      if (c.isEmpty()) {
        problems.add(f + ": '" + text + "' is not an IPv4 CIDR block like 10.4.64.0/26");
        continue;
      }
      if (c.get().prefix() < 17 || c.get().prefix() > 28) {
        problems.add(f + ": an endpoint subnet's netmask must be between /17 and /28; got " + text);
      }
      if (vpc.isPresent() && !vpc.get().contains(c.get())) {
        problems.add(f + ": " + text + " is not inside the VPC CIDR " + network.vpcCidr());
      }
      for (String o : others) {
        if (Cidr.parse(o).map(oc -> oc.overlaps(c.get())).orElse(false)) {
          problems.add(f + ": " + text + " overlaps the network's subnet " + o);
        }
      }
      for (int j = 0; j < i; j++) {
        if (Cidr.parse(subnetCidrs.get(j)).map(oc -> oc.overlaps(c.get())).orElse(false)) {
          problems.add(f + ": " + text + " overlaps " + field + ".subnet_cidrs[" + j + "]");
        }
      }
    }
    return problems;
  }
}
