package dev.deployer.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one tag update rule IAM roles, KMS keys and EC2 objects share. */
class TagsTest {
  private final List<String> calls = new ArrayList<>();

  private void sync(Map<String, String> prior, Map<String, String> desired) {
    Tags.sync(prior, desired, set -> calls.add("set " + set), unset -> calls.add("unset " + unset));
  }

  @Test
  void sync_setsWhatIsNewOrChanged_thenUnsetsWhatWent_keysSorted() {
    sync(
        Map.of("Owner", "a", "Team", "x", "Zeta", "1", "Alpha", "2"),
        Map.of("Owner", "b", "Team", "x", "New", "n"));

    assertThat(calls).containsExactly("set {New=n, Owner=b}", "unset [Alpha, Zeta]");
  }

  @Test
  void sync_callsNothingWhenTheTagsAreTheSame_andOnlyWhatIsNeeded() {
    sync(Map.of("Owner", "a"), Map.of("Owner", "a"));
    assertThat(calls).isEmpty();

    sync(Map.of("Owner", "a"), Map.of());
    sync(Map.of(), Map.of("Owner", "a"));
    assertThat(calls).containsExactly("unset [Owner]", "set {Owner=a}");
  }
}
