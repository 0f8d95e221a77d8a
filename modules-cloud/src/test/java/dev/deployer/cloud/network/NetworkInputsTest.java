package dev.deployer.cloud.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkInputsTest {
  static NetworkInputs valid() {
    return new NetworkInputs(
        "dev",
        "10.4.0.0/16",
        List.of("us-east-1a", "us-east-1b"),
        List.of("10.4.0.0/24", "10.4.1.0/24"),
        List.of("10.4.16.0/20", "10.4.32.0/20"),
        null,
        null,
        false,
        null);
  }

  static NetworkInputs with(
      String vpc, List<String> azs, List<String> pub, List<String> priv, List<String> sgs) {
    return new NetworkInputs("dev", vpc, azs, pub, priv, null, null, false, sgs);
  }

  @Test
  void isolatedNetwork_egressGoesToTheVpcOnTheListedPorts_andS3OnlyOn443() {
    NetworkInputs in =
        NetworkInputs.isolated(
            "dev",
            "10.4.0.0/16",
            List.of("us-east-1a", "us-east-1b"),
            valid().privateSubnetCidrs());
    assertThat(in.validate()).isEmpty();
    assertThat(NetworkModule.egressRules(in))
        .contains(SgRule.tcpTo("10.4.0.0/16", 6666, 6666), SgRule.tcpTo("0.0.0.0/0", 443, 443))
        .doesNotContain(SgRule.tcpTo("0.0.0.0/0", 6666, 6666));
    assertThat(NetworkModule.egressRules(valid())).contains(SgRule.tcpTo("0.0.0.0/0", 6666, 6666));
  }

  @Test
  void validate_whenLayoutIsValid_findsNothing() {
    assertThat(valid().validate()).isEmpty();
    assertThat(valid().securityGroupEgressPorts()).contains("8443-8451");
  }

  @Test
  void validate_whenCidrMalformed_namesTheField() {
    assertThat(
            with(
                    "10.4.0.0/33",
                    List.of("us-east-1a", "us-east-1b"),
                    List.of("10.4.0.1/24", "x"),
                    List.of("10.4.16.0/20", "10.4.32.0/20"),
                    null)
                .validate())
        .anySatisfy(p -> assertThat(p).startsWith("vpc_cidr:"))
        .anySatisfy(p -> assertThat(p).startsWith("public_subnet_cidrs[0]:"))
        .anySatisfy(p -> assertThat(p).startsWith("public_subnet_cidrs[1]:"));
  }

  @Test
  void validate_whenSubnetOutsideVpc_orOverlapping_orBadNetmask_saysSo() {
    List<String> problems =
        with(
                "10.4.0.0/16",
                List.of("us-east-1a", "us-east-1b"),
                List.of("10.5.0.0/24", "10.4.16.0/24"),
                List.of("10.4.16.0/20", "10.4.128.0/27"),
                null)
            .validate();
    assertThat(problems)
        .anySatisfy(p -> assertThat(p).startsWith("public_subnet_cidrs[0]:").contains("not inside"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("private_subnet_cidrs[0]:")
                    .contains("overlaps public_subnet_cidrs[1]"))
        .anySatisfy(
            p -> assertThat(p).startsWith("private_subnet_cidrs[1]:").contains("/17 and /26"));
    assertThat(
            with(
                    "10.4.0.0/16",
                    List.of("us-east-1a", "us-east-1b"),
                    List.of("10.4.0.0/27", "10.4.1.0/24"),
                    List.of("10.4.16.0/20", "10.4.32.0/20"),
                    null)
                .validate())
        .singleElement()
        .satisfies(p -> assertThat(p).startsWith("public_subnet_cidrs[0]:").contains("/27"));
  }

  @Test
  void validate_whenOneZone_orSubnetCountsDiffer_saysSo() {
    assertThat(
            with(
                    "10.4.0.0/16",
                    List.of("us-east-1a"),
                    List.of("10.4.0.0/24"),
                    List.of("10.4.16.0/20"),
                    null)
                .validate())
        .anySatisfy(p -> assertThat(p).startsWith("availability_zones:").contains("at least two"));
    assertThat(
            with(
                    "10.4.0.0/16",
                    List.of("us-east-1a", "us-east-1b"),
                    List.of("10.4.0.0/24"),
                    List.of("10.4.16.0/20", "10.4.32.0/20"),
                    null)
                .validate())
        .singleElement()
        .satisfies(
            p -> assertThat(p).startsWith("public_subnet_cidrs:").contains("one subnet per"));
  }

  @Test
  void validate_whenTooManySecurityGroups_saysSo() {
    List<String> five =
        List.of("sg-00000001", "sg-00000002", "sg-00000003", "sg-00000004", "sg-00000005");
    NetworkInputs v = valid();
    assertThat(
            with(
                    v.vpcCidr(),
                    v.availabilityZones(),
                    v.publicSubnetCidrs(),
                    v.privateSubnetCidrs(),
                    five.subList(0, 4))
                .validate())
        .isEmpty();
    assertThat(
            with(
                    v.vpcCidr(),
                    v.availabilityZones(),
                    v.publicSubnetCidrs(),
                    v.privateSubnetCidrs(),
                    five)
                .validate())
        .singleElement()
        .satisfies(
            p -> assertThat(p).startsWith("additional_security_group_ids:").contains("1 to 5"));
  }

  @Test
  void validate_whenPortsOrProtocolsBad_namesTheEntry() {
    NetworkInputs in =
        new NetworkInputs(
            "Dev_1",
            "10.4.0.0/16",
            List.of("us-east-1a", "us-east-1b"),
            List.of("10.4.0.0/24", "10.4.1.0/24"),
            List.of("10.4.16.0/20", "10.4.32.0/20"),
            List.of("tcp", "icmp"),
            List.of("443", "8451-8443", "70000"),
            false,
            null);
    assertThat(in.validate())
        .containsExactlyInAnyOrder(
            in.validate().stream().filter(p -> p.startsWith("prefix:")).findFirst().orElseThrow(),
            "security_group_protocols: 'icmp' is not tcp or udp",
            "security_group_egress_ports[1]: '8451-8443' is not a port (1-65535) or a range like 8443-8451",
            "security_group_egress_ports[2]: '70000' is not a port (1-65535) or a range like 8443-8451");
  }

  @Test
  void declare_whenInvalid_throwsBeforeDeclaringAnything() {
    var stack = new dev.deployer.core.model.StackBuilder("dev", java.util.Map.of());
    NetworkInputs bad = with("nope", List.of("us-east-1a"), List.of(), List.of(), null);
    assertThatThrownBy(() -> NetworkModule.declare(stack, "us-east-1", "network", bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vpc_cidr:")
        .hasMessageContaining("availability_zones:");
    assertThat(stack.build().resources()).isEmpty();
  }

  @Test
  void rules_areExactlyTheListedOnes() {
    assertThat(NetworkModule.ingressRules(valid()))
        .containsExactly(SgRule.selfAllPorts("tcp"), SgRule.selfAllPorts("udp"));
    assertThat(NetworkModule.egressRules(valid()))
        .containsExactlyInAnyOrder(
            SgRule.selfAllPorts("tcp"),
            SgRule.selfAllPorts("udp"),
            SgRule.tcpTo("0.0.0.0/0", 443, 443),
            SgRule.tcpTo("0.0.0.0/0", 3306, 3306),
            SgRule.tcpTo("0.0.0.0/0", 6666, 6666),
            SgRule.tcpTo("0.0.0.0/0", 2443, 2443),
            SgRule.tcpTo("0.0.0.0/0", 8443, 8451));
  }

  @Test
  void cidr_containsAndOverlaps() {
    Cidr vpc = Cidr.parse("10.0.0.0/16").orElseThrow();
    assertThat(vpc.contains(Cidr.parse("10.0.255.0/24").orElseThrow())).isTrue();
    assertThat(vpc.contains(Cidr.parse("10.1.0.0/24").orElseThrow())).isFalse();
    assertThat(vpc.overlaps(Cidr.parse("10.0.128.0/17").orElseThrow())).isTrue();
    assertThat(Cidr.parse("10.0.0.1/16")).isEmpty();
    assertThat(Cidr.parse("256.0.0.0/8")).isEmpty();
  }
}
