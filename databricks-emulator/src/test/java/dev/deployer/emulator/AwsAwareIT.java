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
import com.databricks.sdk.service.provisioning.Network;
import com.databricks.sdk.service.provisioning.VpcStatus;
import dev.deployer.sandbox.testing.AwsEmulator;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;

/** AWS-aware checks and the race against moto (the shared AWS emulator of the IT harness). */
class AwsAwareIT {
  static AwsEmulator aws;
  static TestEmulator emu;
  static AccountClient a;
  static IamClient iam;
  static Ec2Client ec2;
  static S3Client s3;

  @BeforeAll
  static void start() {
    aws = AwsEmulator.shared();
    URI endpoint = URI.create(aws.endpoint());
    var creds =
        StaticCredentialsProvider.create(
            AwsBasicCredentials.create(AwsEmulator.ACCESS_KEY, AwsEmulator.SECRET_KEY));
    var http = UrlConnectionHttpClient.builder().build();
    iam =
        IamClient.builder()
            .endpointOverride(endpoint)
            .region(Region.AWS_GLOBAL)
            .credentialsProvider(creds)
            .httpClient(http)
            .build();
    ec2 =
        Ec2Client.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(creds)
            .httpClient(http)
            .build();
    s3 =
        S3Client.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(creds)
            .httpClient(http)
            .build();
    emu = TestEmulator.start(b -> b.awsEndpoint(endpoint));
    a = emu.account();
  }

  @AfterAll
  static void stop() {
    emu.close();
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
}
