package dev.deployer.awsfaults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FaultRuleTest {
  @Test
  void theSandboxDefaultsParse_andEveryKindIsOn() {
    AwsFaultProxy.Config c = AwsFaultProxy.Config.parse(AwsFaultProxy.defaultRules());
    assertThat(c.rules())
        .extracting(FaultRule::kind)
        .containsExactlyInAnyOrder(FaultRule.Kind.values());
  }

  @Test
  void badRulesAreRefusedWithTheReason() {
    assertThatThrownBy(() -> AwsFaultProxy.Config.parse("{\"rules\":[{\"kind\":\"flood\"}]}"))
        .hasMessageContaining("kind must be one of")
        .hasMessageContaining("flood");
    assertThatThrownBy(
            () -> AwsFaultProxy.Config.parse("{\"rules\":[{\"kind\":\"throttle\",\"rate\":2}]}"))
        .hasMessageContaining("rate must be between 0 and 1");
    assertThatThrownBy(() -> AwsFaultProxy.Config.parse("{\"rules\":[{\"kind\":\"pending\"}]}"))
        .hasMessageContaining("pending needs a window_ms");
    assertThatThrownBy(
            () ->
                AwsFaultProxy.Config.parse(
                    "{\"rules\":[{\"kind\":\"throttle\",\"rate\":0.1,\"action\":\"(\"}]}"))
        .hasMessageContaining("bad action pattern");
  }
}
