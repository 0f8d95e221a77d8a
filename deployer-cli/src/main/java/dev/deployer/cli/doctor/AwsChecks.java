package dev.deployer.cli.doctor;

import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.AwsErrors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.Region;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** The AWS side: who deploys, where, whether they may, whether it fits, whether names are free. */
final class AwsChecks {
  static final String AREA = "AWS";

  /** Service Quotas codes (service "vpc") and AWS's defaults, used when the quota is unreadable. */
  static final String VPCS_PER_REGION = "L-F678F1CE";

  static final String NAT_GATEWAYS_PER_AZ = "L-FE5A380F";
  static final int DEFAULT_VPCS = 5;
  static final int DEFAULT_NATS_PER_AZ = 5;
  static final int DEFAULT_EIPS = 5;

  private final AwsClients aws;
  private final List<Planned> stacks;
  private final String configFile;
  private final List<Check> out = new ArrayList<>();

  AwsChecks(AwsClients aws, List<Planned> stacks, String configFile) {
    this.aws = aws;
    this.stacks = stacks;
    this.configFile = configFile;
  }

  List<Check> run() {
    Optional<GetCallerIdentityResponse> who = credentials();
    if (who.isEmpty()) {
      return out;
    }
    region();
    permissions(who.get());
    quotas();
    buckets();
    roles();
    return out;
  }

  private List<Planned.Created> creates(String type) {
    return stacks.stream().flatMap(p -> p.ofType(type).stream()).toList();
  }

  /**
   * SDK 2.57 names the provider with its user-agent metric codes ("e" for credentials given in
   * code, "g" for environment variables, comma-separated along a chain), not words; the enum that
   * defines them is the one readable source, and an unknown code is shown as it is.
   */
  static String providerLabel(String codes) {
    return java.util.Arrays.stream(codes.split(","))
        .map(String::trim)
        .map(
            code ->
                java.util.Arrays.stream(
                        software.amazon.awssdk.core.useragent.BusinessMetricFeatureId.values())
                    .filter(f -> f.value().equals(code) && f.name().startsWith("CREDENTIALS_"))
                    .findFirst()
                    .map(
                        f ->
                            f.name()
                                .substring("CREDENTIALS_".length())
                                .toLowerCase(java.util.Locale.ROOT)
                                .replace('_', ' '))
                    .orElse(code))
        .collect(java.util.stream.Collectors.joining(", "));
  }

  private Optional<GetCallerIdentityResponse> credentials() {
    String provider;
    try {
      var creds = aws.credentialsProvider().resolveCredentials();
      provider =
          creds
              .providerName()
              .map(AwsChecks::providerLabel)
              .orElse(aws.credentialsProvider().getClass().getSimpleName());
    } catch (SdkClientException e) {
      out.add(
          Check.fail(
              AREA,
              "credentials",
              "no AWS credentials resolve: " + e.getMessage(),
              "set AWS_PROFILE (or aws.profile in "
                  + configFile
                  + "), run 'aws sso login' for an SSO profile, or export AWS_ACCESS_KEY_ID and"
                  + " AWS_SECRET_ACCESS_KEY"));
      return Optional.empty();
    }
    try {
      GetCallerIdentityResponse id = aws.sts().getCallerIdentity();
      out.add(
          Check.pass(
              AREA, "credentials", id.arn() + " (account " + id.account() + "), from " + provider));
      return Optional.of(id);
    } catch (SdkException e) {
      out.add(
          Check.fail(
              AREA,
              "credentials",
              "STS refused the credentials from " + provider + ": " + AwsErrors.describe(e),
              "renew them (expired session or SSO login) or fix the profile"));
      return Optional.empty();
    }
  }

  private void region() {
    String region = aws.region();
    try {
      List<Region> regions = aws.ec2().describeRegions(r -> r.allRegions(true)).regions();
      Optional<Region> hit = regions.stream().filter(r -> r.regionName().equals(region)).findAny();
      if (hit.isEmpty()) {
        out.add(
            Check.fail(
                AREA,
                "region",
                region + " is not an EC2 region",
                "fix aws.region in " + configFile));
      } else if ("not-opted-in".equals(hit.get().optInStatus())) {
        out.add(
            Check.fail(
                AREA,
                "region",
                region + " is not enabled for this account (opt-in region)",
                "enable it in the AWS console (Account, AWS Regions) or choose another region"));
      } else {
        out.add(Check.pass(AREA, "region", region + " is enabled"));
      }
    } catch (SdkException e) {
      cannot("region", "list regions", e, "allow ec2:DescribeRegions, or check aws.region by hand");
    }
  }

