package dev.deployer.cloud;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import software.amazon.awssdk.core.SdkPojo;

/** Tag maps converted to each service's own tag type, and compared without the AWS-owned ones. */
public final class Tags {
  /**
   * Brings an object's tags from {@code prior} to {@code desired}: {@code set} gets the new or
   * changed ones, {@code unset} the keys no longer wanted (sorted), each called only when it has
   * something to send. IAM, KMS and EC2 each tag and untag in two calls of their own.
   */
  public static void sync(
      Map<String, String> prior,
      Map<String, String> desired,
      java.util.function.Consumer<Map<String, String>> set,
      java.util.function.Consumer<List<String>> unset) {
    Map<String, String> changed = new TreeMap<>();
    desired.forEach(
        (k, v) -> {
          if (!java.util.Objects.equals(prior.get(k), v)) {
            changed.put(k, v);
          }
        });
    List<String> gone =
        prior.keySet().stream().filter(k -> !desired.containsKey(k)).sorted().toList();
    if (!changed.isEmpty()) {
      set.accept(changed);
    }
    if (!gone.isEmpty()) {
      unset.accept(gone);
    }
  }

  private Tags() {}

  /** Tags sorted by key, each made by {@code tag} from its key and value. */
  private static <T> List<T> toSdk(Map<String, String> tags, BiFunction<String, String, T> tag) {
    return new TreeMap<>(tags)
        .entrySet().stream().map(e -> tag.apply(e.getKey(), e.getValue())).toList();
  }

  public static List<software.amazon.awssdk.services.ec2.model.Tag> ec2(Map<String, String> tags) {
    return toSdk(
        tags,
        (k, v) -> software.amazon.awssdk.services.ec2.model.Tag.builder().key(k).value(v).build());
  }

  public static List<software.amazon.awssdk.services.iam.model.Tag> iam(Map<String, String> tags) {
    return toSdk(
        tags,
        (k, v) -> software.amazon.awssdk.services.iam.model.Tag.builder().key(k).value(v).build());
  }

  public static List<software.amazon.awssdk.services.s3.model.Tag> s3(Map<String, String> tags) {
    return toSdk(
        tags,
        (k, v) -> software.amazon.awssdk.services.s3.model.Tag.builder().key(k).value(v).build());
  }

  /**
   * The tags of any service's SDK tag list (EC2, IAM, S3: each its own type, all with the members
   * Key and Value) as a map, without the AWS-owned ones ({@code aws:*}).
   */
  public static Map<String, String> from(List<? extends SdkPojo> tags) {
    Map<String, String> m = new TreeMap<>();
    for (SdkPojo t : tags) {
      String key = member(t, "Key");
      if (!key.startsWith("aws:")) {
        m.put(key, member(t, "Value"));
      }
    }
    return m;
  }

  private static String member(SdkPojo tag, String name) {
    return tag.sdkFields().stream()
        .filter(f -> f.memberName().equals(name))
        .findFirst()
        .map(f -> (String) f.getValueOrDefault(tag))
        .orElseThrow(() -> new IllegalArgumentException(tag + " has no member " + name));
  }
}
