package dev.deployer.cloud.privatelink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.cloud.AwsPartition;
import dev.deployer.cloud.kms.KeyPolicies;
import dev.deployer.cloud.network.NetworkInputs;
import dev.deployer.cloud.network.NetworkModule;
import dev.deployer.cloud.storage.StorageModule;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PrivateLink's table and inputs, the isolated network, the key and bucket policies. */
class HardenedCloudTest {
  static final List<String> AZS = List.of("us-east-1a", "us-east-1b");

  static NetworkInputs isolated(List<String> publicCidrs) {
    return NetworkInputs.isolated(
        "p", "10.40.0.0/16", AZS, List.of("10.40.16.0/20", "10.40.32.0/20"));
  }

  @Test
  void services_comeFromTheOneTable_perRegion() {
    var east = PrivateLinkServices.forRegion("us-east-1").orElseThrow();
    assertThat(east.workspace())
        .isEqualTo("com.amazonaws.vpce.us-east-1.vpce-svc-09143d1e626de2f04");
    assertThat(east.relay()).isEqualTo("com.amazonaws.vpce.us-east-1.vpce-svc-00018a8c3ff62ffdf");
    assertThat(PrivateLinkServices.forRegion("af-south-1")).isEmpty();
    assertThat(PrivateLinkServices.regions()).contains("eu-west-1", "us-gov-west-1").hasSize(17);
  }

  @Test
  void inputs_needOneSubnetPerZone_insideTheVpc_overlappingNothing() {
    NetworkInputs net = isolated(List.of());
    assertThat(
            new PrivateLinkInputs(List.of("10.40.64.0/26", "10.40.64.64/26"), true)
                .validate("privatelink", "us-east-1", net))
        .isEmpty();
    assertThat(
            new PrivateLinkInputs(List.of("10.40.16.0/26", "10.99.0.0/26"), true)
                .validate("privatelink", "us-east-1", net))
        .anyMatch(p -> p.startsWith("privatelink.subnet_cidrs[0]") && p.contains("overlaps"))
        .anyMatch(p -> p.startsWith("privatelink.subnet_cidrs[1]") && p.contains("not inside"));
    assertThat(
            new PrivateLinkInputs(List.of("10.40.64.0/26"), true)
                .validate("privatelink", "af-south-1", net))
        .anyMatch(p -> p.contains("no back-end PrivateLink in af-south-1"))
        .anyMatch(p -> p.contains("one subnet per availability zone is needed"));
  }

  @Test
  void isolatedNetwork_hasNoInternetGatewayNatOrPublicSubnet_andEgressStaysInTheVpc() {
    assertThat(isolated(List.of()).isolated()).isTrue();
    assertThat(isolated(List.of()).validate()).isEmpty();
    StackBuilder b = new StackBuilder("prod", Map.of());
    NetworkModule.Outputs net =
        NetworkModule.declare(b, "us-east-1", "network", isolated(List.of()));
    PrivateLinkModule.declare(
        b,
        "us-east-1",
        "privatelink",
        "p",
        AZS,
        new PrivateLinkInputs(List.of("10.40.64.0/26", "10.40.64.64/26"), true),
        net);
    StackDefinition def = b.build();
    List<String> addresses = def.addresses();
    assertThat(addresses)
        .noneMatch(a -> a.contains("internet_gateway") || a.contains("nat") || a.contains("public"))
        .contains(
            "privatelink.workspace_endpoint",
            "privatelink.relay_endpoint",
            "privatelink.security_group",
            "network.s3_endpoint",
            "network.sts_endpoint",
            "network.kinesis_endpoint");
    assertThat(net.routeTableIds()).hasSize(2);
  }

  @Test
  void endpointGroup_opensTheDocumentedPortsToTheWorkspaceGroupOnly() {
    assertThat(PrivateLinkModule.ENDPOINT_PORTS)
        .extracting(p -> p[0] + "-" + p[1])
        .containsExactly("443-443", "2443-2443", "6666-6666", "8443-8451");
  }

  @Test
  void storageKeyPolicy_letsDatabricksOfThisAccountAndTheRoleThroughEc2UseIt() {
    JsonNode doc =
        KeyPolicies.workspaceStorage(
            AwsPartition.COMMERCIAL, "123456789012", "acct-1", "arn:aws:iam::123456789012:role/x");
    String text = doc.toString();
    assertThat(text)
        .contains("arn:aws:iam::123456789012:root")
        .contains("arn:aws:iam::414351767826:root")
        .contains("aws:PrincipalTag/DatabricksAccountId")
        .contains("acct-1")
        .contains("kms:CreateGrant")
        .contains("ec2.*.amazonaws.com");
    assertThat(
            KeyPolicies.managedServices(AwsPartition.COMMERCIAL, "123456789012", "acct-1")
                .path("Statement")
                .get(1)
                .path("Action")
                .toString())
        .isEqualTo("[\"kms:Encrypt\",\"kms:Decrypt\"]");
  }

  @Test
  void restrictiveBucketPolicy_writesOnlyUnderTheWorkspace_andDeniesPlainHttp() {
    String text =
        StorageModule.restrictiveRootBucketPolicy(
                AwsPartition.COMMERCIAL, "us-east-1", "root", "acct-1", "1234")
            .toString();
    assertThat(text)
        .contains("arn:aws:s3:::root/us-east-1-prod/1234/*")
        .contains("arn:aws:s3:::root/ephemeral/us-east-1-prod/1234/*")
        .contains("\"aws:SecureTransport\":\"false\"")
        .contains("\"Effect\":\"Deny\"");
  }
}
