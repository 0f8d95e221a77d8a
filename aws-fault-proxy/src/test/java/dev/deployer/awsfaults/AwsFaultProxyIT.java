package dev.deployer.awsfaults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.deployer.core.fixture.FakeClock;
import dev.deployer.sandbox.testing.AwsEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.ServiceFailureException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Every fault through the AWS SDK v2 itself, against the emulator: the SDK must read each answer as
 * the exception, error code and HTTP status AWS gives, and mark throttling as throttling.
 */
class AwsFaultProxyIT {
  private static final AwsEmulator EMULATOR = AwsEmulator.shared();
  private final FakeClock clock = new FakeClock();
  private final List<String> log = new ArrayList<>();
  private AwsFaultProxy proxy;
  private Ec2Client ec2;
  private IamClient iam;
  private S3Client s3;
  private StsClient sts;
  private software.amazon.awssdk.services.kms.KmsClient kms;

  @BeforeEach
  void start() {
    EMULATOR.reset();
    proxy = AwsFaultProxy.start(0, EMULATOR.endpoint(), "{\"rules\":[]}", clock, log::add);
    ec2 = client(Ec2Client.builder());
    iam = client(IamClient.builder());
    s3 = client(S3Client.builder().forcePathStyle(true));
    sts = client(StsClient.builder());
    kms = client(software.amazon.awssdk.services.kms.KmsClient.builder());
  }