  /**
   * The SDK names the provider that answered by its user-agent metric codes ({@code
   * BusinessMetricFeatureId}, e.g. "g" for environment variables, comma-separated along a chain).
   */
  static String providerWords(String codes) {
    List<String> words = new ArrayList<>();
    for (String code : codes.split(",")) {
      String name = code.trim();
      for (var id : software.amazon.awssdk.core.useragent.BusinessMetricFeatureId.values()) {
        if (id.value().equals(code.trim())) {
          name =
              switch (id) {
                case CREDENTIALS_CODE -> "static keys given in code (the sandbox's)";
                case CREDENTIALS_JVM_SYSTEM_PROPERTIES -> "Java system properties";
                case CREDENTIALS_ENV_VARS -> "environment variables (AWS_ACCESS_KEY_ID)";
                case CREDENTIALS_PROFILE -> "a profile of ~/.aws";
                case CREDENTIALS_PROFILE_SSO, CREDENTIALS_SSO -> "IAM Identity Center (SSO)";
                case CREDENTIALS_STS_ASSUME_ROLE -> "an assumed role";
                case CREDENTIALS_STS_ASSUME_ROLE_WEB_ID, CREDENTIALS_ENV_VARS_STS_WEB_ID_TOKEN ->
                    "web identity (AWS_WEB_IDENTITY_TOKEN_FILE)";
                case CREDENTIALS_PROCESS, CREDENTIALS_PROFILE_PROCESS -> "a credential_process";
                case CREDENTIALS_HTTP -> "container credentials";
                case CREDENTIALS_IMDS -> "the EC2 instance profile (IMDS)";
                case CREDENTIALS_LOGIN, CREDENTIALS_PROFILE_LOGIN -> "aws login";
                default -> id.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
              };
        }
      }
      words.add(name);
    }
    return "the SDK's provider chain: " + String.join(" via ", words);
  }

  /** The principal IAM evaluates for the caller: the role behind an assumed-role session. */
  private Optional<String> policySource(GetCallerIdentityResponse who) {
    String arn = who.arn();
    String[] parts = arn.split(":", 6);
    if (parts.length < 6) {
      return Optional.empty();
    }
    String resource = parts[5];
    if (resource.startsWith("assumed-role/")) {
      String roleName = resource.split("/")[1];
      try {
        return Optional.of(aws.iam().getRole(r -> r.roleName(roleName)).role().arn());
      } catch (SdkException e) {
        // Without iam:GetRole the path is unknown; roles without a path are the common case.
        return Optional.of("arn:" + parts[1] + ":iam::" + who.account() + ":role/" + roleName);
      }
    }
    if (resource.startsWith("user/") || resource.startsWith("role/")) {
      return Optional.of("arn:" + parts[1] + ":iam::" + who.account() + ":" + resource);
    }
    return Optional.empty();
  }

  private void permissions(GetCallerIdentityResponse who) {
    if (who.arn().endsWith(":root")) {
      out.add(
          Check.warn(
              AREA,
              "permissions",
              "the account's root user is allowed everything; nothing to simulate",
              "deploy as an IAM role or user, not as root"));
      return;
    }
    Optional<String> source = policySource(who);
    if (source.isEmpty()) {
      out.add(
          Check.warn(
              AREA,
              "permissions",
              "cannot simulate the policies of " + who.arn(),
              "check by hand that it may call: " + String.join(", ", IamActions.all())));
      return;
    }
    List<String> actions = IamActions.all();
    List<String> denied = new ArrayList<>();
    try {
      for (var page :
          aws.iam()
              .simulatePrincipalPolicyPaginator(
                  r -> r.policySourceArn(source.get()).actionNames(actions))) {
        for (EvaluationResult e : page.evaluationResults()) {
          if (!"allowed".equalsIgnoreCase(e.evalDecisionAsString())) {
            denied.add(e.evalActionName() + " (" + e.evalDecisionAsString() + ")");
          }
        }
      }
    } catch (SdkException e) {
      cannot(
          "permissions",
          "simulate the policies of " + source.get(),
          e,
          "allow iam:SimulatePrincipalPolicy on it, or check the actions by hand");
      return;
    }
    if (denied.isEmpty()) {
      out.add(
          Check.pass(
              AREA,
              "permissions",
              source.get()
                  + " may call all "
                  + actions.size()
                  + " actions the handlers use (IAM policy simulation)"));
    } else {
      out.add(
          Check.fail(
              AREA,
              "permissions",
              source.get() + " may not call: " + String.join(", ", denied),
              "allow these actions in a policy attached to " + source.get()));
    }
  }

