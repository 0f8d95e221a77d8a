package dev.deployer.emulator;

import static dev.deployer.emulator.TestEmulator.credentialsId;
import static dev.deployer.emulator.TestEmulator.networkId;
import static dev.deployer.emulator.TestEmulator.storageId;
import static dev.deployer.emulator.TestEmulator.workspaceRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.core.error.platform.BadRequest;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.service.provisioning.CreateAwsKeyInfo;
import com.databricks.sdk.service.provisioning.CreateCustomerManagedKeyRequest;
import com.databricks.sdk.service.provisioning.CreatePrivateAccessSettingsRequest;
import com.databricks.sdk.service.provisioning.CreateVpcEndpointRequest;
import com.databricks.sdk.service.provisioning.EndpointUseCase;
import com.databricks.sdk.service.provisioning.KeyUseCase;
import com.databricks.sdk.service.provisioning.Network;
import com.databricks.sdk.service.provisioning.NetworkVpcEndpoints;
import com.databricks.sdk.service.provisioning.PrivateAccessLevel;
import com.databricks.sdk.service.provisioning.VpcStatus;
import dev.deployer.sandbox.testing.AwsEmulator;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/** AWS-aware checks and the race against moto (the shared AWS emulator of the IT harness). */
class AwsAwareIT {
  static AwsEmulator aws;
  static TestEmulator emu;
  static AccountClient a;
  static IamClient iam;
  static Ec2Client ec2;
  static S3Client s3;
  static KmsClient kms;
  static AwsSdkView view;

  @BeforeAll
  static void start() {
    aws = AwsEmulator.shared();
    URI endpoint = URI.create(aws.endpoint());
    // The clients the emulator looks at moto with: what a test sets up is what the emulator sees.
    view = new AwsSdkView(endpoint, AwsEmulator.REGION);
    iam = view.iam();
    ec2 = view.ec2(AwsEmulator.REGION);
    s3 = view.s3();
    kms = view.kms(AwsEmulator.REGION);
    emu = TestEmulator.start(b -> b.awsEndpoint(endpoint));
    a = emu.account();
  }

  @AfterAll
  static void stop() {
    emu.close();
    view.close();
  }

  @BeforeEach
  void clean() {
    aws.reset();
    emu.emu.setRaceWindow(Duration.ZERO);
    emu.emu.setProvisioningDelay(Duration.ZERO);
  }

