package dev.deployer.cloud;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Tag maps converted to each service's own tag type, and compared without the AWS-owned ones. */
public final class Tags {
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
