package dev.deployer.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpAccessRulesTest {
  private static ObjectNode list(String type, boolean enabled, String... ips) {
    ObjectNode l = Json.obj().put("list_type", type).put("enabled", enabled);
    var arr = l.putArray("ip_addresses");
    for (String ip : ips) {
      arr.add(ip);
    }
    return l;
  }

  @Test
  void blocks_withoutLists_nobody() {
    assertThat(IpAccessListsApi.blocks(List.of(), "198.51.100.1")).isFalse();
  }

  @Test
  void blocks_anAddressNoEnabledAllowListCovers() {
    List<ObjectNode> lists = List.of(list("ALLOW", true, "203.0.113.0/24"));
    assertThat(IpAccessListsApi.blocks(lists, "203.0.113.77")).isFalse();
    assertThat(IpAccessListsApi.blocks(lists, "203.0.114.1")).isTrue();
  }

  @Test
  void blocks_aBlockListWinsOverAnAllowList_disabledListsCountForNothing() {
    List<ObjectNode> lists =
        List.of(list("ALLOW", true, "10.0.0.0/8"), list("BLOCK", true, "10.1.2.3"));
    assertThat(IpAccessListsApi.blocks(lists, "10.1.2.3")).isTrue();
    assertThat(IpAccessListsApi.blocks(lists, "10.1.2.4")).isFalse();
    assertThat(IpAccessListsApi.blocks(List.of(list("ALLOW", false, "10.0.0.0/8")), "192.0.2.1"))
        .isFalse();
  }

  @Test
  void covers_treatsAPlainAddressAsSlash32_andMasksHostBits() {
    assertThat(IpAccessListsApi.covers("10.0.0.5", "10.0.0.5")).isTrue();
    assertThat(IpAccessListsApi.covers("10.0.0.5", "10.0.0.6")).isFalse();
    assertThat(IpAccessListsApi.covers("10.0.0.5/24", "10.0.0.200")).isTrue();
    assertThat(IpAccessListsApi.covers("0.0.0.0/0", "192.0.2.1")).isTrue();
    assertThat(IpAccessListsApi.parse("10.0.0.0/33")).isNull();
  }
}
