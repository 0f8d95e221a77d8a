package dev.deployer.environments.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.account.AccountModule;
import dev.deployer.account.identity.Principal;
import dev.deployer.common.CommonStack;
import dev.deployer.core.DeployerException;
import dev.deployer.core.config.ConfigException;
import dev.deployer.core.json.Json;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.environments.ConfigLoader;
import dev.deployer.environments.EnvironmentConfig;
import dev.deployer.environments.EnvironmentStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Maps the committed Terraform states (the AWS half written by Terraform 1.11 against moto, the
 * Databricks half in the provider's schema; see src/test/resources/terraform/README.md) onto the
 * dev and common stacks.
 */
class TerraformMapperTest {
  static final Path ROOT = Path.of("src/test/resources/terraform");
  static final Path REFERENCE = ROOT.resolve("reference");
  static final Path CONFIG = ROOT.resolve("config");
  static final String ADMIN_ID = "4452917365514431";
  static final String WS = "3141592653589793";

  static StackDefinition dev() {
    return devFrom(CONFIG);
  }

  /** The dev stack of the dev.json in {@code configDir}, its admin resolved to the state's id. */
  static StackDefinition devFrom(Path configDir) {
    EnvironmentConfig c = ConfigLoader.loadEnvironment(configDir, "dev");
    List<AccountModule.Assignment> ids =
        List.of(
            new AccountModule.Assignment(
                new Principal(Principal.Kind.USER, "admin@example.com", ADMIN_ID), "ADMIN"));
    return EnvironmentStack.define(c, c.metastore().id(), ids, configDir);
  }

  static StackDefinition common() {
    return CommonStack.define(
        ConfigLoader.loadCommon(CONFIG), "0d7e4a3c-1b2f-4c5d-8e9f-a1b2c3d4e5f6");
  }

  /** The reference estate's dev state, parsed afresh for a test to edit. */
  static ObjectNode referenceDevState() throws java.io.IOException {
    return (ObjectNode)
        Json.mapper().readTree(REFERENCE.resolve("databricks_dev/terraform.tfstate").toFile());
  }

  static Map<String, Mapping.Mapped> byAddress(Mapping m) {
    return m.adopted().stream().collect(Collectors.toMap(Mapping.Mapped::deployerAddress, r -> r));
  }

  @Test
  void devState_mapsEveryReferenceResourceToItsDeployerAddress_byIdentifyingAttributes() {
    Mapping m =
        TerraformMapper.map(dev(), TerraformState.readAll(REFERENCE.resolve("databricks_dev")));
    Map<String, Mapping.Mapped> a = byAddress(m);
    String vpc = "module.cloud_provider.module.cloud_provider_network.module.vpc.";
    assertThat(a.get("network.vpc").terraformAddress()).isEqualTo(vpc + "aws_vpc.this[0]");
    assertThat(a.get("network.vpc").how()).contains("cidr_block=10.10.0.0/16");
    // Subnets by CIDR and zone, not by index: private[1] is us-east-1b's.
    assertThat(a.get("network.private_subnet[\"us-east-1b\"]").terraformAddress())
        .isEqualTo(vpc + "aws_subnet.private[1]");
    assertThat(a.get("network.private_subnet[\"us-east-1b\"]").how())
        .contains("cidr_block=10.10.32.0/20", "availability_zone=us-east-1b");
    assertThat(a.get("network.public_subnet[\"us-east-1a\"]").terraformAddress())
        .isEqualTo(vpc + "aws_subnet.public[0]");
    // Objects without identifying attributes, through what refers to them.
    assertThat(a.get("network.nat_eip[\"us-east-1b\"]").terraformAddress())
        .isEqualTo(vpc + "aws_eip.nat[1]");
    assertThat(a.get("network.nat_eip[\"us-east-1b\"]").how()).contains("allocation_id");
    assertThat(a.get("network.private_route_table[\"us-east-1a\"]").terraformAddress())
        .isEqualTo(vpc + "aws_route_table.private[0]");
    assertThat(a.get("network.public_route_table").terraformAddress())
        .isEqualTo(vpc + "aws_route_table.public[0]");
    assertThat(a.get("network.private_default_route[\"us-east-1b\"]").id())
        .startsWith("rtb-")
        .endsWith("_0.0.0.0/0");
    assertThat(a.get("network.security_group").terraformAddress())
        .isEqualTo("module.cloud_provider.module.cloud_provider_network.aws_security_group.sg");
    assertThat(a.get("network.sts_endpoint").terraformAddress())
        .isEqualTo(
            "module.cloud_provider.module.cloud_provider_network.module.vpc_endpoints"
                + ".aws_vpc_endpoint.this[\"sts\"]");
    assertThat(a.get("cross_account.role_policy").id())
        .isEqualTo("acme-dev-crossaccount:acme-dev-crossaccount-policy");
    assertThat(a.get("account.workspace").id()).isEqualTo(WS);
    assertThat(a.get("account.credentials").id()).isEqualTo("5e0b6c1a-3f4d-4e2b-9a8c-1d2e3f4a5b6c");
    assertThat(a.get("account.metastore_assignment").id())
        .isEqualTo(WS + "|8c1f3f7e-5a4b-4d0e-9b2c-7e6d5c4b3a21");
    assertThat(a.get("account.permission_assignment[\"user:admin@example.com\"]").id())
        .isEqualTo(WS + "|" + ADMIN_ID);
    assertThat(a.get("workspace.catalog_bucket").id()).isEqualTo("acme-dev-catalog-" + WS);
    assertThat(a.get("workspace.catalog").id()).isEqualTo("acme-dev-catalog-" + WS);
    assertThat(a.get("workspace.catalog_grants").id())
        .isEqualTo("catalog/acme-dev-catalog-" + WS + "/admin@example.com");
    assertThat(a.get("workspace.cluster_policy").id()).isEqualTo("D06B2C9A1E000001");
    assertThat(a.get("workspace.workspace_conf").id()).isEqualTo(WS);

    // Every type of the list that the dev folder has is mapped.
    Set<String> types =
        m.mapped().stream().map(Mapping.Mapped::terraformType).collect(Collectors.toSet());
    assertThat(types)
        .contains(
            "aws_vpc",
            "aws_subnet",
            "aws_nat_gateway",
            "aws_eip",
            "aws_route_table",
            "aws_route",
            "aws_route_table_association",
            "aws_internet_gateway",
            "aws_default_security_group",
            "aws_security_group",
            "aws_vpc_endpoint",
            "aws_iam_role",
            "aws_iam_role_policy",
            "aws_s3_bucket",
            "aws_s3_bucket_public_access_block",
            "aws_s3_bucket_policy",
            "aws_s3_bucket_versioning",
            "aws_s3_bucket_server_side_encryption_configuration",
            "databricks_mws_credentials",
            "databricks_mws_storage_configurations",
            "databricks_mws_networks",
            "databricks_mws_workspaces",
            "databricks_metastore_assignment",
            "databricks_mws_permission_assignment",
            "databricks_storage_credential",
            "databricks_external_location",
            "databricks_catalog",
            "databricks_grant",
            "databricks_cluster_policy",
            "databricks_workspace_conf");
    // Folded settings are shown against their bucket, not adopted on their own.
    assertThat(m.mapped())
        .anySatisfy(
            r -> {
              assertThat(r.terraformType()).isEqualTo("aws_s3_bucket_versioning");
              assertThat(r.adopted()).isFalse();
              assertThat(r.deployerAddress()).isEqualTo("storage.root_bucket");
            });
  }

  @Test
  void devState_listsTerraformOnlyInstances_andDeployerOnlyResources_withReasons() {
    Mapping m =
        TerraformMapper.map(dev(), TerraformState.readAll(REFERENCE.resolve("databricks_dev")));
    assertThat(m.unmapped())
        .extracting(Mapping.Unmapped::type)
        .containsExactlyInAnyOrder(
            "null_resource", "time_sleep", "null_resource", "aws_default_network_acl");
    assertThat(m.unmapped())
        .filteredOn(u -> u.type().equals("time_sleep"))
        .singleElement()
        .satisfies(u -> assertThat(u.reason()).contains("retries with backoff"));
    assertThat(m.toCreate())
        .extracting(Mapping.ToCreate::deployerAddress)
        .containsExactly("workspace.catalog_binding");
    // The drain record has no object of its own: it is the VPC's.
    assertThat(byAddress(m).get("network.vpc_drain").id())
        .isEqualTo(byAddress(m).get("network.vpc").id());
  }

  @Test
  void commonStates_mapLogDeliveryAndTheMetastore() {
    Mapping m =
        TerraformMapper.map(
            common(), TerraformState.readAll(REFERENCE.resolve("common_infrastructure")));
    Map<String, Mapping.Mapped> a = byAddress(m);
    assertThat(a.get("unity_catalog.metastore").id())
        .isEqualTo("8c1f3f7e-5a4b-4d0e-9b2c-7e6d5c4b3a21");
    assertThat(a.get("logging.billable_usage").terraformAddress())
        .isEqualTo("databricks_mws_log_delivery.billable_usage_logs");
    assertThat(a.get("logging.billable_usage").how()).contains("delivery_path_prefix");
    assertThat(a.get("logging.audit_logs").id()).isEqualTo("0f1e2d3c-4b5a-4968-8776-000000000002");
    // Every resource of the common stack has its counterpart in the two folders.
    assertThat(a.keySet())
        .containsExactlyInAnyOrder(
            "logging.bucket",
            "logging.bucket_public_access_block",
            "logging.bucket_policy",
            "logging.role",
            "logging.credentials",
            "logging.storage_configuration",
            "logging.billable_usage",
            "logging.audit_logs",
            "unity_catalog.metastore");
    assertThat(a.get("logging.role").terraformAddress()).isEqualTo("aws_iam_role.log_delivery");
    assertThat(a.get("logging.credentials").id()).isEqualTo("1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f");
    assertThat(a.get("logging.credentials").how())
        .contains("role_arn=arn:aws:iam::123456789012:role/acme-shared-log-delivery");
    assertThat(a.get("logging.storage_configuration").id())
        .isEqualTo("6f5e4d3c-2b1a-4f0e-9d8c-7b6a5f4e3d2c");
    assertThat(a.get("logging.bucket_policy").id()).isEqualTo("acme-shared-log-delivery");
    assertThat(m.mapped())
        .filteredOn(r -> r.terraformType().equals("aws_s3_bucket_versioning"))
        .singleElement()
        .satisfies(r -> assertThat(r.deployerAddress()).isEqualTo("logging.bucket"));
    assertThat(m.unmapped()).isEmpty();
    assertThat(m.toCreate()).isEmpty();
  }

  /**
   * The reference sets no object ownership; an estate that does (aws_s3_bucket_ownership_controls,
   * in the aws provider's schema: bucket, rule.object_ownership) has it folded into the bucket it
   * belongs to, as versioning and encryption are.
   */
  @Test
  void bucketOwnershipControls_areASettingOfTheirBucket(@TempDir Path dir) throws Exception {
    ObjectNode state = referenceDevState();
    ObjectNode r = ((ArrayNode) state.get("resources")).addObject();
    r.put("module", "module.cloud_provider.module.cloud_provider_storage");
    r.put("mode", "managed").put("type", "aws_s3_bucket_ownership_controls").put("name", "root");
    r.put("provider", "provider[\"registry.terraform.io/hashicorp/aws\"]");
    ObjectNode inst = r.putArray("instances").addObject();
    inst.put("schema_version", 0);
    inst.set(
        "attributes",
        Json.mapper()
            .readTree(
                "{\"id\": \"acme-dev-workspace-root\", \"bucket\": \"acme-dev-workspace-root\","
                    + " \"rule\": [{\"object_ownership\": \"BucketOwnerEnforced\"}]}"));
    Path file = dir.resolve("terraform.tfstate");
    Json.mapper().writeValue(file.toFile(), state);

    Mapping m = TerraformMapper.map(dev(), TerraformState.readAll(file));

    assertThat(m.mapped())
        .filteredOn(x -> x.terraformType().equals("aws_s3_bucket_ownership_controls"))
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.deployerAddress()).isEqualTo("storage.root_bucket");
              assertThat(x.adopted()).isFalse();
              assertThat(x.how()).contains("a setting of bucket acme-dev-workspace-root");
            });
    assertThat(m.unmapped()).noneMatch(u -> u.type().equals("aws_s3_bucket_ownership_controls"));
  }

  @Test
  void twoInstancesWithTheSameIdentity_areRefused_namingBoth(@TempDir Path dir) throws Exception {
    ObjectNode state = referenceDevState();
    ArrayNode resources = (ArrayNode) state.get("resources");
    ObjectNode copy = null;
    for (var r : resources) {
      if (r.path("type").asText().equals("aws_vpc")) {
        copy = r.deepCopy();
      }
    }
    copy.put("module", "module.old_network");
    ((ObjectNode) copy.get("instances").get(0).get("attributes"))
        .put("id", "vpc-0000000000000000a");
    resources.add(copy);
    Path file = dir.resolve("terraform.tfstate");
    Json.mapper().writeValue(file.toFile(), state);
    assertThatThrownBy(() -> TerraformMapper.map(dev(), TerraformState.readAll(file)))
        .isInstanceOf(DeployerException.class)
        .hasMessageContaining("network.vpc")
        .hasMessageContaining("module.old_network.aws_vpc.this[0]")
        .hasMessageContaining("vpc-0000000000000000a")
        .hasMessageContaining("without guessing");
  }

  @Test
  void oneInstanceFittingTwoAddresses_isRefused_namingBoth(@TempDir Path dir) throws Exception {
    // A root bucket configured with the catalog bucket's name: both addresses claim that bucket.
    ObjectNode config = (ObjectNode) Json.mapper().readTree(CONFIG.resolve("dev.json").toFile());
    config.with("storage").put("root_bucket", "acme-dev-catalog-" + WS);
    Json.mapper().writeValue(dir.resolve("dev.json").toFile(), config);
    StackDefinition def = devFrom(dir);

    assertThatThrownBy(
            () ->
                TerraformMapper.map(
                    def, TerraformState.readAll(REFERENCE.resolve("databricks_dev"))))
        .isInstanceOf(DeployerException.class)
        .hasMessageContaining(
            "module.databricks_workspace.module.uc_catalog.aws_s3_bucket.unity_catalog_bucket")
        .hasMessageContaining("is the counterpart of both")
        .hasMessageContaining("storage.root_bucket")
        .hasMessageContaining("workspace.catalog_bucket")
        .hasMessageContaining("without guessing");
  }

  @Test
  void aTypeDeployerDoesNotManage_isListedAsLeftAlone(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("terraform.tfstate"),
        """
        {"version": 4, "terraform_version": "1.11.4", "serial": 3, "lineage": "x", "outputs": {},
         "resources": [
           {"mode": "managed", "type": "aws_sqs_queue", "name": "events",
            "provider": "provider[\\"registry.terraform.io/hashicorp/aws\\"]",
            "instances": [{"schema_version": 0, "attributes": {"id": "https://sqs/q", "name": "q"}}]},
           {"mode": "data", "type": "aws_caller_identity", "name": "me",
            "provider": "provider[\\"registry.terraform.io/hashicorp/aws\\"]",
            "instances": [{"schema_version": 0, "attributes": {"id": "123456789012"}}]}
         ]}
        """);
    Mapping m = TerraformMapper.map(dev(), TerraformState.readAll(dir));
    assertThat(m.adopted()).isEmpty();
    assertThat(m.unmapped())
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.terraformAddress()).isEqualTo("aws_sqs_queue.events");
              assertThat(u.reason()).contains("deployer does not manage aws_sqs_queue");
            });
    assertThat(m.toCreate()).extracting(Mapping.ToCreate::deployerAddress).contains("network.vpc");
  }

  @Test
  void formatVersion3_isRefusedWithHowToUpgrade() {
    assertThatThrownBy(() -> TerraformState.readAll(ROOT.resolve("format3/terraform.tfstate")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("terraform.tfstate")
        .hasMessageContaining("$.version")
        .hasMessageContaining("state format version 3")
        .hasMessageContaining("Terraform 0.11.14")
        .hasMessageContaining("Terraform 1.x");
  }

  @Test
  void theDryRunTable_showsEachRowAndTheLists() {
    Mapping m =
        TerraformMapper.map(dev(), TerraformState.readAll(REFERENCE.resolve("databricks_dev")));
    String text = MappingTable.render(m, REFERENCE);
    assertThat(text)
        .contains("TERRAFORM ADDRESS", "DEPLOYER ADDRESS", "MATCHED BY")
        .contains("# databricks_dev/terraform.tfstate")
        .contains("Left alone (4 Terraform instances")
        .contains("To be created (1 deployer resources")
        .containsPattern(
            "module\\.databricks_account\\.module\\.workspace\\.databricks_mws_workspaces\\.this +"
                + "account\\.workspace +"
                + WS
                + " +workspace_name=acme-dev");
  }

  /**
   * The reference has no repos or notebooks and grants with databricks_grant; an estate with
   * databricks_repo, databricks_notebook and databricks_grants (written in the provider's schema:
   * repos/resource_repo.go, workspace/resource_notebook.go, catalog/resource_grants.go) maps too.
   */
  @Test
  void reposNotebooksAndPluralGrants_mapByPathAndPrincipal(@TempDir Path dir) throws Exception {
    ObjectNode state = referenceDevState();
    ArrayNode resources = (ArrayNode) state.get("resources");
    for (int i = resources.size() - 1; i >= 0; i--) {
      if (resources.get(i).path("type").asText().equals("databricks_grant")) {
        resources.remove(i);
      }
    }
    String catalog = "acme-dev-catalog-" + WS;
    resources.add(
        resource(
            "databricks_grants",
            "catalog",
            "{\"id\": \"catalog/"
                + catalog
                + "\", \"catalog\": \""
                + catalog
                + "\", \"grant\": [{\"principal\": \"analysts\", \"privileges\":"
                + " [\"USE_CATALOG\"]}, {\"principal\": \"admin@example.com\", \"privileges\":"
                + " [\"ALL_PRIVILEGES\"]}]}"));
    resources.add(
        resource(
            "databricks_repo",
            "best_practices",
            "{\"id\": \"1098765432101234\", \"url\":"
                + " \"https://github.com/databricks/notebook-best-practices\", \"git_provider\":"
                + " \"gitHub\", \"path\": \"/Repos/platform/notebook-best-practices\","
                + " \"branch\": \"main\", \"commit_hash\": \"5e1f0c2\", \"tag\": null}"));
    resources.add(
        resource(
            "databricks_notebook",
            "smoke_test",
            "{\"id\": \"/Shared/platform/smoke_test\", \"path\": \"/Shared/platform/smoke_test\","
                + " \"language\": \"PYTHON\", \"format\": \"SOURCE\", \"object_id\":"
                + " 4120371739393021, \"object_type\": \"NOTEBOOK\", \"md5\": \"x\"}"));
    Path file = dir.resolve("terraform.tfstate");
    Json.mapper().writeValue(file.toFile(), state);
    Path config = ROOT.resolve("config-files");
    StackDefinition def = devFrom(config);

    Map<String, Mapping.Mapped> a =
        byAddress(TerraformMapper.map(def, TerraformState.readAll(file)));

    assertThat(a.get("workspace_files.repo[\"/Repos/platform/notebook-best-practices\"]").id())
        .isEqualTo("1098765432101234");
    assertThat(a.get("workspace_files.notebook[\"/Shared/platform/smoke_test\"]").id())
        .isEqualTo("/Shared/platform/smoke_test");
    // One databricks_grants for the catalog lists every principal; deployer's grant is the admin's.
    assertThat(a.get("workspace.catalog_grants").terraformAddress())
        .isEqualTo("module.extra.databricks_grants.catalog");
    assertThat(a.get("workspace.catalog_grants").id())
        .isEqualTo("catalog/" + catalog + "/admin@example.com");
  }

  private static ObjectNode resource(String type, String name, String attributes) throws Exception {
    ObjectNode r = Json.mapper().createObjectNode();
    r.put("module", "module.extra");
    r.put("mode", "managed").put("type", type).put("name", name);
    r.put("provider", "provider[\"registry.terraform.io/databricks/databricks\"].workspace");
    ObjectNode inst = r.putArray("instances").addObject();
    inst.put("schema_version", 0);
    inst.set("attributes", Json.mapper().readTree(attributes));
    return r;
  }
}