  private void quotas() {
    int vpcs = creates("aws_vpc").size();
    int eips = creates("aws_eip").size();
    Map<String, Integer> natsPerAz = new TreeMap<>();
    for (Planned.Created n : creates("aws_nat_gateway")) {
      natsPerAz.merge(n.key().orElse("?"), 1, Integer::sum);
    }
    if (vpcs + eips + natsPerAz.size() == 0) {
      out.add(Check.pass(AREA, "quotas", "the plan creates no VPC, Elastic IP or NAT gateway"));
      return;
    }
    try {
      if (vpcs > 0) {
        int used = 0;
        for (var page : aws.ec2().describeVpcsPaginator(r -> {})) {
          used += page.vpcs().size();
        }
        quota("VPCs per Region", used, vpcs, limit(VPCS_PER_REGION, DEFAULT_VPCS), VPCS_PER_REGION);
      }
      if (eips > 0) {
        int used = aws.ec2().describeAddresses(r -> {}).addresses().size();
        int limit = DEFAULT_EIPS;
        String from = "AWS's default";
        for (var a :
            aws.ec2()
                .describeAccountAttributes(r -> r.attributeNamesWithStrings("vpc-max-elastic-ips"))
                .accountAttributes()) {
          if (a.attributeName().equals("vpc-max-elastic-ips") && !a.attributeValues().isEmpty()) {
            limit = Integer.parseInt(a.attributeValues().get(0).attributeValue());
            from = "the account";
          }
        }
        quota(
            "Elastic IPs", used, eips, new Limit(limit, from), "L-0263D0A3 (EC2-VPC Elastic IPs)");
      }
      if (!natsPerAz.isEmpty()) {
        Map<String, String> subnetAz = new HashMap<>();
        for (var page : aws.ec2().describeSubnetsPaginator(r -> {})) {
          page.subnets().forEach(s -> subnetAz.put(s.subnetId(), s.availabilityZone()));
        }
        Map<String, Integer> used = new HashMap<>();
        for (var page :
            aws.ec2()
                .describeNatGatewaysPaginator(
                    r ->
                        r.filter(
                            Filter.builder()
                                .name("state")
                                .values("pending", "available")
                                .build()))) {
          for (NatGateway g : page.natGateways()) {
            used.merge(subnetAz.getOrDefault(g.subnetId(), "?"), 1, Integer::sum);
          }
        }
        Limit limit = limit(NAT_GATEWAYS_PER_AZ, DEFAULT_NATS_PER_AZ);
        natsPerAz.forEach(
            (az, need) ->
                quota(
                    "NAT gateways in " + az,
                    used.getOrDefault(az, 0),
                    need,
                    limit,
                    NAT_GATEWAYS_PER_AZ));
      }
    } catch (SdkException e) {
      cannot(
          "quotas",
          "count what is in use",
          e,
          "allow ec2:DescribeVpcs, DescribeAddresses, DescribeNatGateways, DescribeSubnets");
    }
  }

  record Limit(int value, String from) {}

  private Limit limit(String code, int fallback) {
    try {
      OptionalDouble v = new ServiceQuotas(aws).value("vpc", code);
      if (v.isPresent()) {
        return new Limit((int) v.getAsDouble(), "Service Quotas");
      }
    } catch (RuntimeException e) {
      out.add(
          Check.warn(
              AREA,
              "quota " + code,
              "Service Quotas did not tell the quota (" + e.getMessage() + "); using AWS's default",
              "allow servicequotas:GetServiceQuota to check raised quotas"));
    }
    return new Limit(fallback, "AWS's default");
  }

