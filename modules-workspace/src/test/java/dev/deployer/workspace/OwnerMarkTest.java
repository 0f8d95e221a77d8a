package dev.deployer.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.core.spi.HandlerContext;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OwnerMarkTest {
  static HandlerContext ctx(String stack, String address) {
    return new HandlerContext(stack, address, null, null, Clock.systemUTC(), m -> {});
  }

  @Test
  void aMarkedTextReadsBackAsConfigured_andSaysWhoseItIs() {
    HandlerContext prod = ctx("prod", "workspace.cluster_policy");
    assertThat(OwnerMark.marked("office", prod)).isEqualTo("office [deployer:prod]");
    assertThat(OwnerMark.unmarked("office [deployer:prod]")).isEqualTo("office");
    assertThat(OwnerMark.marks("office [deployer:prod]", prod)).isTrue();
    assertThat(OwnerMark.marks("office [deployer:dev]", prod)).isFalse();
    assertThat(OwnerMark.unmarked("office [deployer:dev]")).isEqualTo("office");
  }

  @Test
  void anEmptyOrMissingText_isTheMarkAlone_andReadsBackEmpty() {
    HandlerContext prod = ctx("prod", "x");
    assertThat(OwnerMark.marked(null, prod)).isEqualTo("[deployer:prod]");
    assertThat(OwnerMark.marked("", prod)).isEqualTo("[deployer:prod]");
    assertThat(OwnerMark.unmarked("[deployer:prod]")).isEmpty();
    assertThat(OwnerMark.marks("[deployer:prod]", prod)).isTrue();
  }

  @Test
  void textWithoutAMark_isNobodysAndReadsBackAsItIs() {
    HandlerContext prod = ctx("prod", "x");
    for (String s :
        new String[] {"office", "office [deployer:]", "a [b] c", "[deployer:x[y]", ""}) {
      assertThat(OwnerMark.marks(s, prod)).as(s).isFalse();
      assertThat(OwnerMark.unmarked(s)).as(s).isEqualTo(s);
    }
    assertThat(OwnerMark.marks(null, prod)).isFalse();
    assertThat(OwnerMark.unmarked(null)).isNull();
  }

  @Test
  void tagsCarryStackAndAddress_andReadBackAsConfigured() {
    HandlerContext at = ctx("dev", "workspace_compute.shared_cluster");
    Map<String, String> sent = OwnerMark.withTags(Map.of("Team", "data"), at);
    assertThat(sent)
        .containsEntry("Team", "data")
        .containsEntry("deployer_stack", "dev")
        .containsEntry("deployer_address", "workspace_compute.shared_cluster");
    assertThat(OwnerMark.tagged(sent, at)).isTrue();
    assertThat(OwnerMark.tagged(sent, ctx("dev", "other.cluster"))).isFalse();
    assertThat(OwnerMark.tagged(sent, ctx("qa", "workspace_compute.shared_cluster"))).isFalse();
    assertThat(OwnerMark.tagged(Map.of("Team", "data"), at)).isFalse();
    assertThat(OwnerMark.tagged(null, at)).isFalse();
    assertThat(OwnerMark.withoutTags(sent)).containsExactly(Map.entry("Team", "data"));
  }
}
