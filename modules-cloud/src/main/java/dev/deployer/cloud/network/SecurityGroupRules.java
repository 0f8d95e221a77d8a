package dev.deployer.cloud.network;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/**
 * Reads a security group's rules as flat {@link SgRule}s and makes them exactly a wanted set:
 * authorize what is missing, then revoke what is extra (so no wanted traffic is cut meanwhile).
 */
final class SecurityGroupRules {
  private SecurityGroupRules() {}

  /** The ingress and egress rules a group has now. */
  record Current(List<SgRule> ingress, List<SgRule> egress) {}

  static Current of(SecurityGroup g) {
    return new Current(
        flatten(g.ipPermissions(), g.groupId()), flatten(g.ipPermissionsEgress(), g.groupId()));
  }

  static List<SgRule> flatten(List<IpPermission> permissions, String ownGroupId) {
    List<SgRule> rules = new ArrayList<>();
    for (IpPermission p : permissions) {
      String proto = p.ipProtocol();
      int from = p.fromPort() == null ? -1 : p.fromPort();
      int to = p.toPort() == null ? -1 : p.toPort();
      p.ipRanges().forEach(r -> rules.add(new SgRule(proto, from, to, r.cidrIp())));
      p.ipv6Ranges().forEach(r -> rules.add(new SgRule(proto, from, to, r.cidrIpv6())));
      p.prefixListIds().forEach(r -> rules.add(new SgRule(proto, from, to, r.prefixListId())));
      p.userIdGroupPairs()
          .forEach(
              r ->
                  rules.add(
                      new SgRule(
                          proto,
                          from,
                          to,
                          ownGroupId.equals(r.groupId()) ? SgRule.SELF : r.groupId())));
    }
    return SgRule.normalize(rules);
  }

  static IpPermission permission(SgRule rule, String ownGroupId) {
    IpPermission.Builder b = IpPermission.builder().ipProtocol(rule.protocol());
    if (!rule.protocol().equals("-1")) {
      b.fromPort(rule.fromPort()).toPort(rule.toPort());
    }
    String t = rule.target();
    if (t.equals(SgRule.SELF) || t.startsWith("sg-")) {
      b.userIdGroupPairs(g -> g.groupId(t.equals(SgRule.SELF) ? ownGroupId : t));
    } else if (t.startsWith("pl-")) {
      b.prefixListIds(p -> p.prefixListId(t));
    } else if (t.contains(":")) {
      b.ipv6Ranges(r -> r.cidrIpv6(t));
    } else {
      b.ipRanges(r -> r.cidrIp(t));
    }
    return b.build();
  }

  /** Makes the group's rules exactly {@code ingress} and {@code egress}, reading it first. */
  static void sync(Ec2Client ec2, String groupId, List<SgRule> ingress, List<SgRule> egress) {
    SecurityGroup g = ec2.describeSecurityGroups(r -> r.groupIds(groupId)).securityGroups().get(0);
    Current now = of(g);
    List<IpPermission> addIn = missing(ingress, now.ingress(), groupId);
    List<IpPermission> addOut = missing(egress, now.egress(), groupId);
    List<IpPermission> dropIn = missing(now.ingress(), ingress, groupId);
    List<IpPermission> dropOut = missing(now.egress(), egress, groupId);
    if (!addIn.isEmpty()) {
      ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(addIn));
    }
    if (!addOut.isEmpty()) {
      ec2.authorizeSecurityGroupEgress(r -> r.groupId(groupId).ipPermissions(addOut));
    }
    if (!dropIn.isEmpty()) {
      ec2.revokeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(dropIn));
    }
    if (!dropOut.isEmpty()) {
      ec2.revokeSecurityGroupEgress(r -> r.groupId(groupId).ipPermissions(dropOut));
    }
  }

  /** The rules of {@code wanted} that {@code have} lacks, as permissions. */
  private static List<IpPermission> missing(List<SgRule> wanted, List<SgRule> have, String id) {
    return wanted.stream().filter(r -> !have.contains(r)).map(r -> permission(r, id)).toList();
  }
}
