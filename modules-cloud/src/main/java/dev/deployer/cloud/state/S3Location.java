package dev.deployer.cloud.state;

import java.util.Optional;

/**
 * Where a team's state lives on S3: {@code s3://bucket/prefix<stack>.json}, with the lock object
 * beside it. A KMS key, when given, encrypts every object deployer writes there.
 */
public record S3Location(String bucket, String prefix, String region, Optional<String> kmsKeyId) {

  public S3Location {
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("an S3 state location needs a bucket");
    }
    prefix = normalize(prefix);
    kmsKeyId = kmsKeyId == null ? Optional.empty() : kmsKeyId.filter(k -> !k.isBlank());
  }

  /** "a/b", "/a/b/" and "a/b/" are the same prefix; an empty one puts state at the bucket root. */
  private static String normalize(String p) {
    if (p == null) {
      return "";
    }
    String s = p.replaceAll("^/+", "").replaceAll("/+$", "");
    return s.isEmpty() ? "" : s + "/";
  }

  public String stateKey(String stack) {
    return prefix + stack + ".json";
  }

  public String lockKey(String stack) {
    return prefix + stack + ".json.lock";
  }

  public String uri(String key) {
    return "s3://" + bucket + "/" + key;
  }

  /** Parses {@code s3://bucket/prefix} (the {@code --state} flag). */
  public static S3Location parse(String uri, String region, Optional<String> kmsKeyId) {
    if (!uri.startsWith("s3://") || uri.length() <= "s3://".length()) {
      throw new IllegalArgumentException("'" + uri + "' is not of the form s3://BUCKET[/PREFIX]");
    }
    String rest = uri.substring("s3://".length());
    int slash = rest.indexOf('/');
    return slash < 0
        ? new S3Location(rest, "", region, kmsKeyId)
        : new S3Location(rest.substring(0, slash), rest.substring(slash + 1), region, kmsKeyId);
  }
}
