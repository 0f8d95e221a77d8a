package dev.deployer.cli;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.billing.CreateLogDeliveryConfigurationParams;
import com.databricks.sdk.service.billing.LogDeliveryConfiguration;
import com.databricks.sdk.service.billing.LogType;
import com.databricks.sdk.service.billing.OutputFormat;
import com.databricks.sdk.service.billing.WrappedCreateLogDeliveryConfiguration;
import com.databricks.sdk.service.catalog.AccountsCreateMetastore;
import com.databricks.sdk.service.catalog.AccountsCreateMetastoreAssignment;
import com.databricks.sdk.service.catalog.AccountsUpdateMetastoreAssignment;
import com.databricks.sdk.service.catalog.AwsIamRoleRequest;
import com.databricks.sdk.service.catalog.CatalogIsolationMode;
import com.databricks.sdk.service.catalog.CreateAccountsMetastore;
import com.databricks.sdk.service.catalog.CreateCatalog;
import com.databricks.sdk.service.catalog.CreateExternalLocation;
import com.databricks.sdk.service.catalog.CreateMetastoreAssignment;
import com.databricks.sdk.service.catalog.CreateStorageCredential;
import com.databricks.sdk.service.catalog.PermissionsChange;
import com.databricks.sdk.service.catalog.Privilege;
import com.databricks.sdk.service.catalog.UpdateCatalog;
import com.databricks.sdk.service.catalog.UpdateMetastoreAssignment;
import com.databricks.sdk.service.catalog.UpdatePermissions;
import com.databricks.sdk.service.compute.CreatePolicy;
import com.databricks.sdk.service.iam.ListAccountUsersRequest;
import com.databricks.sdk.service.iam.UpdateWorkspaceAssignments;
import com.databricks.sdk.service.iam.WorkspacePermission;
import com.databricks.sdk.service.provisioning.CreateCredentialAwsCredentials;
import com.databricks.sdk.service.provisioning.CreateCredentialRequest;
import com.databricks.sdk.service.provisioning.CreateCredentialStsRole;
import com.databricks.sdk.service.provisioning.CreateNetworkRequest;
import com.databricks.sdk.service.provisioning.CreateStorageConfigurationRequest;
import com.databricks.sdk.service.provisioning.CreateWorkspaceRequest;
import com.databricks.sdk.service.provisioning.PricingTier;
import com.databricks.sdk.service.provisioning.RootBucketInfo;
import com.databricks.sdk.service.provisioning.Workspace;
import com.databricks.sdk.service.provisioning.WorkspaceStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.account.DatabricksClients;
import dev.deployer.cloud.AwsClients;
import dev.deployer.cloud.Tags;
import dev.deployer.core.json.Json;
import dev.deployer.core.retry.Sleeper;
import dev.deployer.core.retry.Waiter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;
import software.amazon.awssdk.services.ec2.model.VpcEndpointType;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The Terraform reference's estate (github:JDBraun/dbx_mws_example): its common folders ({@code
 * common_infrastructure/logging} and {@code unity_catalog}) and its dev environment, created
 * through the SDKs the way its configuration creates them (the same names, CIDRs, tags, the VPC
 * module's layout, a security group AWS names, the logging folder's policies), together with the
 * Terraform state (format 4) that Terraform would have written for each folder: the provider's
 * resource addresses, types and attribute names, with the real ids. AWS's eventual consistency is
 * retried as the aws provider retries it, so the estate builds behind the sandbox's fault proxy.
 */
final class ReferenceEstate {
  static final String PREFIX = "acme-dev";
  static final String REGION = "us-east-1";
  static final List<String> AZS = List.of("us-east-1a", "us-east-1b");
  static final List<String> PUBLIC = List.of("10.10.0.0/24", "10.10.1.0/24");
  static final List<String> PRIVATE = List.of("10.10.16.0/20", "10.10.32.0/20");
  static final List<Integer> EGRESS_PORTS =
      List.of(443, 3306, 6666, 2443, 8443, 8444, 8445, 8446, 8447, 8448, 8449, 8450, 8451);
  static final String ADMIN = "admin@example.com";

  /** The common folders' resource_prefix. */
  static final String COMMON_PREFIX = "acme-shared";

  static final String OWNER = "platform-team@example.com";

  /**
   * Databricks' role that writes the logs (databricks_aws_assume_role_policy, for_log_delivery).
   */
  private static final String LOG_DELIVERY_PRINCIPAL =
      "arn:aws:iam::414351767826:role/SaasUsageDeliveryRole-prod-IAMRole-3PLHICCRR1TK";

  private static final String AWS_P = "provider[\"registry.terraform.io/hashicorp/aws\"]";

  /** The common folders' one Databricks provider, on the account host. */
  private static final String DBX_P = "provider[\"registry.terraform.io/databricks/databricks\"]";

  private static final String MWS_P =
      "provider[\"registry.terraform.io/databricks/databricks\"].mws";
  private static final String WS_P =
      "provider[\"registry.terraform.io/databricks/databricks\"].workspace";
  private static final String NET = "module.cloud_provider.module.cloud_provider_network";
  private static final String VPC_MOD = NET + ".module.vpc";

  private final AwsClients aws;
  private final DatabricksClients databricks;

  /** The instances of the Terraform root being built; {@link #state} hands them out. */
  private ArrayNode resources = Json.mapper().createArrayNode();

  private final Waiter waiter = new Waiter(Clock.systemUTC(), Sleeper.system());

  /** The aws provider's default_tags of the root being built (its resource_prefix). */
  private Map<String, String> defaultTags = Map.of("Owner", OWNER, "Resource", PREFIX);

  /** What the estate is made of, for the assertions. */
  String vpcId;

  String workspaceId;
  String metastoreId;
  String securityGroupName;
  String catalog;

  /** The waits, with the seconds since the estate was started, as the test's output shows. */
  final List<String> log = new ArrayList<>();

  private final long started = System.nanoTime();

  void progress(String line) {
    String timed = String.format("[%5.1f s] %s", (System.nanoTime() - started) / 1e9, line);
    log.add(timed);
    System.out.println("reference estate " + timed);
  }

  ReferenceEstate(AwsClients aws, DatabricksClients databricks) {
    this.aws = aws;
    this.databricks = databricks;
  }

