package dev.deployer.awsfaults;

import dev.deployer.sandbox.FormEncoding;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One AWS API call as the proxy sees it: the service (from the SigV4 credential scope), the
 * operation name and its parameters. EC2, IAM and STS speak the query protocol (form-encoded {@code
 * Action=...}); S3 speaks REST, so its operation is derived from method, path and sub-resource.
 */
record AwsCall(
    String service,
    String action,
    Map<String, String> params,
    String bucket,
    String key,
    String method,
    String body) {

  private static final Pattern SCOPE =
      Pattern.compile("Credential=[^/]+/\\d{8}/[^/]+/([a-z0-9-]+)/aws4_request");

  // S3 sub-resources this project calls; others map to a generic name.
  private static final List<String> S3_SUBRESOURCES =
      List.of(
          "policy",
          "publicAccessBlock",
          "versioning",
          "encryption",
          "tagging",
          "ownershipControls",
          "acl",
          "lifecycle",
          "location",
          "versions",
          "delete",
          "cors",
          "logging",
          "notification",
          "object-lock",
          "uploads");

  static AwsCall parse(
      String method, String rawPath, String rawQuery, String authorization, byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    Map<String, String> query = FormEncoding.decode(rawQuery);
    String service = null;
    if (authorization != null) {
      Matcher m = SCOPE.matcher(authorization);
      if (m.find()) {
        service = m.group(1);
      }
    }
    Map<String, String> params = new LinkedHashMap<>(query);
    boolean queryProtocol =
        "POST".equals(method) && text.startsWith("Action=") || query.containsKey("Action");
    if ("POST".equals(method) && text.contains("Action=") && !text.startsWith("<")) {
      params.putAll(FormEncoding.decode(text));
      queryProtocol = params.containsKey("Action");
    }
    if (service == null) {
      service = queryProtocol ? serviceByVersion(params.get("Version")) : "s3";
    }
    if (queryProtocol && !"s3".equals(service)) {
      return new AwsCall(service, params.get("Action"), params, null, null, method, text);
    }
    if (!"s3".equals(service)) {
      // A JSON protocol (Service Quotas): the operation is in X-Amz-Target, which the proxy adds.
      return new AwsCall(service, null, query, null, null, method, text);
    }
    String path = rawPath == null ? "/" : rawPath;
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    int slash = trimmed.indexOf('/');
    String bucket = slash < 0 ? trimmed : trimmed.substring(0, slash);
    String key = slash < 0 ? "" : trimmed.substring(slash + 1);
    bucket = URLDecoder.decode(bucket, StandardCharsets.UTF_8);
    return new AwsCall(
        "s3", s3Action(method, bucket, key, query), query, bucket, key, method, text);
  }

  private static String serviceByVersion(String version) {
    if (version == null) {
      return "unknown";
    }
    return switch (version) {
      case "2016-11-15" -> "ec2";
      case "2010-05-08" -> "iam";
      case "2011-06-15" -> "sts";
      default -> "unknown";
    };
  }

  private static String s3Action(
      String method, String bucket, String key, Map<String, String> query) {
    String verb =
        switch (method) {
          case "PUT" -> "Put";
          case "GET" -> "Get";
          case "DELETE" -> "Delete";
          case "HEAD" -> "Head";
          case "POST" -> "Post";
          default -> method;
        };
    if (bucket.isEmpty()) {
      return "ListBuckets";
    }
    if (query.containsKey("delete") && "POST".equals(method)) {
      return "DeleteObjects";
    }
    if (query.containsKey("versions") && "GET".equals(method)) {
      return "ListObjectVersions";
    }
    for (String sub : S3_SUBRESOURCES) {
      if (query.containsKey(sub)) {
        String name = Character.toUpperCase(sub.charAt(0)) + sub.substring(1).replace("-", "");
        return verb + (key.isEmpty() ? "Bucket" : "Object") + name;
      }
    }
    if (!key.isEmpty()) {
      return verb + "Object";
    }
    return switch (method) {
      case "PUT" -> "CreateBucket";
      case "GET" -> "ListObjects";
      default -> verb + "Bucket";
    };
  }

  AwsCall withAction(String operation) {
    return new AwsCall(service, operation, params, null, null, method, body);
  }

  String param(String name) {
    return params.get(name);
  }

  /** Values of {@code Name.1}, {@code Name.2}, ... (the query protocol's lists). */
  List<String> list(String name) {
    String prefix = name + ".";
    return params.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix) && e.getKey().indexOf('.', prefix.length()) < 0)
        .map(Map.Entry::getValue)
        .toList();
  }

  boolean is(String svc, String act) {
    return svc.equals(service) && act.equals(action);
  }

  String describe() {
    return service.toLowerCase(Locale.ROOT) + ":" + action;
  }
}
