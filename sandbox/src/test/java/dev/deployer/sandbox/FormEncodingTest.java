package dev.deployer.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormEncodingTest {
  @Test
  void decodesPairsInOrder_aBareNameAsEmpty_andSkipsEmptyPairs() {
    assertThat(FormEncoding.decode("filter=userName%20eq%20%22a%22&count=5&&flag&a+b=c%2Bd"))
        .containsExactly(
            java.util.Map.entry("filter", "userName eq \"a\""),
            java.util.Map.entry("count", "5"),
            java.util.Map.entry("flag", ""),
            java.util.Map.entry("a b", "c+d"));
  }

  @Test
  void ofANameGivenTwiceTheFirstValueCounts() {
    assertThat(FormEncoding.decode("Action=A&Action=B"))
        .containsExactly(java.util.Map.entry("Action", "A"));
  }

  @Test
  void nothingDecodesToNothing() {
    assertThat(FormEncoding.decode(null)).isEmpty();
    assertThat(FormEncoding.decode("")).isEmpty();
  }
}