  private void quota(String what, int used, int need, Limit limit, String code) {
    String detail =
        used
            + " in use + "
            + need
            + " to create, quota "
            + limit.value()
            + " ("
            + limit.from()
            + ")";
    if (used + need > limit.value()) {
      out.add(
          Check.fail(
              AREA,
              "quota: " + what,
              detail,
              "free "
                  + (used + need - limit.value())
                  + " or ask for an increase in Service Quotas (quota "
                  + code
                  + ")"));
    } else {
      out.add(Check.pass(AREA, "quota: " + what, detail));
    }
  }

  private void buckets() {
    List<Planned.Created> planned = creates("aws_s3_bucket");
    if (planned.isEmpty()) {
      return;
    }
    java.util.Set<String> mine = new java.util.HashSet<>();
    try {
      aws.s3().listBuckets().buckets().forEach(b -> mine.add(b.name()));
    } catch (SdkException e) {
      cannot("bucket names", "list this account's buckets", e, "allow s3:ListAllMyBuckets");
    }
    for (Planned.Created b : planned) {
      Optional<String> name = b.field("bucket");
      if (name.isEmpty()) {
        out.add(
            Check.pass(
                AREA,
                "bucket " + b.address(),
                "named after apply (it carries the workspace id), so it cannot be taken yet"));
        continue;
      }
      String n = name.get();
      String check = "bucket " + n;
      if (mine.contains(n)) {
        out.add(
            Check.warn(
                AREA,
                check,
                "exists in this account but not in stack " + b.stack() + "'s state",
                "if it is left from an earlier run of this stack, let apply adopt it; otherwise"
                    + " rename the stack's bucket in "
                    + configFile));
        continue;
      }
      try {
        aws.s3().headBucket(r -> r.bucket(n));
        out.add(takenBucket(b, n, "it answers HEAD"));
      } catch (AwsServiceException e) {
        int status = e.statusCode();
        if (status == 404) {
          out.add(Check.pass(AREA, check, "free (bucket names are global)"));
        } else if (status == 403 || status == 301) {
          out.add(takenBucket(b, n, "HEAD answers " + status));
        } else {
          cannot(check, "tell", e, "check the name by hand");
        }
      } catch (SdkException e) {
        cannot(check, "tell", e, "check by hand");
      }
    }
  }

  private Check takenBucket(Planned.Created b, String name, String evidence) {
    return Check.fail(
        AREA,
        "bucket " + name,
        "taken by another AWS account (" + evidence + "; bucket names are global)",
        "choose another name for "
            + b.address()
            + " in "
            + configFile
            + (b.address().equals("storage.root_bucket") ? " ($.storage.root_bucket)" : ""));
  }

  private void roles() {
    for (Planned.Created r : creates("aws_iam_role")) {
      Optional<String> name = r.field("name");
      if (name.isEmpty()) {
        out.add(
            Check.pass(
                AREA, "role " + r.address(), "named after apply, so it cannot be taken yet"));
        continue;
      }
      String n = name.get();
      try {
        Role role = aws.iam().getRole(b -> b.roleName(n)).role();
        List<Tag> tags = aws.iam().listRoleTags(b -> b.roleName(n)).tags();
        boolean ours =
            tags.stream()
                .anyMatch(t -> t.key().equals("deployer:stack") && t.value().equals(r.stack()));
        if (ours) {
          out.add(
              Check.warn(
                  AREA,
                  "role " + n,
                  "exists, tagged for stack " + r.stack() + ", but not in its state",
                  "apply adopts it (left by an interrupted run)"));
        } else {
          out.add(
              Check.fail(
                  AREA,
                  "role " + n,
                  "taken by " + role.arn() + ", which is not this stack's",
                  "delete or rename that role, or change the stack's prefix in " + configFile));
        }
      } catch (NoSuchEntityException e) {
        out.add(Check.pass(AREA, "role " + n, "free in account"));
      } catch (SdkException e) {
        cannot("role " + n, "tell", e, "allow iam:GetRole");
      }
    }
  }

  /** A read that AWS refused or failed: a warning naming what could not be done, and the fix. */
  private void cannot(String check, String what, SdkException e, String fix) {
    out.add(Check.warn(AREA, check, "cannot " + what + ": " + AwsErrors.describe(e), fix));
  }
}
