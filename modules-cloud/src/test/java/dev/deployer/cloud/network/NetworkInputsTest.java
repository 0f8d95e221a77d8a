package dev.deployer.cloud.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NetworkInputsTest {
  static final String VPC = "10.4.0.0/16";
  static final List<String> ZONES = List.of("us-east-1a", "us-east-1b");
  static final List<String> PUBLIC = List.of("10.4.0.0/24", "10.4.1.0/24");
  static final List<String> PRIVATE = List.of("10.4.16.0/20", "10.4.32.0/20");

  static NetworkInputs valid() {
    return with(VPC, ZONES, PUBLIC, PRIVATE, null);
  }

  static NetworkInputs with(
      String vpc, List<String> azs, List<String> pub, List<String> priv, List<String> sgs) {
    return new NetworkInputs("dev", vpc, azs, pub, priv, null, null, false, sgs);
  }

  /** A problem validate() must report: it starts with {@code field} and contains {@code says}. */
  record Problem(String field, String says) {
    @Override
    public String toString() {
      return field + " ... " + says;
    }
  }

  static Problem problem(String field, String says) {
    return new Problem(field, says);
  }

  /**
   * Layouts Databricks refuses, with the problems each must be reported with; {@code only}: no
   * other problem is reported.
   */
  static Stream<Arguments> invalidLayouts() {
    List<String> five =
        List.of("sg-00000001", "sg-00000002", "sg-00000003", "sg-00000004", "sg-00000005");
    return Stream.of(
        arguments(
            "malformed CIDRs name the field",
            with("10.4.0.0/33", ZONES, List.of("10.4.0.1/24", "x"), PRIVATE, null),
            false,
            List.of(
                problem("vpc_cidr:", ""),
                problem("public_subnet_cidrs[0]:", ""),
                problem("public_subnet_cidrs[1]:", ""))),
        arguments(
            "a subnet outside the VPC, overlapping, or of a bad netmask",
            with(
                VPC,
                ZONES,
                List.of("10.5.0.0/24", "10.4.16.0/24"),
                List.of("10.4.16.0/20", "10.4.128.0/27"),
                null),
            false,
            List.of(
                problem("public_subnet_cidrs[0]:", "not inside"),
                problem("private_subnet_cidrs[0]:", "overlaps public_subnet_cidrs[1]"),
                problem("private_subnet_cidrs[1]:", "/17 and /26"))),
        arguments(
            "a public subnet too small",
            with(VPC, ZONES, List.of("10.4.0.0/27", "10.4.1.0/24"), PRIVATE, null),
            true,
            List.of(problem("public_subnet_cidrs[0]:", "/27"))),
        arguments(
            "one zone",
            with(VPC, List.of("us-east-1a"), List.of("10.4.0.0/24"), List.of("10.4.16.0/20"), null),
            false,
            List.of(problem("availability_zones:", "at least two"))),
        arguments(
            "subnet counts that differ",
            with(VPC, ZONES, List.of("10.4.0.0/24"), PRIVATE, null),
            true,
            List.of(problem("public_subnet_cidrs:", "one subnet per"))),
        arguments(
            "five additional security groups",
            with(VPC, ZONES, PUBLIC, PRIVATE, five),
            true,
            List.of(problem("additional_security_group_ids:", "1 to 5"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidLayouts")
  void validate_whenLayoutInvalid_namesEachProblemsField(
      String layout, NetworkInputs in, boolean only, List<Problem> expected) {
    List<String> problems = in.validate();
    for (Problem e : expected) {
      assertThat(problems)
          .as(e.toString())
          .anySatisfy(p -> assertThat(p).startsWith(e.field()).contains(e.says()));
    }
    if (only) {
      assertThat(problems).hasSameSizeAs(expected);
    }
  }

  @Test
  void isolatedNetwork_egressGoesToTheVpcOnTheListedPorts_andS3OnlyOn443() {
    NetworkInputs in = NetworkInputs.isolated("dev", VPC, ZONES, PRIVATE);
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
  void validate_whenFourAdditionalSecurityGroups_findsNothing() {
    List<String> four = List.of("sg-00000001", "sg-00000002", "sg-00000003", "sg-00000004");
    assertThat(with(VPC, ZONES, PUBLIC, PRIVATE, four).validate()).isEmpty();
  }

  @Test
  void validate_whenPortsOrProtocolsBad_namesTheEntry() {
    NetworkInputs in =
        new NetworkInputs(
            "Dev_1",
            VPC,
            ZONES,
            PUBLIC,
            PRIVATE,
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