  /** Creates the dev folder's estate (after {@link #deployCommon}) and returns its state. */
  ObjectNode deploy() {
    java.util.Objects.requireNonNull(metastoreId, "the common folders are applied first");
    progress("dev folder");
    String accountId = databricks.accountId();
    String awsAccount = "123456789012";
    Ec2Client ec2 = aws.ec2();
    // Created in the order Terraform's graph allows (it runs up to ten at once): what refers to
    // a new object comes after other creates, as AWS shows a new id to other calls only after a
    // moment (the provider retries those, and so does visible()).
    // ---- module.cloud_provider_credential
    String cred = "module.cloud_provider.module.cloud_provider_credential";
    String roleName = PREFIX + "-crossaccount";
    String roleArn =
        role(
            cred,
            "cross_account_role",
            roleName,
            crossAccountTrust(accountId),
            Map.of("Name", PREFIX + "-crossaccount-role"));
    // ---- module.cloud_provider.module.cloud_provider_network.module.vpc (terraform-aws-modules)
    String vpcName = PREFIX + "-data-plane-VPC";
    vpcId =
        ec2.createVpc(
                r ->
                    r.cidrBlock("10.10.0.0/16")
                        .tagSpecifications(tags(ResourceType.VPC, Map.of("Name", vpcName))))
            .vpc()
            .vpcId();
    String igw =
        ec2.createInternetGateway(
                r ->
                    r.tagSpecifications(
                        tags(ResourceType.INTERNET_GATEWAY, Map.of("Name", vpcName))))
            .internetGateway()
            .internetGatewayId();
    visible(
        "VPC attribute",
        () -> ec2.modifyVpcAttribute(r -> r.vpcId(vpcId).enableDnsHostnames(b -> b.value(true))));
    res(
        VPC_MOD,
        "aws_vpc",
        "this",
        0,
        AWS_P,
        tagged(
            attrs(
                "id",
                vpcId,
                "cidr_block",
                "10.10.0.0/16",
                "enable_dns_hostnames",
                true,
                "enable_dns_support",
                true,
                "arn",
                "arn:aws:ec2:us-east-1:" + awsAccount + ":vpc/" + vpcId),
            Map.of("Name", vpcName)));
    visible(
        "internet gateway attachment",
        () -> ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpcId)));
    res(
        VPC_MOD,
        "aws_internet_gateway",
        "this",
        0,
        AWS_P,
        tagged(attrs("id", igw, "vpc_id", vpcId), Map.of("Name", vpcName)));
    List<String> pub = new ArrayList<>();
    List<String> priv = new ArrayList<>();
    for (int i = 0; i < AZS.size(); i++) {
      pub.add(subnet(ec2, "public", i, PUBLIC.get(i)));
      priv.add(subnet(ec2, "private", i, PRIVATE.get(i)));
    }
    // ---- the workspace security group: no name in the reference, so Terraform makes one up
    securityGroupName = "terraform-20261201090000000000000001";
    String sg =
        visible(
                "security group",
                () ->
                    ec2.createSecurityGroup(
                        r ->
                            r.groupName(securityGroupName)
                                .description("Managed by Terraform")
                                .vpcId(vpcId)
                                .tagSpecifications(
                                    tags(
                                        ResourceType.SECURITY_GROUP,
                                        Map.of("Name", PREFIX + "-data-plane-sg")))))
            .groupId();
    String publicRt = routeTable(ec2, "public", 0, vpcName + "-public");
    List<String> privateRts = new ArrayList<>();
    for (int i = 0; i < AZS.size(); i++) {
      privateRts.add(routeTable(ec2, "private", i, vpcName + "-private-" + AZS.get(i)));
    }
    List<String> nats = new ArrayList<>();
    for (int i = 0; i < AZS.size(); i++) {
      Map<String, String> name = Map.of("Name", vpcName + "-" + AZS.get(i));
      String alloc =
          ec2.allocateAddress(
                  r ->
                      r.domain(DomainType.VPC)
                          .tagSpecifications(tags(ResourceType.ELASTIC_IP, name)))
              .allocationId();
      res(
          VPC_MOD,
          "aws_eip",
          "nat",
          i,
          AWS_P,
          tagged(attrs("id", alloc, "allocation_id", alloc, "domain", "vpc"), name));
      int n = i;
      String nat =
          visible(
                  "NAT gateway",
                  () ->
                      ec2.createNatGateway(
                          r ->
                              r.subnetId(pub.get(n))
                                  .allocationId(alloc)
                                  .tagSpecifications(tags(ResourceType.NATGATEWAY, name))))
              .natGateway()
              .natGatewayId();
      nats.add(nat);
      res(
          VPC_MOD,
          "aws_nat_gateway",
          "this",
          i,
          AWS_P,
          tagged(
              attrs(
                  "id",
                  nat,
                  "allocation_id",
                  alloc,
                  "subnet_id",
                  pub.get(i),
                  "connectivity_type",
                  "public"),
              name));
    }
    route(ec2, "public_internet_gateway", 0, publicRt, igw, null);
    for (int i = 0; i < AZS.size(); i++) {
      associate(ec2, "public", i, pub.get(i), publicRt);
      associate(ec2, "private", i, priv.get(i), privateRts.get(i));
    }
    // Terraform removes AWS's allow-all egress rule before adding the configured ones.
    visible(
        "security group egress",
        () ->
            ec2.revokeSecurityGroupEgress(
                r ->
                    r.groupId(sg)
                        .ipPermissions(
                            IpPermission.builder()
                                .ipProtocol("-1")
                                .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build())
                                .build())));
    List<IpPermission> self = new ArrayList<>();
    ArrayNode ingress = Json.mapper().createArrayNode();
    ArrayNode egress = Json.mapper().createArrayNode();
    for (String p : List.of("tcp", "udp")) {
      self.add(
          IpPermission.builder()
              .ipProtocol(p)
              .fromPort(0)
              .toPort(65535)
              .userIdGroupPairs(UserIdGroupPair.builder().groupId(sg).build())
              .build());
      ingress.add(sgRule(p, 0, 65535, true, null));
      egress.add(sgRule(p, 0, 65535, true, null));
    }
    visible(
        "security group ingress",
        () -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(sg).ipPermissions(self)));
    List<IpPermission> out = new ArrayList<>(self);
    for (int port : EGRESS_PORTS) {
      out.add(
          IpPermission.builder()
              .ipProtocol("tcp")
              .fromPort(port)
              .toPort(port)
              .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build())
              .build());
      egress.add(sgRule("tcp", port, port, false, "0.0.0.0/0"));
    }
    visible(
        "security group egress rules",
        () -> ec2.authorizeSecurityGroupEgress(r -> r.groupId(sg).ipPermissions(out)));
    ObjectNode sgAttrs =
        tagged(
            attrs(
                "id",
                sg,
                "name",
                securityGroupName,
                "description",
                "Managed by Terraform",
                "vpc_id",
                vpcId,
                "revoke_rules_on_delete",
                false),
            Map.of("Name", PREFIX + "-data-plane-sg"));
    sgAttrs.set("ingress", ingress);
    sgAttrs.set("egress", egress);
    res(NET, "aws_security_group", "sg", null, AWS_P, sgAttrs);
    // The module manages the default security group with no rules.
    SecurityGroup def =
        visible(
            "the VPC's default security group",
            () ->
                ec2
                    .describeSecurityGroups(
                        r -> r.filters(Filter.builder().name("vpc-id").values(vpcId).build()))
                    .securityGroups()
                    .stream()
                    .filter(g -> g.groupName().equals("default"))
                    .findFirst()
                    .orElseThrow(() -> new NotYetVisible("no default security group yet")));
    if (!def.ipPermissions().isEmpty()) {
      ec2.revokeSecurityGroupIngress(
          r -> r.groupId(def.groupId()).ipPermissions(def.ipPermissions()));
    }
    if (!def.ipPermissionsEgress().isEmpty()) {
      ec2.revokeSecurityGroupEgress(
          r -> r.groupId(def.groupId()).ipPermissions(def.ipPermissionsEgress()));
    }
    Map<String, String> defName = Map.of("Name", vpcName + "-default");
    ec2.createTags(r -> r.resources(def.groupId()).tags(tagList(defName)));
    res(
        VPC_MOD,
        "aws_default_security_group",
        "this",
        0,
        AWS_P,
        tagged(attrs("id", def.groupId(), "vpc_id", vpcId, "name", "default"), defName));
    // ---- module.vpc_endpoints
    endpoint(ec2, "s3", "s3", VpcEndpointType.GATEWAY, privateRts, List.of(), List.of());
    endpoint(ec2, "sts", "sts", VpcEndpointType.INTERFACE, List.of(), priv, List.of(sg));
    endpoint(
        ec2, "kinesis-streams", "kinesis", VpcEndpointType.INTERFACE, List.of(), priv, List.of(sg));
    ObjectNode policy = Json.mapper().createObjectNode().put("Version", "2012-10-17");
    ArrayNode st = policy.putArray("Statement");
    ObjectNode s1 = st.addObject().put("Sid", "NonResourceBasedPermissions").put("Effect", "Allow");
    s1.putArray("Action")
        .add("ec2:DescribeInstances")
        .add("ec2:DescribeVpcs")
        .add("ec2:CreateTags");
    s1.putArray("Resource").add("*");
    rolePolicy(cred, "cross_account", roleName, PREFIX + "-crossaccount-policy", policy);
    // ---- module.cloud_provider_storage
    String storage = "module.cloud_provider.module.cloud_provider_storage";
    String rootBucket = PREFIX + "-workspace-root";
    bucket(storage, "root_storage_bucket", rootBucket, "root_bucket_versioning", null);
    publicAccessBlock(storage, "root_storage_bucket", rootBucket);
    bucketPolicy(
        storage, "root_bucket_policy", rootBucket, rootBucketPolicy(rootBucket, accountId));

    // The provider waits for each NAT gateway to be available before its routes are created.
    untilAvailable(
        "NAT gateways",
        () -> ec2.describeNatGateways(r -> r.natGatewayIds(nats)).natGateways(),
        g -> g.natGatewayId() + " " + g.stateAsString());
    for (int i = 0; i < AZS.size(); i++) {
      route(ec2, "private_nat_gateway", i, privateRts.get(i), null, nats.get(i));
    }
    untilAvailable(
        "VPC endpoints",
        () ->
            ec2.describeVpcEndpoints(
                    r -> r.filters(Filter.builder().name("vpc-id").values(vpcId).build()))
                .vpcEndpoints(),
        e -> e.vpcEndpointId() + " " + e.stateAsString());
    progress("dev folder: account level");
    AccountClient acct = databricks.account();
    String wsMod = "module.databricks_account.module.workspace";
    resources.add(
        plain(
            wsMod,
            "null_resource",
            "previous",
            "provider[\"registry.terraform.io/hashicorp/null\"]",
            attrs("id", "4213658301941217381")));
    String credentialsId =
        credentials(wsMod, "this", MWS_P, PREFIX + "-credentials", roleArn, "credentials");
    String storageId = storageConfiguration(wsMod, "this", MWS_P, PREFIX + "-storage", rootBucket);
    var network =
        acct.networks()
            .create(
                new CreateNetworkRequest()
                    .setNetworkName(PREFIX + "-network")
                    .setVpcId(vpcId)
                    .setSubnetIds(priv)
                    .setSecurityGroupIds(List.of(sg)));
    ObjectNode netAttrs =
        attrs(
            "id",
            accountId + "/" + network.getNetworkId(),
            "account_id",
            accountId,
            "network_id",
            network.getNetworkId(),
            "network_name",
            PREFIX + "-network",
            "vpc_id",
            vpcId);
    netAttrs.set("subnet_ids", Json.tree(priv));
    netAttrs.set("security_group_ids", Json.tree(List.of(sg)));
    res(wsMod, "databricks_mws_networks", "this", null, MWS_P, netAttrs);
    Workspace created =
        eventually(
            "workspace (IAM propagation)",
            () ->
                acct.workspaces()
                    .create(
                        new CreateWorkspaceRequest()
                            .setWorkspaceName(PREFIX)
                            .setAwsRegion(REGION)
                            .setCredentialsId(credentialsId)
                            .setStorageConfigurationId(storageId)
                            .setNetworkId(network.getNetworkId())
                            .setPricingTier(PricingTier.ENTERPRISE))
                    .getResponse());
    long wsId = created.getWorkspaceId();
    workspaceId = Long.toString(wsId);
    Workspace ws =
        waiter.until(
            "workspace " + PREFIX + " RUNNING",
            Duration.ofMinutes(3),
            Duration.ofMillis(200),
            Duration.ofSeconds(2),
            () -> acct.workspaces().get(wsId),
            w ->
                w.getWorkspaceStatus() == WorkspaceStatus.RUNNING
                    ? Waiter.State.DONE
                    : w.getWorkspaceStatus() == WorkspaceStatus.FAILED
                        ? Waiter.State.FAILED
                        : Waiter.State.PENDING,
            w -> String.valueOf(w.getWorkspaceStatus()),
            this::progress);
    ObjectNode wsAttrs =
        attrs(
            "id",
            accountId + "/" + workspaceId,
            "account_id",
            accountId,
            "workspace_name",
            PREFIX,
            "aws_region",
            REGION,
            "credentials_id",
            credentialsId,
            "storage_configuration_id",
            storageId,
            "network_id",
            network.getNetworkId(),
            "pricing_tier",
            "ENTERPRISE",
            "deployment_name",
            ws.getDeploymentName(),
            "workspace_status",
            "RUNNING",
            "workspace_url",
            databricks.workspaceUrl(ws.getDeploymentName()));
    wsAttrs.put("workspace_id", wsId);
    res(wsMod, "databricks_mws_workspaces", "this", null, MWS_P, wsAttrs);

    // An account with automatic Unity Catalog enablement has already assigned the region's
    // metastore (the common folder's) to the new workspace, and the provider's create is refused;
    // the reference's users then `terraform import` the assignment and apply its default catalog.
    if (assignedMetastore(acct, wsId).filter(metastoreId::equals).isPresent()) {
      acct.metastoreAssignments()
          .update(
              new AccountsUpdateMetastoreAssignment()
                  .setWorkspaceId(wsId)
                  .setMetastoreId(metastoreId)
                  .setMetastoreAssignment(
                      new UpdateMetastoreAssignment()
                          .setMetastoreId(metastoreId)
                          .setDefaultCatalogName("main")));
    } else {
      acct.metastoreAssignments()
          .create(
              new AccountsCreateMetastoreAssignment()
                  .setWorkspaceId(wsId)
                  .setMetastoreId(metastoreId)
                  .setMetastoreAssignment(
                      new CreateMetastoreAssignment()
                          .setMetastoreId(metastoreId)
                          .setDefaultCatalogName("main")));
    }
    ObjectNode ma =
        attrs(
            "id",
            workspaceId + "|" + metastoreId,
            "metastore_id",
            metastoreId,
            "default_catalog_name",
            "main");
    ma.put("workspace_id", wsId);
    res(
        "module.databricks_account.module.metastore_assignment",
        "databricks_metastore_assignment",
        "this",
        null,
        MWS_P,
        ma);

    // ---- module.databricks_workspace.module.uc_catalog
    progress("dev folder: workspace level");
    WorkspaceClient w = databricks.workspace(ws.getDeploymentName(), workspaceId);
    String uc = "module.databricks_workspace.module.uc_catalog";
    catalog = PREFIX + "-catalog-" + workspaceId;
    String ucRole = PREFIX + "-unity-catalog-" + workspaceId;
    String ucRoleArn =
        role(
            uc,
            "unity_catalog_role",
            ucRole,
            ucTrust(accountId, awsAccount, ucRole),
            Map.of("Name", PREFIX + "-unity-catalog"));
    ObjectNode ucPolicy = Json.mapper().createObjectNode().put("Version", "2012-10-17");
    ObjectNode ucs = ucPolicy.putArray("Statement").addObject().put("Effect", "Allow");
    ucs.putArray("Action")
        .add("s3:GetObject")
        .add("s3:PutObject")
        .add("s3:DeleteObject")
        .add("s3:ListBucket")
        .add("s3:GetBucketLocation");
    ucs.putArray("Resource").add("arn:aws:s3:::" + catalog + "/*").add("arn:aws:s3:::" + catalog);
    bucket(uc, "unity_catalog_bucket", catalog, "unity_catalog_versioning", "unity_catalog");
    publicAccessBlock(uc, "unity_catalog", catalog);
    rolePolicy(
        uc, "unity_catalog", ucRole, PREFIX + "-unity-catalog-policy-" + workspaceId, ucPolicy);
    var credential =
        eventually(
            "storage credential (Unity Catalog sees the workspace)",
            () ->
                w.storageCredentials()
                    .create(
                        new CreateStorageCredential()
                            .setName(ucRole)
                            .setAwsIamRole(new AwsIamRoleRequest().setRoleArn(ucRoleArn))));
    ObjectNode scAttrs =
        attrs(
            "id",
            ucRole,
            "name",
            ucRole,
            "metastore_id",
            metastoreId,
            "read_only",
            false,
            "storage_credential_id",
            credential.getId());
    ObjectNode iamRole = scAttrs.putArray("aws_iam_role").addObject();
    iamRole.put("role_arn", ucRoleArn);
    iamRole.put("external_id", credential.getAwsIamRole().getExternalId());
    iamRole.put("unity_catalog_iam_arn", credential.getAwsIamRole().getUnityCatalogIamArn());
    res(
        uc,
        "databricks_storage_credential",
        "workspace_catalog_storage_credential",
        null,
        WS_P,
        scAttrs);
    String url = "s3://" + catalog + "/catalog/";
    eventually(
        "external location",
        () ->
            w.externalLocations()
                .create(
                    new CreateExternalLocation()
                        .setName(catalog)
                        .setUrl(url)
                        .setCredentialName(ucRole)
                        .setSkipValidation(true)
                        .setReadOnly(false)
                        .setComment("Managed by TF")));
    res(
        uc,
        "databricks_external_location",
        "workspace_catalog_external_location",
        null,
        WS_P,
        attrs(
            "id",
            catalog,
            "name",
            catalog,
            "url",
            url,
            "credential_name",
            ucRole,
            "comment",
            "Managed by TF",
            "read_only",
            false,
            "skip_validation",
            true,
            "metastore_id",
            metastoreId));
    // The new host still drops some connections (the emulator's settling window after RUNNING);
    // a dropped request was never processed, so these are retried as the provider retries them.
    eventually(
        "catalog",
        () ->
            w.catalogs()
                .create(
                    new CreateCatalog()
                        .setName(catalog)
                        .setComment("This catalog is for workspace - " + workspaceId)
                        .setStorageRoot(url)
                        .setProperties(
                            Map.of("purpose", "Catalog for workspace - " + workspaceId))));
    eventually(
        "catalog isolation",
        () ->
            w.catalogs()
                .update(
                    new UpdateCatalog()
                        .setName(catalog)
                        .setIsolationMode(CatalogIsolationMode.ISOLATED)));
    // The provider binds the current workspace right after isolating, which binds none
    // (catalog/bindings AddCurrentWorkspaceBindings); no resource of the state records it.
    eventually(
        "catalog binding",
        () ->
            w.workspaceBindings()
                .updateBindings(
                    new com.databricks.sdk.service.catalog.UpdateWorkspaceBindingsParameters()
                        .setSecurableType("catalog")
                        .setSecurableName(catalog)
                        .setAdd(
                            List.of(
                                new com.databricks.sdk.service.catalog.WorkspaceBinding()
                                    .setWorkspaceId(Long.parseLong(workspaceId))
                                    .setBindingType(
                                        com.databricks.sdk.service.catalog
                                            .WorkspaceBindingBindingType
                                            .BINDING_TYPE_READ_WRITE)))));
    ObjectNode catAttrs =
        attrs(
            "id",
            catalog,
            "name",
            catalog,
            "comment",
            "This catalog is for workspace - " + workspaceId,
            "isolation_mode",
            "ISOLATED",
            "storage_root",
            url,
            "metastore_id",
            metastoreId);
    catAttrs.set(
        "properties", Json.tree(Map.of("purpose", "Catalog for workspace - " + workspaceId)));
    res(uc, "databricks_catalog", "workspace_catalog", null, WS_P, catAttrs);
    eventually(
        "catalog grants",
        () ->
            w.grants()
                .update(
                    new UpdatePermissions()
                        .setSecurableType("catalog")
                        .setFullName(catalog)
                        .setChanges(
                            List.of(
                                new PermissionsChange()
                                    .setPrincipal(ADMIN)
                                    .setAdd(List.of(Privilege.ALL_PRIVILEGES))))));
    ObjectNode grant =
        attrs("id", "catalog/" + catalog + "/" + ADMIN, "catalog", catalog, "principal", ADMIN);
    grant.set("privileges", Json.tree(List.of("ALL_PRIVILEGES")));
    res(uc, "databricks_grant", "workspace_catalog", null, WS_P, grant);

    // ---- cluster policy and workspace settings
    ObjectNode def2 = Json.mapper().createObjectNode();
    def2.putObject("dbus_per_hour").put("type", "range").put("maxValue", 10);
    def2.putObject("autotermination_minutes")
        .put("type", "fixed")
        .put("value", 20)
        .put("hidden", true);
    def2.putObject("custom_tags.Team").put("type", "fixed").put("value", "data-platform");
    def2.putObject("spark_conf.spark.databricks.io.cache.enabled")
        .put("type", "fixed")
        .put("value", "true");
    String policyId =
        eventually(
            "cluster policy",
            () ->
                w.clusterPolicies()
                    .create(
                        new CreatePolicy()
                            .setName("data-platform cluster policy")
                            .setDefinition(def2.toString()))
                    .getPolicyId());
    res(
        "module.databricks_workspace.module.dev_compute_policy",
        "databricks_cluster_policy",
        "fair_use",
        null,
        WS_P,
        attrs(
            "id",
            policyId,
            "policy_id",
            policyId,
            "name",
            "data-platform cluster policy",
            "definition",
            def2.toString()));
    Map<String, String> conf = new LinkedHashMap<>();
    for (String k :
        List.of(
            "enableResultsDownloading",
            "enableNotebookTableClipboard",
            "enableWebTerminal",
            "enableDbfsFileBrowser")) {
      conf.put(k, "false");
    }
    for (String k :
        List.of(
            "enableVerboseAuditLogs",
            "enable-X-Frame-Options",
            "enable-X-Content-Type-Options",
            "enable-X-XSS-Protection",
            "enforceUserIsolation",
            "enableNotebookGitVersioning")) {
      conf.put(k, "true");
    }
    eventually("workspace settings", () -> w.workspaceConf().setStatus(conf));
    ObjectNode wc = attrs("id", "_");
    wc.set("custom_config", Json.tree(conf));
    res(
        "module.databricks_workspace.module.workspace_config",
        "databricks_workspace_conf",
        "just_config_map",
        null,
        WS_P,
        wc);

    // ---- module.databricks_account.module.identity_assignment: independent of the catalog in
    // Terraform's graph, so it runs while the workspace's Unity Catalog settles
    String admin = null;
    for (var u :
        acct.users()
            .list(new ListAccountUsersRequest().setFilter("userName eq \"" + ADMIN + "\""))) {
      admin = u.getId();
    }
    String adminId = java.util.Objects.requireNonNull(admin, ADMIN + " in the sandbox directory");
    eventually(
        "permission assignment",
        () ->
            acct.workspaceAssignment()
                .update(
                    new UpdateWorkspaceAssignments()
                        .setWorkspaceId(wsId)
                        .setPrincipalId(Long.parseLong(adminId))
                        .setPermissions(List.of(WorkspacePermission.ADMIN))));
    String idMod = "module.databricks_account.module.identity_assignment";
    ObjectNode user =
        plain(
            idMod,
            "databricks_user",
            "user",
            MWS_P,
            attrs("id", adminId, "user_name", ADMIN, "user_id", adminId));
    user.put("mode", "data");
    resources.add(user);
    ObjectNode pa = attrs("id", workspaceId + "|" + adminId);
    pa.put("workspace_id", wsId);
    pa.put("principal_id", Long.parseLong(adminId));
    pa.set("permissions", Json.tree(List.of("ADMIN")));
    res(idMod, "databricks_mws_permission_assignment", "user", null, MWS_P, pa);
    return state(57, "7d1f0a8e-2b3c-4d5e-8f9a-0b1c2d3e4f5a", Map.of());
  }

  /**
   * The reference's common folders, applied before any environment (its README's order): {@code
   * common_infrastructure/logging} (the log bucket, its role and policy, the credentials and
   * storage configuration Databricks writes with, the billable-usage and audit-log deliveries) and
   * {@code common_infrastructure/unity_catalog} (the metastore, without root storage). Returns each
   * folder's state by its path under the Terraform root.
   */
  Map<String, ObjectNode> deployCommon() {
    progress("common folders");
    String accountId = databricks.accountId();
    AccountClient acct = databricks.account();
    Map<String, ObjectNode> states = new LinkedHashMap<>();
    // ---- common_infrastructure/unity_catalog: databricks_metastore.this
    var metastore =
        acct.metastores()
            .create(
                new AccountsCreateMetastore()
                    .setMetastoreInfo(
                        new CreateAccountsMetastore()
                            .setName("unity-catalog-" + COMMON_PREFIX)
                            .setRegion(REGION)))
            .getMetastoreInfo();
    metastoreId = metastore.getMetastoreId();
    ObjectNode ms =
        attrs(
            "id",
            metastoreId,
            "metastore_id",
            metastoreId,
            "name",
            metastore.getName(),
            "region",
            REGION,
            "cloud",
            metastore.getCloud(),
            "owner",
            metastore.getOwner(),
            "global_metastore_id",
            metastore.getGlobalMetastoreId(),
            "created_by",
            metastore.getCreatedBy(),
            "updated_by",
            metastore.getUpdatedBy(),
            "force_destroy",
            true);
    ms.put("created_at", metastore.getCreatedAt());
    ms.put("updated_at", metastore.getUpdatedAt());
    for (String unset :
        List.of(
            "storage_root",
            "storage_root_credential_id",
            "default_data_access_config_id",
            "delta_sharing_scope",
            "delta_sharing_organization_name",
            "delta_sharing_recipient_token_lifetime_in_seconds")) {
      ms.putNull(unset);
    }
    res(null, "databricks_metastore", "this", null, DBX_P, ms);
    states.put(
        "common_infrastructure/unity_catalog",
        state(2, "3b9f0c2e-6a1d-4e5f-8b7c-9d0e1f2a3b4c", Map.of("metastore_id", metastoreId)));

    // ---- common_infrastructure/logging (logging.tf)
    String bucket = COMMON_PREFIX + "-log-delivery";
    defaultTags = Map.of("Owner", OWNER, "Resource", COMMON_PREFIX);
    ObjectNode trust = Json.mapper().createObjectNode().put("Version", "2012-10-17");
    ObjectNode t =
        trust
            .putArray("Statement")
            .addObject()
            .put("Effect", "Allow")
            .put("Action", "sts:AssumeRole");
    t.putObject("Principal").put("AWS", LOG_DELIVERY_PRINCIPAL);
    t.putObject("Condition").putObject("StringEquals").put("sts:ExternalId", accountId);
    ObjectNode trustData =
        plain(
            null,
            "databricks_aws_assume_role_policy",
            "log_delivery",
            DBX_P,
            attrs(
                "id",
                "2283541040",
                "external_id",
                accountId,
                "for_log_delivery",
                true,
                "json",
                trust.toString()));
    trustData.put("mode", "data");
    resources.add(trustData);
    String roleName = COMMON_PREFIX + "-log-delivery";
    String roleArn =
        role(
            null,
            "log_delivery",
            roleName,
            "(" + COMMON_PREFIX + ") Log Delivery Role",
            trust,
            Map.of("Name", COMMON_PREFIX + "-log-delivery-role"));
    bucket(null, "log_delivery", bucket, "log_delivery", null);
    publicAccessBlock(null, "log_delivery", bucket);
    bucketPolicy(null, "log_delivery", bucket, logBucketPolicy(bucket, roleArn));
    String credentialsId =
        credentials(
            null,
            "log_writer",
            DBX_P,
            COMMON_PREFIX + "-log-delivery-credential",
            roleArn,
            "log delivery credentials");
    String storageId =
        storageConfiguration(
            null, "log_bucket", DBX_P, COMMON_PREFIX + "-log-delivery-bucket", bucket);
    logDelivery(
        "billable_usage_logs",
        "Billable Usage Logs",
        LogType.BILLABLE_USAGE,
        OutputFormat.CSV,
        "billable-usage-logs",
        credentialsId,
        storageId);
    logDelivery(
        "audit_logs",
        "Audit Logs",
        LogType.AUDIT_LOGS,
        OutputFormat.JSON,
        "audit-logs",
        credentialsId,
        storageId);
    defaultTags = Map.of("Owner", OWNER, "Resource", PREFIX);
    states.put(
        "common_infrastructure/logging",
        state(7, "b26d270d-a069-8dfe-92fa-f58ab32ece14", Map.of()));
    return states;
  }

  /** databricks_mws_credentials: created once IAM shows the role to Databricks. */
  private String credentials(
      String module,
      String name,
      String provider,
      String credentialsName,
      String roleArn,
      String what) {
    var c =
        eventually(
            what + " (IAM propagation)",
            () ->
                databricks
                    .account()
                    .credentials()
                    .create(
                        new CreateCredentialRequest()
                            .setCredentialsName(credentialsName)
                            .setAwsCredentials(
                                new CreateCredentialAwsCredentials()
                                    .setStsRole(
                                        new CreateCredentialStsRole().setRoleArn(roleArn)))));
    ObjectNode a =
        attrs("credentials_name", credentialsName, "role_arn", roleArn, "external_id", accountId());
    return mws(
        module,
        "databricks_mws_credentials",
        name,
        provider,
        "credentials_id",
        c.getCredentialsId(),
        c.getCreationTime(),
        a);
  }

  /** databricks_mws_storage_configurations of a bucket. */
  private String storageConfiguration(
      String module, String name, String provider, String configurationName, String bucket) {
    var c =
        databricks
            .account()
            .storage()
            .create(
                new CreateStorageConfigurationRequest()
                    .setStorageConfigurationName(configurationName)
                    .setRootBucketInfo(new RootBucketInfo().setBucketName(bucket)));
    ObjectNode a = attrs("storage_configuration_name", configurationName, "bucket_name", bucket);
    return mws(
        module,
        "databricks_mws_storage_configurations",
        name,
        provider,
        "storage_configuration_id",
        c.getStorageConfigurationId(),
        c.getCreationTime(),
        a);
  }

  /**
   * Records an account object as the provider keeps it: {@code <account_id>/<id>} as the id, the
   * account, its own id under {@code idField} and its creation time beside {@code attrs}.
   */
  private String mws(
      String module,
      String type,
      String name,
      String provider,
      String idField,
      String id,
      Long created,
      ObjectNode attrs) {
    attrs.put("id", accountId() + "/" + id).put("account_id", accountId()).put(idField, id);
    attrs.put("creation_time", created);
    res(module, type, name, null, provider, attrs);
    return id;
  }

  private String accountId() {
    return databricks.accountId();
  }

  private void logDelivery(
      String name,
      String configName,
      LogType type,
      OutputFormat format,
      String prefix,
      String credentialsId,
      String storageId) {
    // logging.tf's arguments, one by one
    CreateLogDeliveryConfigurationParams params = new CreateLogDeliveryConfigurationParams();
    params.setConfigName(configName);
    params.setLogType(type);
    params.setOutputFormat(format);
    params.setDeliveryPathPrefix(prefix);
    params.setCredentialsId(credentialsId);
    params.setStorageConfigurationId(storageId);
    var deliveries = databricks.account().logDelivery();
    var wrapped = new WrappedCreateLogDeliveryConfiguration().setLogDeliveryConfiguration(params);
    LogDeliveryConfiguration c = deliveries.create(wrapped).getLogDeliveryConfiguration();
    String accountId = databricks.accountId();
    ObjectNode a =
        attrs(
            "id",
            accountId + "|" + c.getConfigId(),
            "account_id",
            accountId,
            "config_id",
            c.getConfigId(),
            "config_name",
            configName,
            "log_type",
            type.toString(),
            "output_format",
            format.toString(),
            "delivery_path_prefix",
            prefix,
            "credentials_id",
            credentialsId,
            "storage_configuration_id",
            storageId,
            "status",
            String.valueOf(c.getStatus()),
            "delivery_start_time",
            c.getDeliveryStartTime());
    a.putNull("workspace_ids_filter");
    res(null, "databricks_mws_log_delivery", name, null, DBX_P, a);
  }

  /** The logging folder's bucket policy: the log role may write and list (logging.tf). */
  private static ObjectNode logBucketPolicy(String bucket, String roleArn) {
    ObjectNode p = Json.mapper().createObjectNode().put("Version", "2012-10-17");
    ArrayNode st = p.putArray("Statement");
    String arn = "arn:aws:s3:::" + bucket;
    ObjectNode location = st.addObject().put("Effect", "Allow");
    location.putObject("Principal").putArray("AWS").add(roleArn);
    location.put("Action", "s3:GetBucketLocation").put("Resource", arn);
    ObjectNode write = st.addObject().put("Effect", "Allow");
    write.putObject("Principal").putArray("AWS").add(roleArn);
    write
        .putArray("Action")
        .add("s3:PutObject")
        .add("s3:GetObject")
        .add("s3:DeleteObject")
        .add("s3:PutObjectAcl")
        .add("s3:AbortMultipartUpload")
        .add("s3:ListMultipartUploadParts");
    write.putArray("Resource").add(arn).add(arn + "/*");
    ObjectNode list = st.addObject().put("Effect", "Allow");
    list.putObject("Principal").putArray("AWS").add(roleArn);
    list.put("Action", "s3:ListBucket").put("Resource", arn);
    return p;
  }

  /** The state file Terraform writes for the root just built, with its outputs. */
  private ObjectNode state(int serial, String lineage, Map<String, String> outputs) {
    ObjectNode state = Json.mapper().createObjectNode();
    state.put("version", 4);
    state.put("terraform_version", "1.11.4");
    state.put("serial", serial);
    state.put("lineage", lineage);
    ObjectNode out = state.putObject("outputs");
    outputs.forEach((k, v) -> out.putObject(k).put("value", v).put("type", "string"));
    state.set("resources", resources);
    state.putNull("check_results");
    resources = Json.mapper().createArrayNode();
    return state;
  }

  private static java.util.Optional<String> assignedMetastore(AccountClient acct, long wsId) {
    try {
      return java.util.Optional.ofNullable(
              acct.metastoreAssignments().get(wsId).getMetastoreAssignment())
          .map(a -> a.getMetastoreId());
    } catch (com.databricks.sdk.core.error.platform.NotFound e) {
      return java.util.Optional.empty();
    }
  }

  // ---- AWS helpers

  private String subnet(Ec2Client ec2, String kind, int i, String cidr) {
    Map<String, String> name = Map.of("Name", PREFIX + "-" + kind + "-" + AZS.get(i));
    String id =
        visible(
                "subnet " + cidr,
                () ->
                    ec2.createSubnet(
                        r ->
                            r.vpcId(vpcId)
                                .cidrBlock(cidr)
                                .availabilityZone(AZS.get(i))
                                .tagSpecifications(tags(ResourceType.SUBNET, name))))
            .subnet()
            .subnetId();
    res(
        VPC_MOD,
        "aws_subnet",
        kind,
        i,
        AWS_P,
        tagged(
            attrs("id", id, "vpc_id", vpcId, "cidr_block", cidr, "availability_zone", AZS.get(i)),
            name));
    return id;
  }

  private String routeTable(Ec2Client ec2, String kind, int i, String name) {
    String id =
        visible(
                "route table " + name,
                () ->
                    ec2.createRouteTable(
                        r ->
                            r.vpcId(vpcId)
                                .tagSpecifications(
                                    tags(ResourceType.ROUTE_TABLE, Map.of("Name", name)))))
            .routeTable()
            .routeTableId();
    res(
        VPC_MOD,
        "aws_route_table",
        kind,
        i,
        AWS_P,
        tagged(attrs("id", id, "vpc_id", vpcId), Map.of("Name", name)));
    return id;
  }

  private void route(Ec2Client ec2, String name, int i, String rt, String igw, String nat) {
    visible(
        "route in " + rt,
        () ->
            ec2.createRoute(
                r ->
                    r.routeTableId(rt)
                        .destinationCidrBlock("0.0.0.0/0")
                        .gatewayId(igw)
                        .natGatewayId(nat)));
    ObjectNode a =
        attrs(
            "id",
            "r-" + rt + "1080289494",
            "route_table_id",
            rt,
            "destination_cidr_block",
            "0.0.0.0/0");
    a.put("gateway_id", igw == null ? "" : igw);
    a.put("nat_gateway_id", nat == null ? "" : nat);
    res(VPC_MOD, "aws_route", name, i, AWS_P, a);
  }

  private void associate(Ec2Client ec2, String kind, int i, String subnet, String rt) {
    String id =
        visible(
                "route table association",
                () -> ec2.associateRouteTable(r -> r.subnetId(subnet).routeTableId(rt)))
            .associationId();
    res(
        VPC_MOD,
        "aws_route_table_association",
        kind,
        i,
        AWS_P,
        attrs("id", id, "subnet_id", subnet, "route_table_id", rt, "gateway_id", ""));
  }

  private void endpoint(
      Ec2Client ec2,
      String key,
      String tag,
      VpcEndpointType type,
      List<String> routeTables,
      List<String> subnets,
      List<String> groups) {
    Map<String, String> name = Map.of("Name", PREFIX + "-" + tag + "-vpc-endpoint");
    String service = "com.amazonaws." + REGION + "." + key;
    String id =
        visible(
                "VPC endpoint " + key,
                () ->
                    ec2.createVpcEndpoint(
                        r -> {
                          r.vpcId(vpcId)
                              .serviceName(service)
                              .vpcEndpointType(type)
                              .tagSpecifications(tags(ResourceType.VPC_ENDPOINT, name));
                          if (type == VpcEndpointType.GATEWAY) {
                            r.routeTableIds(routeTables);
                          } else {
                            r.subnetIds(subnets).securityGroupIds(groups).privateDnsEnabled(true);
                          }
                        }))
            .vpcEndpoint()
            .vpcEndpointId();
    ObjectNode a =
        tagged(
            attrs(
                "id",
                id,
                "vpc_id",
                vpcId,
                "service_name",
                service,
                "vpc_endpoint_type",
                type.toString(),
                "private_dns_enabled",
                type != VpcEndpointType.GATEWAY),
            name);
    a.set("route_table_ids", Json.tree(routeTables));
    a.set("subnet_ids", Json.tree(subnets));
    a.set("security_group_ids", Json.tree(groups));
    res(NET + ".module.vpc_endpoints", "aws_vpc_endpoint", "this", key, AWS_P, a);
  }

  private String role(
      String module, String name, String roleName, ObjectNode trust, Map<String, String> tags) {
    return role(module, name, roleName, "", trust, tags);
  }

  private String role(
      String module,
      String name,
      String roleName,
      String description,
      ObjectNode trust,
      Map<String, String> tags) {
    var role =
        aws.iam()
            .createRole(
                r ->
                    r.roleName(roleName)
                        .description(description.isEmpty() ? null : description)
                        .assumeRolePolicyDocument(trust.toString())
                        .tags(Tags.iam(withDefaults(tags))))
            .role();
    awsTagged(
        module,
        "aws_iam_role",
        name,
        attrs(
            "id",
            roleName,
            "name",
            roleName,
            "description",
            description,
            "arn",
            role.arn(),
            "assume_role_policy",
            trust.toString(),
            "unique_id",
            role.roleId()),
        tags);
    return role.arn();
  }

  private void rolePolicy(
      String module, String name, String role, String policyName, ObjectNode doc) {
    visible(
        "role policy " + policyName,
        () ->
            aws.iam()
                .putRolePolicy(
                    r -> r.roleName(role).policyName(policyName).policyDocument(doc.toString())));
    res(
        module,
        "aws_iam_role_policy",
        name,
        null,
        AWS_P,
        attrs(
            "id",
            role + ":" + policyName,
            "role",
            role,
            "name",
            policyName,
            "policy",
            doc.toString()));
  }

  private void bucket(String module, String name, String bucket, String versioning, String sse) {
    aws.s3().createBucket(r -> r.bucket(bucket));
    aws.s3()
        .putBucketTagging(
            r ->
                r.bucket(bucket)
                    .tagging(t -> t.tagSet(Tags.s3(withDefaults(Map.of("Name", bucket))))));
    awsTagged(
        module,
        "aws_s3_bucket",
        name,
        attrs(
            "id", bucket, "bucket", bucket, "arn", "arn:aws:s3:::" + bucket, "force_destroy", true),
        Map.of("Name", bucket));
    // versioning_configuration { status = "Disabled" } on a new bucket calls nothing
    ObjectNode v = attrs("id", bucket, "bucket", bucket);
    v.putArray("versioning_configuration").addObject().put("status", "Disabled");
    res(module, "aws_s3_bucket_versioning", versioning, null, AWS_P, v);
    if (sse != null) {
      aws.s3()
          .putBucketEncryption(
              r ->
                  r.bucket(bucket)
                      .serverSideEncryptionConfiguration(
                          c ->
                              c.rules(
                                  rule ->
                                      rule.applyServerSideEncryptionByDefault(
                                          d -> d.sseAlgorithm(ServerSideEncryption.AES256)))));
      ObjectNode e = attrs("id", bucket, "bucket", bucket);
      e.putArray("rule")
          .addObject()
          .putArray("apply_server_side_encryption_by_default")
          .addObject()
          .put("sse_algorithm", "AES256");
      res(module, "aws_s3_bucket_server_side_encryption_configuration", sse, null, AWS_P, e);
    }
  }

  private void publicAccessBlock(String module, String name, String bucket) {
    aws.s3()
        .putPublicAccessBlock(
            r ->
                r.bucket(bucket)
                    .publicAccessBlockConfiguration(
                        c ->
                            c.blockPublicAcls(true)
                                .blockPublicPolicy(true)
                                .ignorePublicAcls(true)
                                .restrictPublicBuckets(true)));
    res(
        module,
        "aws_s3_bucket_public_access_block",
        name,
        null,
        AWS_P,
        attrs(
            "id",
            bucket,
            "bucket",
            bucket,
            "block_public_acls",
            true,
            "block_public_policy",
            true,
            "ignore_public_acls",
            true,
            "restrict_public_buckets",
            true));
  }

  private void bucketPolicy(String module, String name, String bucket, ObjectNode policy) {
    visible(
        "bucket policy of " + bucket,
        () -> aws.s3().putBucketPolicy(r -> r.bucket(bucket).policy(policy.toString())));
    res(
        module,
        "aws_s3_bucket_policy",
        name,
        null,
        AWS_P,
        attrs("id", bucket, "bucket", bucket, "policy", policy.toString()));
  }

  private static ObjectNode crossAccountTrust(String accountId) {
    ObjectNode p = Json.mapper().createObjectNode().put("Version", "2012-10-17");
    ObjectNode s =
        p.putArray("Statement").addObject().put("Effect", "Allow").put("Action", "sts:AssumeRole");
    s.putObject("Principal").put("AWS", "arn:aws:iam::414351767826:root");
    s.putObject("Condition").putObject("StringEquals").put("sts:ExternalId", accountId);
    return p;
  }

  private static ObjectNode ucTrust(String accountId, String awsAccount, String role) {
    ObjectNode p = Json.mapper().createObjectNode().put("Version", "2012-10-17");
    ArrayNode st = p.putArray("Statement");
    ObjectNode a = st.addObject().put("Effect", "Allow").put("Action", "sts:AssumeRole");
    a.putObject("Principal")
        .put("AWS", "arn:aws:iam::414351767826:role/unity-catalog-prod-UCMasterRole-14S5ZJVKOTYTL");
    a.putObject("Condition").putObject("StringEquals").put("sts:ExternalId", accountId);
    ObjectNode b =
        st.addObject()
            .put("Sid", "ExplicitSelfRoleAssumption")
            .put("Effect", "Allow")
            .put("Action", "sts:AssumeRole");
    b.putObject("Principal").put("AWS", "arn:aws:iam::" + awsAccount + ":root");
    ObjectNode cond = b.putObject("Condition");
    cond.putObject("ArnLike")
        .put("aws:PrincipalArn", "arn:aws:iam::" + awsAccount + ":role/" + role);
    cond.putObject("StringEquals").put("sts:ExternalId", accountId);
    return p;
  }

  private static ObjectNode rootBucketPolicy(String bucket, String accountId) {
    ObjectNode p = Json.mapper().createObjectNode().put("Version", "2012-10-17");
    ObjectNode s =
        p.putArray("Statement")
            .addObject()
            .put("Sid", "Grant Databricks Access")
            .put("Effect", "Allow");
    s.putObject("Principal").put("AWS", "arn:aws:iam::414351767826:root");
    s.putArray("Action")
        .add("s3:GetObject")
        .add("s3:GetObjectVersion")
        .add("s3:PutObject")
        .add("s3:DeleteObject")
        .add("s3:ListBucket")
        .add("s3:GetBucketLocation");
    s.putArray("Resource").add("arn:aws:s3:::" + bucket + "/*").add("arn:aws:s3:::" + bucket);
    s.putObject("Condition")
        .putObject("StringEquals")
        .putArray("aws:PrincipalTag/DatabricksAccountId")
        .add(accountId);
    return p;
  }

  private static ObjectNode sgRule(String protocol, int from, int to, boolean self, String cidr) {
    ObjectNode r = Json.mapper().createObjectNode();
    r.put("protocol", protocol).put("from_port", from).put("to_port", to).put("self", self);
    ArrayNode c = r.putArray("cidr_blocks");
    if (cidr != null) {
      c.add(cidr);
    }
    r.putArray("security_groups");
    return r;
  }

  private TagSpecification tags(ResourceType type, Map<String, String> own) {
    return TagSpecification.builder().resourceType(type).tags(tagList(own)).build();
  }

  private List<Tag> tagList(Map<String, String> own) {
    return Tags.ec2(withDefaults(own));
  }

  /** The provider's default_tags are on every object, and in tags_all, not tags. */
  private Map<String, String> withDefaults(Map<String, String> own) {
    Map<String, String> all = new LinkedHashMap<>(defaultTags);
    all.putAll(own);
    return all;
  }

  private ObjectNode tagged(ObjectNode attrs, Map<String, String> own) {
    attrs.set("tags", Json.tree(own));
    attrs.set("tags_all", Json.tree(withDefaults(own)));
    return attrs;
  }

  // ---- state helpers

  private static ObjectNode attrs(Object... kv) {
    ObjectNode a = Json.mapper().createObjectNode();
    for (int i = 0; i < kv.length; i += 2) {
      a.set((String) kv[i], Json.tree(kv[i + 1]));
    }
    return a;
  }

  /** An AWS resource of the module, one instance, with its own tags and tags_all. */
  private void awsTagged(
      String module, String type, String name, ObjectNode attrs, Map<String, String> own) {
    res(module, type, name, null, AWS_P, tagged(attrs, own));
  }

  private void res(
      String module, String type, String name, Object index, String provider, ObjectNode attrs) {
    ObjectNode r = plain(module, type, name, provider, attrs);
    ObjectNode inst = (ObjectNode) r.get("instances").get(0);
    if (index instanceof Integer i) {
      inst.put("index_key", i);
    } else if (index instanceof String s) {
      inst.put("index_key", s);
    }
    resources.add(r);
  }

  private static ObjectNode plain(
      String module, String type, String name, String provider, JsonNode attrs) {
    ObjectNode r = Json.mapper().createObjectNode();
    if (module != null) {
      r.put("module", module);
    }
    r.put("mode", "managed").put("type", type).put("name", name).put("provider", provider);
    ObjectNode inst = r.putArray("instances").addObject();
    inst.put("schema_version", 0);
    inst.set("attributes", attrs);
    inst.putArray("sensitive_attributes");
    return r;
  }

  /** Waits, as the provider's create does, until every object {@code describe} shows says so. */
  private <T> void untilAvailable(
      String what, Supplier<List<T>> describe, java.util.function.Function<T, String> idAndState) {
    waiter.until(
        what + " available",
        Duration.ofMinutes(2),
        Duration.ofMillis(500),
        Duration.ofSeconds(3),
        () -> describe.get().stream().map(idAndState).toList(),
        l ->
            l.stream().allMatch(x -> x.toLowerCase(java.util.Locale.ROOT).endsWith(" available"))
                ? Waiter.State.DONE
                : Waiter.State.PENDING,
        List::toString,
        this::progress);
  }

  /** An object another call just created that the AWS API does not show yet. */
  private static final class NotYetVisible extends RuntimeException {
    NotYetVisible(String message) {
      super(message);
    }
  }

  /**
   * An AWS call naming an object created moments before, retried while AWS answers that the object
   * does not exist or that a new role is not a valid principal yet, as the aws provider retries
   * them (eventual consistency); any other error fails at once. A refused create made nothing, so
   * the retry creates one object.
   */
  private <T> T visible(String what, Supplier<T> call) {
    return retried(what, call, ReferenceEstate::notYetVisible);
  }

  private static boolean notYetVisible(RuntimeException e) {
    if (e instanceof NotYetVisible) {
      return true;
    }
    if (!(e instanceof AwsServiceException a) || a.awsErrorDetails() == null) {
      return false;
    }
    String code = String.valueOf(a.awsErrorDetails().errorCode());
    String message = String.valueOf(a.awsErrorDetails().errorMessage());
    return code.endsWith(".NotFound")
        || code.equals("NoSuchEntity")
        || (code.startsWith("MalformedPolicy") && message.contains("nvalid principal"));
  }

  /** Calls that the emulator refuses for a while after the objects they need were created. */
  private <T> T eventually(String what, Supplier<T> call) {
    return retried(what, call, e -> true);
  }

  private <T> T retried(
      String what, Supplier<T> call, java.util.function.Predicate<RuntimeException> retry) {
    Object[] last = {null};
    return waiter
        .until(
            what,
            Duration.ofMinutes(2),
            Duration.ofMillis(200),
            Duration.ofSeconds(3),
            () -> {
              try {
                return java.util.Optional.of(call.get());
              } catch (RuntimeException e) {
                if (!retry.test(e)) {
                  throw e;
                }
                last[0] = e.getMessage();
                return java.util.Optional.<T>empty();
              }
            },
            o -> o.isPresent() ? Waiter.State.DONE : Waiter.State.PENDING,
            o -> "refused: " + last[0],
            this::progress)
        .get();
  }

  private void eventually(String what, Runnable call) {
    eventually(
        what,
        () -> {
          call.run();
          return Boolean.TRUE;
        });
  }
}
