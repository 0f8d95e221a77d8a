package dev.deployer.cloud.network;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One security group rule, flattened to a single target so rule sets compare as sets.
 *
 * @param protocol {@code tcp}, {@code udp}, {@code icmp} or {@code -1} (all)
 * @param fromPort first port; -1 for protocol -1
 * @param toPort last port; -1 for protocol -1
 * @param target {@code self} (the group itself), an IPv4 or IPv6 CIDR, a group id {@code sg-…} or a
 *     prefix list id {@code pl-…}
 */
public record SgRule(String protocol, int fromPort, int toPort, String target)
    implements Comparable<SgRule> {
  public static final String SELF = "self";
  private static final Comparator<SgRule> ORDER =
      Comparator.comparing(SgRule::protocol)
          .thenComparingInt(SgRule::fromPort)
          .thenComparingInt(SgRule::toPort)
          .thenComparing(SgRule::target);

  public SgRule {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(target, "target");
    protocol = protocol.toLowerCase(Locale.ROOT);
    if (protocol.equals("-1") || protocol.equals("all")) {
      protocol = "-1";
      fromPort = -1;
      toPort = -1;
    }
  }

  /** Every port of {@code protocol}, to or from the group itself. */
  public static SgRule selfAllPorts(String protocol) {
    return new SgRule(protocol, 0, 65535, SELF);
  }

  public static SgRule tcpTo(String cidr, int from, int to) {
    return new SgRule("tcp", from, to, cidr);
  }

  /** Sorted and without duplicates: the normal form of a rule list. */
  public static List<SgRule> normalize(List<SgRule> rules) {
    return rules == null ? List.of() : rules.stream().distinct().sorted().toList();
  }

  @Override
  public int compareTo(SgRule o) {
    return ORDER.compare(this, o);
  }
}