  private static String trust(String principal, String externalId) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
        + principal
        + "\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\""
        + externalId
        + "\"}}}]}";
  }

  private static String role(String name, String trustPolicy) {
    return iam.createRole(b -> b.roleName(name).assumeRolePolicyDocument(trustPolicy)).role().arn();
  }

  @Test
  void credentialsNeedAnExistingRoleTrustingDatabricks() {
    assertThatThrownBy(() -> credentialsId(a, "arn:aws:iam::123456789012:role/missing"))
        .isInstanceOf(BadRequest.class)
        .hasMessageContaining("Failed credential validation checks")
        .hasMessageContaining("does not exist");
    String wrong = role("wrong-trust", trust(TrustPolicy.DATABRICKS_ROOT, "someone-else"));
    assertThatThrownBy(() -> credentialsId(a, wrong)).hasMessageContaining("trust policy");
    String good = role("good-trust", trust(TrustPolicy.DATABRICKS_ROOT, emu.accountId));
    assertThat(credentialsId(a, good)).isNotBlank();
  }

  @Test
  void raceUsesTheRoleCreationDate() throws Exception {
    emu.emu.setRaceWindow(Duration.ofSeconds(3));
    String arn = role("fresh", trust(TrustPolicy.DATABRICKS_ROOT, emu.accountId));
    assertThatThrownBy(() -> credentialsId(a, arn))
        .isInstanceOf(BadRequest.class)
        .hasMessage(RaceGate.MESSAGE);
    // Poll as a deployer would; the role becomes usable once it is older than the window.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String id = null;
    while (id == null && System.nanoTime() < deadline) {
      try {
        id = credentialsId(a, arn);
      } catch (BadRequest e) {
        assertThat(e.getMessage()).isEqualTo(RaceGate.MESSAGE);
        Thread.sleep(250);
      }
    }
    assertThat(id).isNotNull();
  }

  @Test
  void storageNeedsTheBucket() {
    assertThatThrownBy(() -> storageId(a, "no-such-bucket"))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("does not exist");
    s3.createBucket(b -> b.bucket("root-bucket"));
    assertThat(storageId(a, "root-bucket")).isNotBlank();
  }

  @Test
  void networkChecksZonesAndWorkspaceFailsOnMissingResources() throws Exception {
    String vpc = ec2.createVpc(b -> b.cidrBlock("10.0.0.0/16")).vpc().vpcId();
    String s1 =
        ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.0.1.0/24").availabilityZone("us-east-1a"))
            .subnet()
            .subnetId();
    String s2 =
        ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.0.2.0/24").availabilityZone("us-east-1a"))
            .subnet()
            .subnetId();
    String s3id =
        ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.0.3.0/24").availabilityZone("us-east-1b"))
            .subnet()
            .subnetId();
    String sg =
        ec2.createSecurityGroup(b -> b.vpcId(vpc).groupName("ws").description("ws")).groupId();
    assertThatThrownBy(() -> networkId(a, vpc, List.of(s1, s2), List.of(sg)))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("availability zones");

    String arn = role("xacct", trust(TrustPolicy.DATABRICKS_ROOT, emu.accountId));
    s3.createBucket(b -> b.bucket("ws-root"));
    String creds = credentialsId(a, arn);
    String storage = storageId(a, "ws-root");

    // A good network: RUNNING, network VALID.
    String good = networkId(a, vpc, List.of(s1, s3id), List.of(sg));
    var ok =
        a.workspaces().create(workspaceRequest(creds, storage, good)).get(Duration.ofSeconds(20));
    assertThat(a.networks().get(good).getVpcStatus()).isEqualTo(VpcStatus.VALID);
    assertThat(ok.getNetworkId()).isEqualTo(good);

    // Missing VPC pieces: the workspace ends FAILED and the network carries the errors.
    String bad =
        networkId(
            a,
            "vpc-00000000",
            List.of("subnet-0000aaaa", "subnet-0000bbbb"),
            List.of("sg-0000cccc"));
    emu.emu.setProvisioningDelay(Duration.ofMillis(200));
    var waiter = a.workspaces().create(workspaceRequest(creds, storage, bad));
    assertThatThrownBy(() -> waiter.get(Duration.ofSeconds(20)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("FAILED")
        .hasMessageContaining("vpc-00000000");
    Network n = a.networks().get(bad);
    assertThat(n.getVpcStatus()).isEqualTo(VpcStatus.BROKEN);
    assertThat(n.getErrorMessages())
        .extracting(e -> e.getErrorMessage())
        .anyMatch(m -> m.contains("vpc-00000000"))
        .anyMatch(m -> m.contains("subnet-0000aaaa"))
        .anyMatch(m -> m.contains("sg-0000cccc"));
  }

  // ---- back-end PrivateLink and customer-managed keys ----

  static final String REST_SERVICE = "com.amazonaws.vpce.us-east-1.vpce-svc-09143d1e626de2f04";
  static final String RELAY_SERVICE = "com.amazonaws.vpce.us-east-1.vpce-svc-00018a8c3ff62ffdf";

  /** A VPC with two subnets in two zones and a security group: {vpc, subnet1, subnet2, sg}. */
  private static List<String> vpcWithSubnets(String cidrPrefix) {
    String vpc = ec2.createVpc(b -> b.cidrBlock(cidrPrefix + ".0.0/16")).vpc().vpcId();
    String s1 =
        ec2.createSubnet(
                b -> b.vpcId(vpc).cidrBlock(cidrPrefix + ".1.0/24").availabilityZone("us-east-1a"))
            .subnet()
            .subnetId();
    String s2 =
        ec2.createSubnet(
                b -> b.vpcId(vpc).cidrBlock(cidrPrefix + ".2.0/24").availabilityZone("us-east-1b"))
            .subnet()
            .subnetId();
    String sg =
        ec2.createSecurityGroup(b -> b.vpcId(vpc).groupName("pl").description("pl")).groupId();
    return List.of(vpc, s1, s2, sg);
  }

  /** Credentials, storage and network configurations a workspace in {@code net} can use. */
  record Configs(String creds, String storage, String network) {}

  private static Configs configs(String name, List<String> net) {
    String creds =
        credentialsId(a, role(name + "-xacct", trust(TrustPolicy.DATABRICKS_ROOT, emu.accountId)));
    s3.createBucket(b -> b.bucket(name + "-root"));
    return new Configs(
        creds,
        storageId(a, name + "-root"),
        networkId(a, net.get(0), List.of(net.get(1), net.get(2)), List.of(net.get(3))));
  }

  private static String awsEndpoint(List<String> net, String service) {
    return ec2.createVpcEndpoint(
            b ->
                b.vpcId(net.get(0))
                    .serviceName(service)
                    .vpcEndpointType("Interface")
                    .subnetIds(net.get(1), net.get(2))
                    .securityGroupIds(net.get(3)))
        .vpcEndpoint()
        .vpcEndpointId();
  }

  private static com.databricks.sdk.service.provisioning.VpcEndpoint register(
      String awsId, String region) {
    return a.vpcEndpoints()
        .create(
            new CreateVpcEndpointRequest()
                .setVpcEndpointName(TestEmulator.unique("vpce"))
                .setAwsVpcEndpointId(awsId)
                .setRegion(region));
  }

  @Test
  void vpcEndpointRegistrationNeedsADatabricksEndpointOfThatRegionInAws() {
    List<String> net = vpcWithSubnets("10.20");
    assertThatThrownBy(() -> register("vpce-0123456789abcdef0", "us-east-1"))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("does not exist in region us-east-1");
    String rest = awsEndpoint(net, REST_SERVICE);
    assertThatThrownBy(() -> register(rest, "us-west-2"))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("does not exist in region us-west-2");
    String sts = awsEndpoint(net, "com.amazonaws.us-east-1.sts");
    assertThatThrownBy(() -> register(sts, "us-east-1"))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("not a Databricks endpoint service");

    var restEp = register(rest, "us-east-1");
    var relayEp = register(awsEndpoint(net, RELAY_SERVICE), "us-east-1");
    assertThat(restEp.getUseCase()).isEqualTo(EndpointUseCase.WORKSPACE_ACCESS);
    assertThat(restEp.getAwsEndpointServiceId()).isEqualTo(REST_SERVICE);
    assertThat(restEp.getState()).isEqualTo("available");
    assertThat(relayEp.getUseCase()).isEqualTo(EndpointUseCase.DATAPLANE_RELAY_ACCESS);
    assertThat(a.vpcEndpoints().get(restEp.getVpcEndpointId()).getAwsVpcEndpointId())
        .isEqualTo(rest);
  }

  @Test
  void networkRefusesEndpointsOfTheWrongKindAndTheyCannotGoWhileUsed() {
    List<String> net = vpcWithSubnets("10.21");
    String rest = register(awsEndpoint(net, REST_SERVICE), "us-east-1").getVpcEndpointId();
    String relay = register(awsEndpoint(net, RELAY_SERVICE), "us-east-1").getVpcEndpointId();
    java.util.function.Function<NetworkVpcEndpoints, String> create =
        eps ->
            a.networks()
                .create(
                    new com.databricks.sdk.service.provisioning.CreateNetworkRequest()
                        .setNetworkName(TestEmulator.unique("pl-net"))
                        .setVpcId(net.get(0))
                        .setSubnetIds(List.of(net.get(1), net.get(2)))
                        .setSecurityGroupIds(List.of(net.get(3)))
                        .setVpcEndpoints(eps))
                .getNetworkId();
    assertThatThrownBy(
            () ->
                create.apply(
                    new NetworkVpcEndpoints()
                        .setRestApi(List.of(relay))
                        .setDataplaneRelay(List.of(rest))))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("rest_api")
        .hasMessageContaining("DATAPLANE_RELAY_ACCESS");
    assertThatThrownBy(
            () ->
                create.apply(
                    new NetworkVpcEndpoints()
                        .setRestApi(List.of(rest))
                        .setDataplaneRelay(List.of("00000000-0000-0000-0000-000000000000"))))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("is not registered");
    String network =
        create.apply(
            new NetworkVpcEndpoints().setRestApi(List.of(rest)).setDataplaneRelay(List.of(relay)));
    assertThat(a.networks().get(network).getVpcEndpoints().getRestApi()).containsExactly(rest);
    assertThatThrownBy(() -> a.vpcEndpoints().delete(rest))
        .hasMessageContaining("used by network configuration " + network);
  }

  @Test
  void workspaceRefusesPrivateAccessSettingsOfAnotherRegion() throws Exception {
    List<String> net = vpcWithSubnets("10.22");
    Configs c = configs("pl", net);
    String creds = c.creds();
    String storage = c.storage();
    String network = c.network();
    String rest = register(awsEndpoint(net, REST_SERVICE), "us-east-1").getVpcEndpointId();
    java.util.function.BiFunction<String, PrivateAccessLevel, CreatePrivateAccessSettingsRequest>
        pas =
            (region, level) ->
                new CreatePrivateAccessSettingsRequest()
                    .setPrivateAccessSettingsName(TestEmulator.unique("pas"))
                    .setRegion(region)
                    .setPublicAccessEnabled(true)
                    .setPrivateAccessLevel(level);
    // Allowed endpoints without the ENDPOINT level, and an endpoint of another region.
    for (var refused :
        List.of(
            Map.entry(
                pas.apply("us-east-1", PrivateAccessLevel.ACCOUNT),
                "only be set when private_access_level is ENDPOINT"),
            Map.entry(
                pas.apply("us-west-2", PrivateAccessLevel.ENDPOINT),
                "is in region us-east-1, not us-west-2"))) {
      var request = refused.getKey().setAllowedVpcEndpointIds(List.of(rest));
      assertThatThrownBy(() -> a.privateAccess().create(request))
          .isInstanceOf(InvalidParameterValue.class)
          .hasMessageContaining(refused.getValue());
    }
    String west =
        a.privateAccess()
            .create(pas.apply("us-west-2", PrivateAccessLevel.ACCOUNT))
            .getPrivateAccessSettingsId();
    assertThatThrownBy(
            () ->
                a.workspaces()
                    .create(
                        workspaceRequest(creds, storage, network).setPrivateAccessSettingsId(west)))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("are for region us-west-2")
        .hasMessageContaining("workspace in us-east-1");
    String east =
        a.privateAccess()
            .create(
                pas.apply("us-east-1", PrivateAccessLevel.ENDPOINT)
                    .setAllowedVpcEndpointIds(List.of(rest)))
            .getPrivateAccessSettingsId();
    var ws =
        a.workspaces()
            .create(workspaceRequest(creds, storage, network).setPrivateAccessSettingsId(east))
            .get(Duration.ofSeconds(20));
    assertThat(ws.getPrivateAccessSettingsId()).isEqualTo(east);
    assertThatThrownBy(
            () ->
                TestEmulator.updateWorkspace(
                    a,
                    ws.getWorkspaceId(),
                    "private_access_settings_id",
                    new com.databricks.sdk.service.provisioning.Workspace()
                        .setPrivateAccessSettingsId(west)))
        .hasMessageContaining("are for region us-west-2");
    assertThatThrownBy(() -> a.privateAccess().delete(east))
        .hasMessageContaining("used by workspace " + ws.getWorkspaceId());
  }

  private static String keyPolicy(String databricksPrincipal) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"admin\",\"Effect\":\"Allow\","
        + "\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"kms:*\","
        + "\"Resource\":\"*\"},{\"Sid\":\"databricks\",\"Effect\":\"Allow\",\"Principal\":"
        + "{\"AWS\":\""
        + databricksPrincipal
        + "\"},\"Action\":[\"kms:Encrypt\",\"kms:Decrypt\",\"kms:GenerateDataKey*\"],"
        + "\"Resource\":\"*\"}]}";
  }

  private static String kmsKey(String policy) {
    return kms.createKey(b -> b.description("test").policy(policy)).keyMetadata().arn();
  }

  private static String registerKey(String arn, KeyUseCase... useCases) {
    return a.encryptionKeys()
        .create(
            new CreateCustomerManagedKeyRequest()
                .setAwsKeyInfo(new CreateAwsKeyInfo().setKeyArn(arn))
                .setUseCases(List.of(useCases)))
        .getCustomerManagedKeyId();
  }

  @Test
  void customerManagedKeysMustExistBeEnabledAndSuitTheWorkspace() throws Exception {
    var bad =
        emu.api(
            "POST",
            "/api/2.0/accounts/" + emu.accountId + "/customer-managed-keys",
            "{\"aws_key_info\":{\"key_arn\":\"arn:aws:kms:us-east-1:123456789012:key/abc\"},"
                + "\"use_cases\":[\"WORKSPACE\"]}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("Invalid use case 'WORKSPACE'");
    assertThatThrownBy(
            () ->
                registerKey(
                    "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000",
                    KeyUseCase.STORAGE))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("does not exist");
    String good = kmsKey(keyPolicy(TrustPolicy.DATABRICKS_ROOT));
    assertThatThrownBy(
            () ->
                a.encryptionKeys()
                    .create(
                        new CreateCustomerManagedKeyRequest()
                            .setAwsKeyInfo(
                                new CreateAwsKeyInfo().setKeyArn(good).setKeyRegion("us-west-2"))
                            .setUseCases(List.of(KeyUseCase.STORAGE))))
        .hasMessageContaining("does not match the region us-east-1");
    String disabled = kmsKey(keyPolicy(TrustPolicy.DATABRICKS_ROOT));
    // moto's DisableKey takes the key id only (an ARN fails with a KeyError).
    kms.disableKey(b -> b.keyId(disabled.substring(disabled.lastIndexOf('/') + 1)));
    assertThatThrownBy(() -> registerKey(disabled, KeyUseCase.STORAGE))
        .hasMessageContaining("is Disabled, not Enabled");

    Configs c = configs("cmk", vpcWithSubnets("10.23"));
    String creds = c.creds();
    String storage = c.storage();
    String network = c.network();
    String servicesOnly = registerKey(good, KeyUseCase.MANAGED_SERVICES);
    assertThatThrownBy(
            () ->
                a.workspaces()
                    .create(
                        workspaceRequest(creds, storage, network)
                            .setStorageCustomerManagedKeyId(servicesOnly)))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("is not registered for STORAGE");
    String locked =
        registerKey(kmsKey(keyPolicy("arn:aws:iam::999999999999:root")), KeyUseCase.STORAGE);
    assertThatThrownBy(
            () ->
                a.workspaces()
                    .create(
                        workspaceRequest(creds, storage, network)
                            .setStorageCustomerManagedKeyId(locked)))
        .hasMessageContaining("does not allow " + TrustPolicy.DATABRICKS_ROOT);
    String both = registerKey(good, KeyUseCase.MANAGED_SERVICES, KeyUseCase.STORAGE);
    var ws =
        a.workspaces()
            .create(
                workspaceRequest(creds, storage, network)
                    .setStorageCustomerManagedKeyId(both)
                    .setManagedServicesCustomerManagedKeyId(servicesOnly))
            .get(Duration.ofSeconds(20));
    assertThat(ws.getStorageCustomerManagedKeyId()).isEqualTo(both);
    assertThat(a.encryptionKeys().get(both).getAwsKeyInfo().getKeyRegion()).isEqualTo("us-east-1");
    assertThatThrownBy(() -> a.encryptionKeys().delete(both))
        .hasMessageContaining("used by workspace " + ws.getWorkspaceId());
  }
}
