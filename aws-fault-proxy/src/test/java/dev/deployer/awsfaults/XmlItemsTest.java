package dev.deployer.awsfaults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class XmlItemsTest {
  private static final String TWO_GATEWAYS =
      "<R><natGatewaySet>"
          + "<item><natGatewayAddressSet><item><status>succeeded</status></item>"
          + "</natGatewayAddressSet><natGatewayId>nat-1</natGatewayId><state>available</state>"
          + "<tagSet><item><key>k</key><value>v</value></item></tagSet></item>"
          + "<item><natGatewayId>nat-2</natGatewayId><state>available</state></item>"
          + "</natGatewaySet></R>";

  @Test
  void onlyTheNamedTopLevelItemTurnsPending() {
    String out =
        XmlItems.rewrite(
            TWO_GATEWAYS,
            "natGatewaySet",
            item ->
                item.contains("<natGatewayId>nat-2<")
                    ? XmlItems.replaceOwnState(item, Set.of("available"))
                    : item);
    assertThat(out)
        .contains("<natGatewayId>nat-1</natGatewayId><state>available</state>")
        .contains("<natGatewayId>nat-2</natGatewayId><state>pending</state>")
        .contains("<status>succeeded</status>");
  }

  @Test
  void nestedStatesAreLeftAlone_andLetterCaseIsKept() {
    String item =
        "<item><x><item><state>available</state></item></x><state>Available</state></item>";
    assertThat(XmlItems.replaceOwnState(item, Set.of("available", "Available")))
        .isEqualTo(
            "<item><x><item><state>available</state></item></x><state>Pending</state></item>");
  }

  @Test
  void aStateOtherThanTheOnesNamedIsKept() {
    String item = "<item><state>deleted</state></item>";
    assertThat(XmlItems.replaceOwnState(item, Set.of("available"))).isEqualTo(item);
  }

  @Test
  void anObjectElementIsEditedWhole() {
    String xml =
        "<CreateNatGatewayResponse><natGateway><state>available</state></natGateway></CreateNatGatewayResponse>";
    assertThat(
            XmlItems.rewrite(
                xml, "natGateway", i -> XmlItems.replaceOwnState(i, Set.of("available"))))
        .contains("<natGateway><state>pending</state></natGateway>");
  }
}
