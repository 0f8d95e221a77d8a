package dev.deployer.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deployer.account.assignment.MetastoreAssignmentSpec;
import dev.deployer.account.credentials.CredentialsSpec;
import dev.deployer.account.identity.PermissionAssignmentSpec;
import dev.deployer.account.identity.Principal;
import dev.deployer.account.network.NetworkConfigurationSpec;
import dev.deployer.account.storage.StorageConfigurationSpec;
import dev.deployer.account.workspace.WorkspaceSpec;
import dev.deployer.core.graph.Graph;
import dev.deployer.core.model.Ref;
import dev.deployer.core.model.Resource;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.spi.ResourceType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The account layer's graph and specs, from stand-ins for the cloud layer. */
class AccountModuleTest {

  record Stub(String name) {}

  /** A cloud-layer stand-in: only its addresses and outputs matter here. No handler needed. */
  static final ResourceType<Stub> STUB = ResourceType.of("stub", Stub.class).outputs("arn", "name");

  StackDefinition def;
  Graph graph;

  Resource<Stub> stub(StackBuilder b, String address) {
    return b.add(address, STUB, r -> new Stub(address));
  }

  @BeforeEach
  void declare() {
    StackBuilder b = new StackBuilder("dev", Map.of());
    Resource<Stub> role = stub(b, "cloud.role");
    Resource<Stub> rolePolicy = stub(b, "cloud.role_policy");
    Resource<Stub> bucket = stub(b, "cloud.bucket");
    Resource<Stub> policy = stub(b, "cloud.bucket_policy");
    Resource<Stub> vpc = stub(b, "cloud.vpc");
    Resource<Stub> subnetA = stub(b, "cloud.subnet[\"a\"]");
    Resource<Stub> subnetB = stub(b, "cloud.subnet[\"b\"]");
    Resource<Stub> sg = stub(b, "cloud.sg");
    List<AccountModule.Assignment> ids =
        List.of(
            new AccountModule.Assignment(
                new Principal(Principal.Kind.USER, "admin@example.com", "11"), "ADMIN"),
            new AccountModule.Assignment(
                new Principal(Principal.Kind.GROUP, "engineers", "22"), "USER"));
    AccountModule.Outputs out =
        AccountModule.declare(
            b,
            "account",
            AccountModule.Inputs.builder()
                .prefix("dev")
                .region("us-east-1")
                .crossAccountRoleArn(role.out("arn"))
                .crossAccountRolePolicy(rolePolicy)
                .rootBucketName(bucket.id())
                .rootBucketPolicy(policy)
                .vpcId(vpc.id())
                .privateSubnetIds(List.of(subnetA.id(), subnetB.id()))
                .securityGroupIds(List.of(sg.id()))
                .additionalSecurityGroupIds(List.of("sg-extra"))
                .workspaceName("dev-workspace")
                .customTags(Map.of("Team", "a"))
                .metastoreId("metastore-1")
                .defaultCatalogName("main")
                .identities(ids)
                .build());
    assertThat(out.workspaceId()).isEqualTo(new Ref("account.workspace", "workspace_id"));
    assertThat(out.workspaceUrl()).isEqualTo(new Ref("account.workspace", "workspace_url"));
    assertThat(out.deploymentName()).isEqualTo(new Ref("account.workspace", "deployment_name"));
    def = b.build();
    graph = def.graph();
  }

  Object spec(String address) {
    return def.evaluate(def.resources().get(address), ref -> ref.address() + "/" + ref.key(), null);
  }

  @Test
  void addresses_areStable() {
    assertThat(def.addresses())
        .contains(
            "account.credentials",
            "account.storage_configuration",
            "account.network_configuration",
            "account.workspace",
            "account.metastore_assignment",
            "account.permission_assignment[\"user:admin@example.com\"]",
            "account.permission_assignment[\"group:engineers\"]");
  }

  @Test
  void configurations_dependOnTheCloudLayer_andTheStorageWaitsForTheBucketPolicy() {
    assertThat(graph.dependenciesOf("account.credentials"))
        .containsExactlyInAnyOrder("cloud.role", "cloud.role_policy");
    assertThat(graph.dependenciesOf("account.storage_configuration"))
        .containsExactlyInAnyOrder("cloud.bucket", "cloud.bucket_policy");
    assertThat(graph.dependenciesOf("account.network_configuration"))
        .containsExactlyInAnyOrder(
            "cloud.vpc", "cloud.subnet[\"a\"]", "cloud.subnet[\"b\"]", "cloud.sg");
  }

  @Test
  void workspace_thenMetastoreAssignment_thenIdentities() {
    assertThat(graph.dependenciesOf("account.workspace"))
        .containsExactlyInAnyOrder(
            "account.credentials",
            "account.storage_configuration",
            "account.network_configuration");
    assertThat(graph.dependenciesOf("account.metastore_assignment"))
        .containsExactly("account.workspace");
    assertThat(graph.dependenciesOf("account.permission_assignment[\"group:engineers\"]"))
        .containsExactlyInAnyOrder("account.workspace", "account.metastore_assignment");
  }

  @Test
  void specs_carryThePrefixedNames_andTheResolvedValues() {
    assertThat(spec("account.credentials"))
        .isEqualTo(new CredentialsSpec("dev-credentials", "cloud.role/arn"));
    assertThat(spec("account.storage_configuration"))
        .isEqualTo(new StorageConfigurationSpec("dev-storage", "cloud.bucket/id"));
    assertThat(spec("account.network_configuration"))
        .isEqualTo(
            new NetworkConfigurationSpec(
                "dev-network",
                "cloud.vpc/id",
                List.of("cloud.subnet[\"a\"]/id", "cloud.subnet[\"b\"]/id"),
                List.of("cloud.sg/id", "sg-extra")));
    WorkspaceSpec ws = (WorkspaceSpec) spec("account.workspace");
    assertThat(ws.workspaceName()).isEqualTo("dev-workspace");
    assertThat(ws.credentialsId()).isEqualTo("account.credentials/credentials_id");
    assertThat(ws.storageConfigurationId())
        .isEqualTo("account.storage_configuration/storage_configuration_id");
    assertThat(ws.networkId()).isEqualTo("account.network_configuration/network_id");
    assertThat(ws.pricingTier()).isEqualTo("ENTERPRISE");
    assertThat(ws.customTags()).containsExactlyEntriesOf(Map.of("Team", "a"));
    assertThat(spec("account.metastore_assignment"))
        .isEqualTo(
            new MetastoreAssignmentSpec("account.workspace/workspace_id", "metastore-1", "main"));
    assertThat(spec("account.permission_assignment[\"user:admin@example.com\"]"))
        .isEqualTo(
            new PermissionAssignmentSpec(
                "account.workspace/workspace_id",
                "11",
                "admin@example.com",
                "user",
                List.of("ADMIN")));
  }

  @Test
  void inputsBuilder_namesEveryMissingRequiredField() {
    assertThatThrownBy(() -> AccountModule.Inputs.builder().prefix("dev").region("r").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "AccountModule.Inputs is missing crossAccountRoleArn, crossAccountRolePolicy,"
                + " rootBucketName, rootBucketPolicy, vpcId, privateSubnetIds, securityGroupIds,"
                + " workspaceName, metastoreId, defaultCatalogName");
  }
}
