package dev.deployer.awsfaults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BucketTagsOnCreateTest {
  private static String create(String... keysAndValues) {
    StringBuilder b =
        new StringBuilder(
            "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Tags>");
    for (int i = 0; i < keysAndValues.length; i += 2) {
      b.append("<Tag><Key>")
          .append(keysAndValues[i])
          .append("</Key><Value>")
          .append(keysAndValues[i + 1])
          .append("</Value></Tag>");
    }
    return b.append("</Tags></CreateBucketConfiguration>").toString();
  }

  @Test
  void theTagsOfABody_inOrder_withARepeatedKeyKept() {
    assertThat(BucketTagsOnCreate.tags(create("b", "1", "a", "2", "b", "3")))
        .containsExactly(Map.entry("b", "1"), Map.entry("a", "2"), Map.entry("b", "3"));
    assertThat(BucketTagsOnCreate.tags(null)).isEmpty();
    assertThat(BucketTagsOnCreate.tags("<CreateBucketConfiguration/>")).isEmpty();
    // A malformed body is the emulator's to answer.
    assertThat(BucketTagsOnCreate.tags("<Tags><Tag>")).isEmpty();
  }

  @Test
  void aDoctypeIsNotRead() {
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE t [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + create("k", "&x;");
    assertThat(BucketTagsOnCreate.tags(xxe)).isEmpty();
  }

  @Test
  void whatS3RefusesBeforeCreating_inItsCreateBucketWords() {
    assertThat(BucketTagsOnCreate.refusal(List.of(Map.entry("deployer:stack", "dev")))).isEmpty();
    assertThat(BucketTagsOnCreate.refusal(List.of(Map.entry("Team", "Data Platform / ü"))))
        .isEmpty();
    assertThat(BucketTagsOnCreate.refusal(List.of(Map.entry("k", "1"), Map.entry("k", "2"))))
        .contains("Cannot provide multiple Tags with the same key");
    assertThat(BucketTagsOnCreate.refusal(List.of(Map.entry("aws:owner", "x"))).orElseThrow())
        .startsWith("User-defined tag keys can't start with \"aws:\"");
    assertThat(BucketTagsOnCreate.refusal(List.of(Map.entry("bad*key", "x"))))
        .contains("The TagKey you have provided is invalid");
    assertThat(BucketTagsOnCreate.refusal(List.of(Map.entry("", "x"))))
        .contains("The TagKey you have provided is invalid");
    assertThat(BucketTagsOnCreate.refusal(List.of(Map.entry("k".repeat(129), "x"))))
        .contains("The TagKey you have provided is invalid");
    assertThat(BucketTagsOnCreate.refusal(List.of(Map.entry("k", "v".repeat(257)))))
        .contains("The TagValue you have provided is invalid");
    assertThat(BucketTagsOnCreate.refusal(List.of(Map.entry("k", "a;b"))))
        .contains("The TagValue you have provided is invalid");
    assertThat(BucketTagsOnCreate.refusal(List.of(Map.entry("k", "")))).isEmpty();
  }

  @Test
  void theTaggingBody_escapesWhatXmlNeedsEscaped() {
    String body =
        new String(
            BucketTagsOnCreate.taggingBody(List.of(Map.entry("a<b", "x&y"))),
            StandardCharsets.UTF_8);
    assertThat(body).contains("<Key>a&lt;b</Key><Value>x&amp;y</Value>");
    assertThat(
            BucketTagsOnCreate.tags(
                body.replace("Tagging", "CreateBucketConfiguration").replace("TagSet", "Tags")))
        .containsExactly(Map.entry("a<b", "x&y"));
  }

  @Test
  void aListBucketsAnswerNamesTheBucketOrNot() {
    String list =
        "<ListAllMyBucketsResult><Buckets><Bucket><Name>acme-dev</Name></Bucket></Buckets>"
            + "</ListAllMyBucketsResult>";
    assertThat(BucketTagsOnCreate.lists(list, "acme-dev")).isTrue();
    assertThat(BucketTagsOnCreate.lists(list, "acme")).isFalse();
  }
}
