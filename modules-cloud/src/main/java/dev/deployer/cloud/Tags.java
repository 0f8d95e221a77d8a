package dev.deployer.cloud;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Tag maps converted to each service's own tag type, and compared without the AWS-owned ones. */
public final class Tags {
  /** What a tag update sets (new or changed values) and unsets (keys no longer wanted). */
  public record Changes(java.util.Map<String, String> set, java.util.List<String> unset) {
    public boolean isEmpty() {
      return set.isEmpty() && unset.isEmpty();
    }
  }

  /** The tag changes from {@code prior} to {@code desired}. */
  public static Changes changes(
      java.util.Map<String, String> prior, java.util.Map<String, String> desired) {
    java.util.Map<String, String> set = new java.util.TreeMap<>();
    desired.forEach(
        (k, v) -> {
          if (!java.util.Objects.equals(prior.get(k), v)) {
            set.put(k, v);
          }
        });
    java.util.List<String> unset =
        prior.keySet().stream().filter(k -> !desired.containsKey(k)).sorted().toList();
    return new Changes(set, unset);
  }

  private Tags() {}

  public static List<software.amazon.awssdk.services.ec2.model.Tag> ec2(Map<String, String> tags) {
    return new TreeMap<>(tags)
        .entrySet().stream()
            .map(
                e ->
                    software.amazon.awssdk.services.ec2.model.Tag.builder()
                        .key(e.getKey())
                        .value(e.getValue())
                        .build())
            .toList();
  }

  public static List<software.amazon.awssdk.services.iam.model.Tag> iam(Map<String, String> tags) {
    return new TreeMap<>(tags)
        .entrySet().stream()
            .map(
                e ->
                    software.amazon.awssdk.services.iam.model.Tag.builder()
                        .key(e.getKey())
                        .value(e.getValue())
                        .build())
            .toList();
  }

  public static List<software.amazon.awssdk.services.s3.model.Tag> s3(Map<String, String> tags) {
    return new TreeMap<>(tags)
        .entrySet().stream()
            .map(
                e ->
                    software.amazon.awssdk.services.s3.model.Tag.builder()
                        .key(e.getKey())
                        .value(e.getValue())
                        .build())
            .toList();
  }

  public static Map<String, String> fromEc2(
      List<software.amazon.awssdk.services.ec2.model.Tag> tags) {
    Map<String, String> m = new TreeMap<>();
    tags.stream().filter(t -> !t.key().startsWith("aws:")).forEach(t -> m.put(t.key(), t.value()));
    return m;
  }

  public static Map<String, String> fromIam(
      List<software.amazon.awssdk.services.iam.model.Tag> tags) {
    Map<String, String> m = new TreeMap<>();
    tags.stream().filter(t -> !t.key().startsWith("aws:")).forEach(t -> m.put(t.key(), t.value()));
    return m;
  }

  public static Map<String, String> fromS3(
      List<software.amazon.awssdk.services.s3.model.Tag> tags) {
    Map<String, String> m = new TreeMap<>();
    tags.stream().filter(t -> !t.key().startsWith("aws:")).forEach(t -> m.put(t.key(), t.value()));
    return m;
  }
}
