package dev.deployer.awsfaults;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.awsfaults.AwsErrorReplies.Reply;
import dev.deployer.awsfaults.FaultRule.Kind;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules in force and what they remember: which objects were created or deleted when. {@link
 * #before} may answer a call instead of the emulator; {@link #after} learns from the emulator's
 * answer and may rewrite it (pending states).
 */
final class Faults {
  /** An EC2 create whose new id the rest of EC2 may not see at once, and how EC2 says so. */
  private record Ec2Create(String idElement, String code, String noun) {}

  private static final Map<String, Ec2Create> EC2_CREATES =
      Map.of(
          "CreateVpc", new Ec2Create("vpcId", "InvalidVpcID.NotFound", "vpc ID"),
          "CreateSubnet", new Ec2Create("subnetId", "InvalidSubnetID.NotFound", "subnet ID"),
          "CreateSecurityGroup",
              new Ec2Create("groupId", "InvalidGroup.NotFound", "security group"),
          "CreateRouteTable",
              new Ec2Create("routeTableId", "InvalidRouteTableID.NotFound", "routeTable ID"),
          "CreateInternetGateway",
              new Ec2Create(
                  "internetGatewayId", "InvalidInternetGatewayID.NotFound", "internetGateway ID"));

  private record Seen(Ec2Create how, Instant at) {}

  private record Network(String vpcId, List<String> subnets, List<String> groups) {}

  private final Clock clock;
  private volatile List<FaultRule> rules = List.of();
  private Random random;
  private long seed;

  private final Map<String, Seen> newEc2Ids = new ConcurrentHashMap<>();
  private final Map<String, Instant> newRoleNames = new ConcurrentHashMap<>();
  private final Map<String, Instant> newRoleArns = new ConcurrentHashMap<>();
  private final Map<String, Instant> pendingSince = new ConcurrentHashMap<>();
  private final Map<String, Network> eniOwners = new ConcurrentHashMap<>();
  private final Map<String, Instant> busyUntil = new ConcurrentHashMap<>();
  private final Map<String, Integer> injected = new TreeMap<>();

  Faults(Clock clock, List<FaultRule> rules, long seed) {
    this.clock = clock;
    set(rules, seed);
  }

  synchronized void set(List<FaultRule> newRules, long newSeed) {
    rules = List.copyOf(newRules);
    seed = newSeed;
    random = new Random(newSeed);
  }

  /** Forgets what was created and deleted (the emulator was reset) and the counts. */
  synchronized void forget() {
    newEc2Ids.clear();
    newRoleNames.clear();
    newRoleArns.clear();
    pendingSince.clear();
    eniOwners.clear();
    busyUntil.clear();
    injected.clear();
  }

  synchronized ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("seed", seed);
    ArrayNode a = o.putArray("rules");
    rules.forEach(r -> a.add(r.toJson()));
    ObjectNode counts = o.putObject("injected");
    injected.forEach(counts::put);
    return o;
  }

  private synchronized double roll() {
    return random.nextDouble();
  }

  private Reply count(Reply r, String code) {
    synchronized (this) {
      injected.merge(code, 1, Integer::sum);
    }
    return r;
  }

  private Optional<FaultRule> rule(Kind kind, AwsCall call) {
    return rules.stream().filter(r -> r.kind() == kind && r.matches(call)).findFirst();
  }

  private boolean within(Instant since, FaultRule r) {
    return since != null && clock.instant().isBefore(since.plus(r.window()));
  }

  Optional<Reply> before(AwsCall call) {
    for (FaultRule r : rules) {
      if (!r.matches(call)) {
        continue;
      }
      if (r.kind() == Kind.THROTTLE && roll() < r.rate()) {
        Reply reply = AwsErrorReplies.throttle(call);
        return Optional.of(count(reply, code(call, reply)));
      }
      if (r.kind() == Kind.SERVER_ERROR && roll() < r.rate()) {
        Reply reply = AwsErrorReplies.serverError(call, roll() < 0.5);
        return Optional.of(count(reply, code(call, reply)));
      }
    }
    Optional<Reply> r = notYetVisible(call);
    if (r.isPresent()) {
      return r;
    }
    return dependencyViolation(call);
  }

  private static String code(AwsCall call, Reply reply) {
    return call.service() + ":" + reply.status();
  }

  private Optional<Reply> notYetVisible(AwsCall call) {
    Optional<FaultRule> rule = rule(Kind.NOT_YET_VISIBLE, call);
    if (rule.isEmpty()) {
      return Optional.empty();
    }
    FaultRule r = rule.get();
    switch (call.service()) {
      case "ec2" -> {
        for (Map.Entry<String, String> p : call.params().entrySet()) {
          // Filters are searches: EC2 answers an empty list for an id it does not see yet.
          if (p.getKey().startsWith("Filter.")) {
            continue;
          }
          Seen seen = newEc2Ids.get(p.getValue());
          if (seen != null && within(seen.at(), r)) {
            String msg = "The " + seen.how().noun() + " '" + p.getValue() + "' does not exist";
            return Optional.of(
                inject(
                    AwsErrorReplies.error(call, 400, seen.how().code(), msg), seen.how().code()));
          }
        }
      }
      case "iam" -> {
        String role = call.param("RoleName");
        if (role != null
            && !"CreateRole".equals(call.action())
            && within(newRoleNames.get(role), r)) {
          return Optional.of(
              inject(
                  AwsErrorReplies.error(
                      call,
                      404,
                      "NoSuchEntity",
                      "The role with name " + role + " cannot be found."),
                  "NoSuchEntity"));
        }
        for (String doc :
            new String[] {call.param("AssumeRolePolicyDocument"), call.param("PolicyDocument")}) {
          Optional<String> arn = newRoleIn(doc, r);
          if (arn.isPresent()) {
            return Optional.of(
                inject(
                    AwsErrorReplies.error(
                        call,
                        400,
                        "MalformedPolicyDocument",
                        "Invalid principal in policy: \"AWS\":\"" + arn.get() + "\""),
                    "MalformedPolicyDocument"));
          }
        }
      }
      case "s3" -> {
        if ("PutBucketPolicy".equals(call.action()) && newRoleIn(call.body(), r).isPresent()) {
          return Optional.of(
              inject(
                  AwsErrorReplies.error(
                      call, 400, "MalformedPolicy", "Invalid principal in policy"),
                  "MalformedPolicy"));
        }
      }
      default -> {}
    }
    return Optional.empty();
  }

  private Optional<String> newRoleIn(String doc, FaultRule r) {
    if (doc == null || doc.isEmpty()) {
      return Optional.empty();
    }
    return newRoleArns.entrySet().stream()
        .filter(e -> doc.contains(e.getKey()) && within(e.getValue(), r))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  private Reply inject(Reply reply, String code) {
    return count(reply, code);
  }

  private Optional<Reply> dependencyViolation(AwsCall call) {
    if (!"ec2".equals(call.service())) {
      return Optional.empty();
    }
    Optional<FaultRule> rule = rule(Kind.DEPENDENCY_VIOLATION, call);
    if (rule.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    String msg =
        switch (call.action()) {
          case "DeleteSubnet" ->
              busy(call.param("SubnetId"), now)
                  ? "The subnet '"
                      + call.param("SubnetId")
                      + "' has dependencies and cannot be deleted."
                  : null;
          case "DeleteSecurityGroup" ->
              busy(call.param("GroupId"), now)
                  ? "resource " + call.param("GroupId") + " has a dependent object"
                  : null;
          case "DetachInternetGateway" ->
              busy(call.param("VpcId"), now)
                  ? "Network "
                      + call.param("VpcId")
                      + " has some mapped public address(es). Please unmap those public address(es)"
                      + " before detaching the gateway."
                  : null;
          default -> null;
        };
    if (msg == null) {
      return Optional.empty();
    }
    return Optional.of(
        inject(
            AwsErrorReplies.error(call, 400, "DependencyViolation", msg), "DependencyViolation"));
  }

  private boolean busy(String id, Instant now) {
    Instant until = id == null ? null : busyUntil.get(id);
    return until != null && now.isBefore(until);
  }

  /** Learns from a successful answer; returns the body the client should see. */
  String after(AwsCall call, int status, String body) {
    if (status / 100 != 2) {
      return body;
    }
    Instant now = clock.instant();
    switch (call.service()) {
      case "ec2" -> {
        Ec2Create create = EC2_CREATES.get(call.action());
        if (create != null) {
          first(body, create.idElement()).ifPresent(id -> newEc2Ids.put(id, new Seen(create, now)));
        }
        return ec2After(call, body, now);
      }
      case "iam" -> {
        if ("CreateRole".equals(call.action()) && call.param("RoleName") != null) {
          newRoleNames.put(call.param("RoleName"), now);
          first(body, "Arn").ifPresent(arn -> newRoleArns.put(arn, now));
        }
        return body;
      }
      default -> {
        return body;
      }
    }
  }

  private String ec2After(AwsCall call, String body, Instant now) {
    switch (call.action()) {
      case "CreateNatGateway" -> {
        Optional<String> id = first(body, "natGatewayId");
        id.ifPresent(
            nat -> {
              pendingSince.put(nat, now);
              eniOwners.put(
                  nat,
                  new Network(
                      first(body, "vpcId").orElse(null),
                      List.of(call.param("SubnetId")),
                      List.of()));
            });
        return pending(call, body, "natGateway", "natGatewayId");
      }
      case "CreateVpcEndpoint" -> {
        if (!"Interface".equals(call.param("VpcEndpointType"))) {
          return body;
        }
        first(body, "vpcEndpointId")
            .ifPresent(
                ep -> {
                  pendingSince.put(ep, now);
                  eniOwners.put(
                      ep,
                      new Network(
                          call.param("VpcId"),
                          call.list("SubnetId"),
                          call.list("SecurityGroupId")));
                });
        return pending(call, body, "vpcEndpoint", "vpcEndpointId");
      }
      case "DescribeNatGateways" -> {
        return pending(call, body, "natGatewaySet", "natGatewayId");
      }
      case "DescribeVpcEndpoints" -> {
        return pending(call, body, "vpcEndpointSet", "vpcEndpointId");
      }
      case "DeleteNatGateway" -> {
        released(List.of(call.param("NatGatewayId")), call, now, true);
        return body;
      }
      case "DeleteVpcEndpoints" -> {
        released(call.list("VpcEndpointId"), call, now, false);
        return body;
      }
      default -> {
        return body;
      }
    }
  }

  private void released(List<String> owners, AwsCall call, Instant now, boolean publicAddress) {
    Optional<FaultRule> rule = rule(Kind.DEPENDENCY_VIOLATION, call);
    if (rule.isEmpty()) {
      return;
    }
    Instant until = now.plus(rule.get().window());
    for (String owner : owners) {
      Network n = eniOwners.remove(owner);
      if (n == null) {
        continue;
      }
      n.subnets().forEach(s -> busyUntil.put(s, until));
      n.groups().forEach(g -> busyUntil.put(g, until));
      if (publicAddress && n.vpcId() != null) {
        busyUntil.put(n.vpcId(), until);
      }
    }
  }

  private String pending(AwsCall call, String body, String container, String idElement) {
    Optional<FaultRule> rule = rule(Kind.PENDING, call);
    if (rule.isEmpty() || pendingSince.isEmpty()) {
      return body;
    }
    return XmlItems.rewrite(
        body,
        container,
        item -> {
          Optional<String> id = first(item, idElement);
          if (id.isPresent() && within(pendingSince.get(id.get()), rule.get())) {
            return XmlItems.replaceOwnState(item, Set.of("available", "Available"));
          }
          return item;
        });
  }

  private static Optional<String> first(String xml, String element) {
    Matcher m = Pattern.compile("<" + element + ">([^<]*)</" + element + ">").matcher(xml);
    return m.find() ? Optional.of(m.group(1).trim()) : Optional.empty();
  }

  List<FaultRule> rules() {
    return new ArrayList<>(rules);
  }
}
