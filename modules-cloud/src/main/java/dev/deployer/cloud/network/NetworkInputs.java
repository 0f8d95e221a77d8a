package dev.deployer.cloud.network;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the network module needs (RESOURCES.md 2.1). {@link #validate()} checks the Databricks
 * network constraints before any API call; problems name the config field (snake_case).
 *
 * @param prefix the environment's resource prefix, used in names
 * @param availabilityZones one public and one private subnet per zone, in this order
 * @param securityGroupProtocols protocols open between members of the workspace group
 * @param securityGroupEgressPorts TCP ports open to 0.0.0.0/0, each a port or a range {@code a-b}
 * @param singleNatGateway one NAT gateway (in the first zone) for all zones, for cheap environments
 * @param additionalSecurityGroupIds existing groups handed to Databricks besides the workspace one
 * @param publicSubnetCidrs none for an {@link #isolated()} network
 */
public record NetworkInputs(
    String prefix,
    String vpcCidr,
    List<String> availabilityZones,
    List<String> publicSubnetCidrs,
    List<String> privateSubnetCidrs,
    List<String> securityGroupProtocols,
    List<String> securityGroupEgressPorts,
    boolean singleNatGateway,
    List<String> additionalSecurityGroupIds) {

  public static final List<String> DEFAULT_PROTOCOLS = List.of("tcp", "udp");
  public static final List<String> DEFAULT_EGRESS_PORTS =
      List.of("443", "3306", "6666", "2443", "8443-8451");

  private static final Pattern PREFIX = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
  private static final Pattern PORTS = Pattern.compile("(\\d{1,5})(?:-(\\d{1,5}))?");
  private static final Pattern AZ = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d[a-z]");

  public NetworkInputs {
    availabilityZones = copy(availabilityZones);
    publicSubnetCidrs = copy(publicSubnetCidrs);
    privateSubnetCidrs = copy(privateSubnetCidrs);
    securityGroupProtocols =
        securityGroupProtocols == null ? DEFAULT_PROTOCOLS : copy(securityGroupProtocols);
    securityGroupEgressPorts =
        securityGroupEgressPorts == null ? DEFAULT_EGRESS_PORTS : copy(securityGroupEgressPorts);
    additionalSecurityGroupIds = copy(additionalSecurityGroupIds);
  }

  /**
   * No public subnets means an isolated network: no internet gateway, no NAT, egress only through
   * VPC endpoints (the security reference architecture's isolated mode).
   */
  public boolean isolated() {
    return publicSubnetCidrs.isEmpty();
  }

  /** An isolated network with the default protocols and ports and no other security groups. */
  public static NetworkInputs isolated(
      String prefix, String vpcCidr, List<String> zones, List<String> privateSubnetCidrs) {
    return new NetworkInputs(
        prefix, vpcCidr, zones, List.of(), privateSubnetCidrs, null, null, false, List.of());
  }

  private static List<String> copy(List<String> l) {
    return l == null ? List.of() : List.copyOf(l);
  }

  /** Every problem found, each starting with the field it is about; empty when valid. */
  public List<String> validate() {
    List<String> problems = new ArrayList<>();
    if (prefix == null || !PREFIX.matcher(prefix).matches()) {
      problems.add(
          "prefix: '"
              + prefix
              + "' must be 1 to 40 lower-case letters, digits or dashes, starting with a letter"
              + " or digit");
    }
    Optional<Cidr> vpc = Cidr.parse(vpcCidr);
    if (vpc.isEmpty()) {
      problems.add("vpc_cidr: '" + vpcCidr + "' is not an IPv4 CIDR block like 10.4.0.0/16");
    } else if (vpc.get().prefix() < 16 || vpc.get().prefix() > 28) {
      problems.add("vpc_cidr: the netmask of " + vpcCidr + " must be between /16 and /28");
    }
    int zones = availabilityZones.size();
    if (zones < 2) {
      problems.add(
          "availability_zones: Databricks needs subnets in at least two availability zones; got "
              + zones);
    }
    if (new HashSet<>(availabilityZones).size() != zones) {
      problems.add("availability_zones: " + availabilityZones + " lists a zone twice");
    }
    for (int i = 0; i < zones; i++) {
      if (!AZ.matcher(availabilityZones.get(i)).matches()) {
        problems.add(
            "availability_zones["
                + i
                + "]: '"
                + availabilityZones.get(i)
                + "' is not a zone name like us-east-1a");
      }
    }
    List<Cidr> seen = new ArrayList<>();
    List<String> seenFields = new ArrayList<>();
    Map<String, List<String>> subnets = new LinkedHashMap<>();
    if (!isolated()) {
      subnets.put("public_subnet_cidrs", publicSubnetCidrs);
    }
    subnets.put("private_subnet_cidrs", privateSubnetCidrs);
    subnets.forEach(
        (field, cidrs) ->
            checkSubnets(
                field,
                cidrs,
                zones,
                vpc,
                seen,
                seenFields,
                problems,
                17,
                26,
                "Databricks needs a subnet"));
    if (securityGroupProtocols.isEmpty()) {
      problems.add("security_group_protocols: list at least one of tcp, udp");
    }
    for (String p : securityGroupProtocols) {
      if (!Set.of("tcp", "udp").contains(p)) {
        problems.add("security_group_protocols: '" + p + "' is not tcp or udp");
      }
    }
    for (int i = 0; i < securityGroupEgressPorts.size(); i++) {
      if (portRange(securityGroupEgressPorts.get(i)).isEmpty()) {
        problems.add(
            "security_group_egress_ports["
                + i
                + "]: '"
                + securityGroupEgressPorts.get(i)
                + "' is not a port (1-65535) or a range like 8443-8451");
      }
    }
    int groups = 1 + additionalSecurityGroupIds.size();
    if (groups > 5) {
      problems.add(
          "additional_security_group_ids: Databricks accepts 1 to 5 security groups; with the"
              + " workspace group that makes "
              + groups);
    }
    for (String id : additionalSecurityGroupIds) {
      if (id == null || !id.matches("sg-[0-9a-f]{8,17}")) {
        problems.add("additional_security_group_ids: '" + id + "' is not a security group id");
      }
    }
    return problems;
  }

  /**
   * One CIDR per zone in {@code cidrs}, each parsable, of a netmask in {@code [minPrefix,
   * maxPrefix]} ({@code rule} says whose rule), inside the VPC and overlapping none of {@code seen}
   * (named by {@code seenFields}), to which each is then added.
   */
  public static void checkSubnets(
      String field,
      List<String> cidrs,
      int zones,
      Optional<Cidr> vpc,
      List<Cidr> seen,
      List<String> seenFields,
      List<String> problems,
      int minPrefix,
      int maxPrefix,
      String rule) {
    if (cidrs.size() != zones) {
      problems.add(
          field
              + ": one subnet per availability zone is needed: "
              + zones
              + " zones, "
              + cidrs.size()
              + " CIDRs");
    }
    for (int i = 0; i < cidrs.size(); i++) {
      String f = field + "[" + i + "]";
      String text = cidrs.get(i);
      Optional<Cidr> c = Cidr.parse(text);
      if (c.isEmpty()) {
        problems.add(f + ": '" + text + "' is not an IPv4 CIDR block like 10.4.1.0/24");
        continue;
      }
      if (c.get().prefix() < minPrefix || c.get().prefix() > maxPrefix) {
        problems.add(
            f
                + ": "
                + rule
                + " netmask between /"
                + minPrefix
                + " and /"
                + maxPrefix
                + "; got "
                + text);
      }
      if (vpc.isPresent() && !vpc.get().contains(c.get())) {
        problems.add(f + ": " + text + " is not inside the VPC CIDR");
      }
      for (int j = 0; j < seen.size(); j++) {
        if (seen.get(j).overlaps(c.get())) {
          problems.add(f + ": " + text + " overlaps " + seenFields.get(j));
        }
      }
      seen.add(c.get());
      seenFields.add(f + " (" + text + ")");
    }
  }

  /** A port or range as {from, to}; empty when malformed. */
  public static Optional<int[]> portRange(String text) {
    Matcher m = text == null ? null : PORTS.matcher(text.trim());
    if (m == null || !m.matches()) {
      return Optional.empty();
    }
    int from = Integer.parseInt(m.group(1));
    int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
    if (from < 1 || to > 65535 || from > to) {
      return Optional.empty();
    }
    return Optional.of(new int[] {from, to});
  }
}