  /** A client through the proxy that does not retry, so each fault reaches the test. */
  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
    return client(builder, Region.of(AwsEmulator.REGION));
  }

  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(
      B builder, Region region) {
    return builder
        .endpointOverride(URI.create(proxy.endpoint()))
        .region(region)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(AwsEmulator.ACCESS_KEY, AwsEmulator.SECRET_KEY)))
        .httpClient(UrlConnectionHttpClient.builder().build())
        .overrideConfiguration(
            ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .build())
        .build();
  }

  @AfterEach
  void stop() {
    proxy.close();
  }

  private void rules(String json) {
    proxy.setRules(json);
  }

  @Test
  void throttling_isEachServicesOwnCode_andTheSdkSeesThrottling() {
    rules("{\"rules\":[{\"kind\":\"throttle\",\"rate\":1}]}");
    AwsServiceException e = catchThrowableOfType(Ec2Exception.class, () -> ec2.describeVpcs());
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("RequestLimitExceeded");
    assertThat(e.statusCode()).isEqualTo(503);
    assertThat(e.isThrottlingException()).isTrue();

    e = catchThrowableOfType(AwsServiceException.class, () -> iam.listRoles());
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Throttling");
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.isThrottlingException()).isTrue();

    e = catchThrowableOfType(S3Exception.class, () -> s3.listBuckets());
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SlowDown");
    assertThat(e.statusCode()).isEqualTo(503);
    assertThat(e.isThrottlingException()).isTrue();

    e = catchThrowableOfType(AwsServiceException.class, () -> sts.getCallerIdentity());
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Throttling");

    // KMS speaks awsJson: the error is a JSON object, its code ThrottlingException.
    e = catchThrowableOfType(AwsServiceException.class, () -> kms.listKeys());
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.isThrottlingException()).isTrue();
    assertThat(proxy.injected("ec2:503")).isEqualTo(1);
  }

  @Test
  void throttling_onlyWhereTheRuleMatches() {
    rules(
        "{\"rules\":[{\"kind\":\"throttle\",\"rate\":1,\"service\":\"ec2\",\"action\":\"Describe.*\"}]}");
    assertThat(catchThrowableOfType(Ec2Exception.class, () -> ec2.describeVpcs())).isNotNull();
    assertThat(ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId()).startsWith("vpc-");
    assertThat(iam.listRoles().roles()).isEmpty();
  }

  @Test
  void serverErrors_are500Or503InEachServicesWords() {
    rules("{\"seed\":3,\"rules\":[{\"kind\":\"server_error\",\"rate\":1}]}");
    List<String> ec2Codes = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Ec2Exception e = catchThrowableOfType(Ec2Exception.class, () -> ec2.describeVpcs());
      ec2Codes.add(e.statusCode() + " " + e.awsErrorDetails().errorCode());
    }
    assertThat(ec2Codes).contains("500 InternalError", "503 Unavailable");
    AwsServiceException iamError = null;
    for (int i = 0; i < 12 && !(iamError instanceof ServiceFailureException); i++) {
      iamError = catchThrowableOfType(AwsServiceException.class, () -> iam.listRoles());
    }
    assertThat(iamError).isInstanceOf(ServiceFailureException.class);
    assertThat(iamError.statusCode()).isEqualTo(500);
    S3Exception s3Error = catchThrowableOfType(S3Exception.class, () -> s3.listBuckets());
    assertThat(s3Error.statusCode()).isIn(500, 503);
    assertThat(s3Error.awsErrorDetails().errorCode()).isIn("InternalError", "ServiceUnavailable");
  }

  @Test
  void aNewVpcAndSubnetAreNotVisibleForTheWindow_thenAre() {
    rules("{\"rules\":[{\"kind\":\"not_yet_visible\",\"window_ms\":2000}]}");
    String vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
    Ec2Exception e =
        catchThrowableOfType(
            Ec2Exception.class, () -> ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.1.0/24")));
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidVpcID.NotFound");
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.awsErrorDetails().errorMessage()).contains(vpc);
    // A filter is a search: it finds nothing rather than failing.
    assertThat(ec2.describeVpcs(r -> r.filters(f -> f.name("vpc-id").values(vpc))).vpcs())
        .isNotNull();

    clock.advance(Duration.ofMillis(2001));
    String subnet =
        ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.1.0/24")).subnet().subnetId();
    e =
        catchThrowableOfType(
            Ec2Exception.class, () -> ec2.describeSubnets(r -> r.subnetIds(subnet)));
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSubnetID.NotFound");
    clock.advance(Duration.ofMillis(2001));
    assertThat(ec2.describeSubnets(r -> r.subnetIds(subnet)).subnets()).hasSize(1);
    assertThat(proxy.injected("InvalidVpcID.NotFound")).isEqualTo(1);
  }

  @Test
  void aNewRoleIsNoSuchEntity_andPoliciesNamingItAreInvalidPrincipal_forTheWindow() {
    rules("{\"rules\":[{\"kind\":\"not_yet_visible\",\"window_ms\":2000}]}");
    String trust = allow("Service", "ec2.amazonaws.com", "sts:AssumeRole", null);
    String arn = iam.createRole(r -> r.roleName("r1").assumeRolePolicyDocument(trust)).role().arn();
    NoSuchEntityException missing =
        catchThrowableOfType(NoSuchEntityException.class, () -> iam.getRole(r -> r.roleName("r1")));
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.awsErrorDetails().errorCode()).isEqualTo("NoSuchEntity");

    String trustingR1 = allow("AWS", arn, "sts:AssumeRole", null);
    MalformedPolicyDocumentException malformed =
        catchThrowableOfType(
            MalformedPolicyDocumentException.class,
            () -> iam.createRole(r -> r.roleName("r2").assumeRolePolicyDocument(trustingR1)));
    assertThat(malformed.awsErrorDetails().errorMessage()).contains("Invalid principal");

    s3.createBucket(r -> r.bucket("bucket-one"));
    String bucketPolicy = allow("AWS", arn, "s3:GetObject", "arn:aws:s3:::bucket-one/*");
    S3Exception s3e =
        catchThrowableOfType(
            S3Exception.class,
            () -> s3.putBucketPolicy(r -> r.bucket("bucket-one").policy(bucketPolicy)));
    assertThat(s3e.awsErrorDetails().errorCode()).isEqualTo("MalformedPolicy");
    assertThat(s3e.statusCode()).isEqualTo(400);
    assertThat(s3e.awsErrorDetails().errorMessage()).isEqualTo("Invalid principal in policy");

    clock.advance(Duration.ofMillis(2001));
    assertThat(iam.getRole(r -> r.roleName("r1")).role().arn()).isEqualTo(arn);
    s3.putBucketPolicy(r -> r.bucket("bucket-one").policy(bucketPolicy));
    s3.putObject(r -> r.bucket("bucket-one").key("k"), RequestBody.fromString("x"));
  }

  /**
   * A one-statement policy letting the principal ({@code kind} "Service" or "AWS") take the action,
   * on {@code resource} unless null (a trust policy names none).
   */
  private static String allow(String kind, String principal, String action, String resource) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\""
        + kind
        + "\":\""
        + principal
        + "\"},\"Action\":\""
        + action
        + "\""
        + (resource == null ? "" : ",\"Resource\":\"" + resource + "\"")
        + "}]}";
  }

  private String subnet() {
    String vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
    return ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.1.0/24")).subnet().subnetId();
  }

  private NatGateway nat(String id) {
    return ec2.describeNatGateways(r -> r.natGatewayIds(id)).natGateways().get(0);
  }

  @Test
  void natGatewaysAndInterfaceEndpointsStayPendingForTheWindow_gatewayEndpointsDoNot() {
    rules("{\"rules\":[{\"kind\":\"pending\",\"window_ms\":4000}]}");
    String subnet = subnet();
    String vpc = ec2.describeSubnets(r -> r.subnetIds(subnet)).subnets().get(0).vpcId();
    String alloc = ec2.allocateAddress(r -> r.domain("vpc")).allocationId();
    NatGateway created =
        ec2.createNatGateway(r -> r.subnetId(subnet).allocationId(alloc)).natGateway();
    assertThat(created.stateAsString()).isEqualTo("pending");
    assertThat(nat(created.natGatewayId()).stateAsString()).isEqualTo("pending");
    String iface =
        ec2.createVpcEndpoint(
                r ->
                    r.vpcId(vpc)
                        .vpcEndpointType("Interface")
                        .serviceName("com.amazonaws.us-east-1.sts")
                        .subnetIds(subnet))
            .vpcEndpoint()
            .vpcEndpointId();
    String gateway =
        ec2.createVpcEndpoint(
                r ->
                    r.vpcId(vpc)
                        .vpcEndpointType("Gateway")
                        .serviceName("com.amazonaws.us-east-1.s3"))
            .vpcEndpoint()
            .vpcEndpointId();
    var endpoints = ec2.describeVpcEndpoints(r -> r.vpcEndpointIds(iface, gateway)).vpcEndpoints();
    assertThat(endpoints)
        .filteredOn(e -> e.vpcEndpointId().equals(iface))
        .extracting(e -> e.stateAsString().toLowerCase())
        .containsExactly("pending");
    assertThat(endpoints)
        .filteredOn(e -> e.vpcEndpointId().equals(gateway))
        .extracting(e -> e.stateAsString().toLowerCase())
        .containsExactly("available");

    clock.advance(Duration.ofMillis(4001));
    assertThat(nat(created.natGatewayId()).stateAsString()).isEqualTo("available");
    assertThat(
            ec2.describeVpcEndpoints(r -> r.vpcEndpointIds(iface))
                .vpcEndpoints()
                .get(0)
                .stateAsString())
        .isEqualToIgnoringCase("available");
  }

  @Test
  void aSubnetIsInUseForTheWindowAfterItsNatGatewayGoes_thenDeletes() {
    rules("{\"rules\":[{\"kind\":\"dependency_violation\",\"window_ms\":4000}]}");
    String subnet = subnet();
    String alloc = ec2.allocateAddress(r -> r.domain("vpc")).allocationId();
    String natId =
        ec2.createNatGateway(r -> r.subnetId(subnet).allocationId(alloc))
            .natGateway()
            .natGatewayId();
    ec2.deleteNatGateway(r -> r.natGatewayId(natId));

    Ec2Exception e = inUseForTheWindow(() -> ec2.deleteSubnet(r -> r.subnetId(subnet)));

    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.awsErrorDetails().errorMessage()).contains(subnet).contains("has dependencies");
  }

  @Test
  void aSecurityGroupIsInUseForTheWindowAfterItsInterfaceEndpointGoes() {
    rules("{\"rules\":[{\"kind\":\"dependency_violation\",\"window_ms\":4000}]}");
    String subnet = subnet();
    String vpc = ec2.describeSubnets(r -> r.subnetIds(subnet)).subnets().get(0).vpcId();
    String sg =
        ec2.createSecurityGroup(r -> r.vpcId(vpc).groupName("g").description("g")).groupId();
    String ep =
        ec2.createVpcEndpoint(
                r ->
                    r.vpcId(vpc)
                        .vpcEndpointType("Interface")
                        .serviceName("com.amazonaws.us-east-1.sts")
                        .subnetIds(subnet)
                        .securityGroupIds(sg))
            .vpcEndpoint()
            .vpcEndpointId();
    ec2.deleteVpcEndpoints(r -> r.vpcEndpointIds(ep));

    inUseForTheWindow(() -> ec2.deleteSecurityGroup(r -> r.groupId(sg)));
  }

  /**
   * Under a 4-second dependency_violation rule: {@code delete} is refused as DependencyViolation at
   * first and succeeds once the window has passed; returns the refusal.
   */
  private Ec2Exception inUseForTheWindow(Runnable delete) {
    Ec2Exception e = catchThrowableOfType(Ec2Exception.class, delete::run);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DependencyViolation");
    clock.advance(Duration.ofMillis(4001));
    delete.run();
    return e;
  }

  @Test
  void adminApi_setsAndShowsRules_refusesBadOnes_andCountsWhatItInjected() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> put =
        http.send(
            HttpRequest.newBuilder(URI.create(proxy.endpoint() + "/_faults"))
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"rules\":[{\"kind\":\"throttle\",\"rate\":1,\"service\":\"iam\"}]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(catchThrowableOfType(AwsServiceException.class, () -> iam.listRoles())).isNotNull();
    HttpResponse<String> get =
        http.send(
            HttpRequest.newBuilder(URI.create(proxy.endpoint() + "/_faults")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(get.body()).contains("\"kind\":\"throttle\"").contains("\"iam:400\":1");
    HttpResponse<String> bad =
        http.send(
            HttpRequest.newBuilder(URI.create(proxy.endpoint() + "/_faults"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"rules\":[{\"kind\":\"pending\"}]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("pending needs a window_ms");
    HttpResponse<String> off =
        http.send(
            HttpRequest.newBuilder(URI.create(proxy.endpoint() + "/_faults")).DELETE().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(off.body()).contains("\"rules\":[]");
    assertThat(iam.listRoles().roles()).isEmpty();
  }

  @Test
  void theEmulatorsOwnApiPassesThrough_andItsResetForgetsNewObjects() {
    rules(
        "{\"rules\":[{\"kind\":\"not_yet_visible\",\"window_ms\":60000},{\"kind\":\"throttle\",\"rate\":1,\"service\":\"s3\"}]}");
    String vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
    assertThat(catchThrowableOfType(Ec2Exception.class, () -> ec2.describeVpcs(r -> r.vpcIds(vpc))))
        .isNotNull();
    if (EMULATOR.isLocalStack()) {
      dev.deployer.sandbox.LocalStackServer.reset(proxy.endpoint());
    } else {
      dev.deployer.sandbox.MotoServer.reset(proxy.endpoint());
    }
    assertThat(proxy.injected("InvalidVpcID.NotFound")).isZero();
  }

  /**
   * S3 applies CreateBucketConfiguration.Tags with the create; moto ignores them, so the proxy
   * completes the create with its tags before answering ({@link BucketTagsOnCreate}).
   */
  @Test
  void aCreateBucketWithTags_isTaggedWhenAnswered_refusedForAnOwnedBucket_andNeedsTagResource()
      throws Exception {
    Tag stack = Tag.builder().key("deployer:stack").value("dev").build();
    Tag address = Tag.builder().key("deployer:address").value("storage.root_bucket").build();
    s3.createBucket(
        r -> r.bucket("tagged-at-create").createBucketConfiguration(c -> c.tags(stack, address)));
    assertThat(s3.getBucketTagging(r -> r.bucket("tagged-at-create")).tagSet())
        .containsExactlyInAnyOrder(stack, address);

    // With tags, a bucket this account owns is refused even in us-east-1 (without, S3 answers 200).
    BucketAlreadyOwnedByYouException owned =
        catchThrowableOfType(
            BucketAlreadyOwnedByYouException.class,
            () ->
                s3.createBucket(
                    r ->
                        r.bucket("tagged-at-create")
                            .createBucketConfiguration(c -> c.tags(stack))));
    assertThat(owned).isNotNull();
    assertThat(owned.statusCode()).isEqualTo(409);
    assertThat(s3.getBucketTagging(r -> r.bucket("tagged-at-create")).tagSet()).hasSize(2);

    // Tags the service refuses (a system key) leave no bucket behind.
    S3Exception system =
        catchThrowableOfType(
            S3Exception.class,
            () ->
                s3.createBucket(
                    r ->
                        r.bucket("system-tagged")
                            .createBucketConfiguration(
                                c -> c.tags(Tag.builder().key("aws:owner").value("x").build()))));
    assertThat(system).isNotNull();
    assertThat(system.statusCode()).isEqualTo(400);
    assertThat(system.awsErrorDetails().errorCode()).isEqualTo("InvalidTag");
    assertThat(system.awsErrorDetails().errorMessage()).contains("can't start with \"aws:\"");
    assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).doesNotContain("system-tagged");

    // A key sent twice is refused before anything is created, as S3 refuses such a tag set.
    S3Exception repeated =
        catchThrowableOfType(
            S3Exception.class,
            () ->
                s3.createBucket(
                    r ->
                        r.bucket("repeated-key")
                            .createBucketConfiguration(
                                c ->
                                    c.tags(
                                        stack,
                                        Tag.builder().key("deployer:stack").value("qa").build()))));
    assertThat(repeated).isNotNull();
    assertThat(repeated.statusCode()).isEqualTo(400);
    assertThat(repeated.awsErrorDetails().errorCode()).isEqualTo("InvalidTag");
    assertThat(repeated.awsErrorDetails().errorMessage())
        .isEqualTo("Cannot provide multiple Tags with the same key");
    assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).doesNotContain("repeated-key");

    // Outside us-east-1 the body carries the location constraint as well; both take effect.
    try (S3Client euS3 = client(S3Client.builder().forcePathStyle(true), Region.EU_WEST_1)) {
      euS3.createBucket(
          r ->
              r.bucket("tagged-in-eu")
                  .createBucketConfiguration(
                      c -> c.locationConstraint("eu-west-1").tags(stack, address)));
      assertThat(euS3.getBucketLocation(r -> r.bucket("tagged-in-eu")).locationConstraintAsString())
          .isEqualTo("eu-west-1");
      assertThat(euS3.getBucketTagging(r -> r.bucket("tagged-in-eu")).tagSet())
          .containsExactlyInAnyOrder(stack, address);
    }

    // s3:TagResource denied: the create with tags is refused and creates nothing; without, it
    // passes.
    HttpResponse<String> set =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(proxy.endpoint() + "/_faults/permissions"))
                    .PUT(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"denied_actions\":[\"s3:TagResource\"]}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(set.statusCode()).isEqualTo(200);
    S3Exception denied =
        catchThrowableOfType(
            S3Exception.class,
            () ->
                s3.createBucket(
                    r ->
                        r.bucket("no-tag-permission")
                            .createBucketConfiguration(c -> c.tags(stack))));
    assertThat(denied).isNotNull();
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
    assertThat(s3.listBuckets().buckets())
        .extracting(Bucket::name)
        .doesNotContain("no-tag-permission");
    s3.createBucket(r -> r.bucket("no-tag-permission"));
    assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).contains("no-tag-permission");
  }
}
