package dev.deployer.awsfaults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.awsfaults.AwsErrorReplies.Reply;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the caller may do, which moto does not model: moto lets every signed request through and has
 * no {@code iam:SimulatePrincipalPolicy}. Here the caller may do everything (as moto lets it)
 * except the IAM actions the admin API denies; a denied action is refused when called, in the
 * service's own words, and {@code SimulatePrincipalPolicy} reports it {@code implicitDeny}, so a
 * preflight check and the real call agree. Every call is also counted, for tests that prove a
 * command only reads.
 */
final class Permissions {
  private final Set<String> denied = ConcurrentHashMap.newKeySet();
  private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

  /**
   * The IAM action names of the S3 REST operations that are not the operation's own name (the
   * Service Authorization Reference's S3 table).
   */
  private static final Map<String, String> S3_IAM_ACTIONS =
      Map.ofEntries(
          Map.entry("HeadBucket", "ListBucket"),
          Map.entry("ListObjects", "ListBucket"),
          Map.entry("ListObjectVersions", "ListBucketVersions"),
          Map.entry("DeleteObjects", "DeleteObject"),
          Map.entry("PutBucketEncryption", "PutEncryptionConfiguration"),
          Map.entry("GetBucketEncryption", "GetEncryptionConfiguration"),
          Map.entry("DeleteBucketEncryption", "PutEncryptionConfiguration"),
          Map.entry("DeleteBucketTagging", "PutBucketTagging"),
          Map.entry("DeleteBucketOwnershipControls", "PutBucketOwnershipControls"),
          Map.entry("DeleteBucketPublicAccessBlock", "PutBucketPublicAccessBlock"),
          Map.entry("GetBucketLocation", "GetBucketLocation"));

  /** {@code ec2:CreateVpc} for a call, as IAM policies name it. */
  static String iamAction(AwsCall call) {
    if (call.action() == null) {
      return null;
    }
    String action = call.action();
    if ("s3".equals(call.service())) {
      action = S3_IAM_ACTIONS.getOrDefault(action, action);
    }
    return call.service() + ":" + action;
  }

  void count(AwsCall call) {
    calls.computeIfAbsent(call.describe(), k -> new LongAdder()).increment();
  }

  /** The answer for a simulation or a denied action; empty to let the call through. */
  Optional<Reply> before(AwsCall call) {
    if (call.is("iam", "SimulatePrincipalPolicy")) {
      return Optional.of(simulate(call));
    }
    String action = iamAction(call);
    if (action != null
        && !denied.contains(action.toLowerCase(Locale.ROOT))
        && call.is("s3", "CreateBucket")
        && !BucketTagsOnCreate.tags(call.body()).isEmpty()) {
      // A create with tags needs s3:TagResource too (SDK CreateBucketConfiguration.tags).
      action = "s3:TagResource";
    }
    if (action == null || !denied.contains(action.toLowerCase(Locale.ROOT))) {
      return Optional.empty();
    }
    return Optional.of(
        switch (call.service()) {
          case "ec2" ->
              AwsErrorReplies.error(
                  call,
                  403,
                  "UnauthorizedOperation",
                  "You are not authorized to perform this operation. User: "
                      + "arn:aws:iam::123456789012:user/moto is not authorized to perform: "
                      + action);
          case "s3" -> AwsErrorReplies.error(call, 403, "AccessDenied", "Access Denied");
          default ->
              AwsErrorReplies.error(
                  call,
                  403,
                  "AccessDenied",
                  "User: arn:aws:iam::123456789012:user/moto is not authorized to perform: "
                      + action
                      + " because no identity-based policy allows the "
                      + action
                      + " action");
        });
  }

  /**
   * The query protocol's {@code SimulatePrincipalPolicyResponse}: one {@code EvaluationResults}
   * member per action asked about, {@code allowed} unless denied here.
   */
  private Reply simulate(AwsCall call) {
    String source = call.param("PolicySourceArn");
    if (source == null || source.isBlank()) {
      return AwsErrorReplies.error(
          call,
          400,
          "ValidationError",
          "1 validation error detected: Value null at 'policySourceArn' failed to satisfy"
              + " constraint: Member must not be null");
    }
    List<String> actions = call.list("ActionNames.member");
    List<String> resources = call.list("ResourceArns.member");
    StringBuilder xml =
        new StringBuilder(
            "<SimulatePrincipalPolicyResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
                + "<SimulatePrincipalPolicyResult><IsTruncated>false</IsTruncated>"
                + "<EvaluationResults>");
    for (String a : actions) {
      boolean deny = denied.contains(a.toLowerCase(Locale.ROOT));
      xml.append("<member><EvalActionName>")
          .append(esc(a))
          .append("</EvalActionName><EvalResourceName>")
          .append(esc(resources.isEmpty() ? "*" : resources.get(0)))
          .append("</EvalResourceName><EvalDecision>")
          .append(deny ? "implicitDeny" : "allowed")
          .append("</EvalDecision><MatchedStatements/><MissingContextValues/></member>");
    }
    xml.append("</EvaluationResults></SimulatePrincipalPolicyResult><ResponseMetadata><RequestId>")
        .append(UUID.randomUUID())
        .append("</RequestId></ResponseMetadata></SimulatePrincipalPolicyResponse>");
    return new Reply(
        200, Map.of("Content-Type", "text/xml"), xml.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** Body {@code {"denied_actions": ["ec2:CreateNatGateway", ...]}}: replaces the set. */
  void set(JsonNode body) {
    JsonNode list = body.path("denied_actions");
    if (!list.isArray()) {
      throw new IllegalArgumentException("denied_actions must be a list of IAM action names");
    }
    Set<String> next = new java.util.HashSet<>();
    for (JsonNode a : list) {
      String name = a.asText();
      if (!name.matches("[a-z0-9-]+:[A-Za-z0-9]+")) {
        throw new IllegalArgumentException("not an IAM action name: '" + name + "'");
      }
      next.add(name.toLowerCase(Locale.ROOT));
    }
    denied.clear();
    denied.addAll(next);
  }

  ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    var arr = o.putArray("denied_actions");
    new java.util.TreeSet<>(denied).forEach(arr::add);
    return o;
  }

  ObjectNode callsJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    ObjectNode counts = o.putObject("calls");
    new TreeMap<>(calls).forEach((k, v) -> counts.put(k, v.sum()));
    return o;
  }

  void forgetCalls() {
    calls.clear();
  }
}
