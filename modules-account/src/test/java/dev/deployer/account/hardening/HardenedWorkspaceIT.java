package dev.deployer.account.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.service.catalog.AccountsCreateMetastore;
import com.databricks.sdk.service.catalog.CreateAccountsMetastore;
import com.databricks.sdk.service.provisioning.Network;
import com.databricks.sdk.service.provisioning.PrivateAccessLevel;
import com.databricks.sdk.service.provisioning.PrivateAccessSettings;
import com.databricks.sdk.service.provisioning.ReplacePrivateAccessSettingsRequest;
import com.databricks.sdk.service.provisioning.Workspace;
import dev.deployer.account.AccountModule;
import dev.deployer.account.HandlerSettings;
import dev.deployer.account.testing.AccountTestSupport;
import dev.deployer.cloud.iam.CrossAccountRoleModule;
import dev.deployer.cloud.kms.KmsModule;
import dev.deployer.cloud.network.NetworkInputs;
import dev.deployer.cloud.network.NetworkModule;
import dev.deployer.cloud.privatelink.PrivateLinkInputs;
import dev.deployer.cloud.privatelink.PrivateLinkModule;
import dev.deployer.cloud.storage.StorageModule;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.plan.Action;
import dev.deployer.core.plan.Plan;
import dev.deployer.core.state.StackState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * Issue 15, the security reference architecture's AWS and account side on moto and the Databricks
 * emulator: an isolated network with back-end PrivateLink, customer-managed keys and the
 * restrictive root bucket policy apply, converge, have their drift repaired and destroy to nothing.
 */
class HardenedWorkspaceIT {
  static final String REGION = "us-east-1";
  static final List<String> AZS = List.of("us-east-1a", "us-east-1b");
  static final String BUCKET = "it-hardened-root";

  @TempDir Path dir;
  AccountTestSupport t;
  String metastoreId;

  @BeforeEach
  void start() {
    t = new AccountTestSupport(dir, "prod", Duration.ZERO, Duration.ofMillis(200));
    t.settings = new HandlerSettings(Duration.ofMinutes(1), Duration.ofMinutes(1), false);
    metastoreId =
        t.databricks
            .account()
            .metastores()
            .create(
                new AccountsCreateMetastore()
                    .setMetastoreInfo(
                        new CreateAccountsMetastore().setName("it-metastore").setRegion(REGION)))
            .getMetastoreInfo()
            .getMetastoreId();
  }

  @AfterEach
  void close() {
    if (t != null) {
      t.close();
    }
  }

  StackDefinition hardened() {
    StackBuilder b = new StackBuilder("prod", Map.of("Owner", "it"));
    NetworkInputs in =
        NetworkInputs.isolated(
            "it", "10.40.0.0/16", AZS, List.of("10.40.16.0/20", "10.40.32.0/20"));
    NetworkModule.Outputs net = NetworkModule.declare(b, REGION, "network", in);
    PrivateLinkModule.Outputs pl =
        PrivateLinkModule.declare(
            b,
            REGION,
            "privatelink",
            "it",
            AZS,
            new PrivateLinkInputs(List.of("10.40.64.0/26", "10.40.64.64/26"), true),
            net);
    CrossAccountRoleModule.Outputs role = AccountTestSupport.crossAccountRole(b, REGION, net);
    String acct = AccountTestSupport.ACCOUNT_ID;
    KmsModule.Outputs keys =
        KmsModule.declare(
            b, REGION, "kms", "it", acct, role.role().out("account_id"), role.roleArn());
    var hardenedBucket = new StorageModule.Options(keys.storageKeyArn(), true);
    StorageModule.Outputs storage =
        StorageModule.declare(b, REGION, "storage", BUCKET, acct, true, hardenedBucket);
    AccountModule.Outputs account =
        AccountModule.declare(
            b,
            "account",
            AccountTestSupport.inputs("it", REGION, role, storage, net, metastoreId)
                .workspaceName("it-hardened")
                .hardening(
                    new AccountModule.Hardening(
                        pl.workspaceEndpointId(),
                        pl.relayEndpointId(),
                        true,
                        keys.managedServicesKeyArn(),
                        keys.storageKeyArn()))
                .build());
    StorageModule.declareRestrictivePolicy(
        b,
        REGION,
        "storage",
        storage,
        "it-hardened-root",
        AccountTestSupport.ACCOUNT_ID,
        account.workspaceId());
    return b.build();
  }

  private String id(String address) {
    return t.store.read().orElseThrow().find(address).orElseThrow().id();
  }

  private Filter ofStack() {
    return Filter.builder().name("tag:deployer:stack").values("prod").build();
  }

  @Test
  void hardenedShape_applies_converges_repairsDrift_andDestroysToNothing() {
    StackDefinition def = hardened();
    t.applyOk(def);
    t.assertNoChanges(def);

    Workspace ws = t.databricks.account().workspaces().get(Long.parseLong(id("account.workspace")));
    assertThat(ws.getPrivateAccessSettingsId()).isEqualTo(id("account.private_access_settings"));
    assertThat(ws.getStorageCustomerManagedKeyId()).isEqualTo(id("account.storage_key"));
    assertThat(ws.getManagedServicesCustomerManagedKeyId())
        .isEqualTo(id("account.managed_services_key"));
    Network n = t.databricks.account().networks().get(ws.getNetworkId());
    assertThat(n.getVpcEndpoints().getRestApi())
        .containsExactly(id("account.vpc_endpoint[\"workspace\"]"));
    assertThat(n.getVpcEndpoints().getDataplaneRelay())
        .containsExactly(id("account.vpc_endpoint[\"relay\"]"));
    String storageKeyArn =
        t.aws.kms().describeKey(r -> r.keyId(id("kms.workspace_storage_key"))).keyMetadata().arn();
    var sse =
        t.aws
            .s3()
            .getBucketEncryption(r -> r.bucket("it-hardened-root"))
            .serverSideEncryptionConfiguration()
            .rules()
            .get(0)
            .applyServerSideEncryptionByDefault();
    assertThat(sse.sseAlgorithmAsString()).isEqualTo("aws:kms");
    assertThat(sse.kmsMasterKeyID()).isEqualTo(storageKeyArn);
    String policy = t.aws.s3().getBucketPolicy(r -> r.bucket("it-hardened-root")).policy();
    assertThat(policy)
        .contains("AllowSSLRequestsOnly")
        .contains("/us-east-1-prod/" + ws.getWorkspaceId() + "/*");
    String vpc = id("network.vpc");
    assertThat(
            t.aws
                .ec2()
                .describeInternetGateways(
                    r -> r.filters(Filter.builder().name("attachment.vpc-id").values(vpc).build()))
                .internetGateways())
        .isEmpty();
    assertThat(
            t.aws
                .ec2()
                .describeNatGateways(
                    r -> r.filter(Filter.builder().name("vpc-id").values(vpc).build()))
                .natGateways())
        .allMatch(g -> g.stateAsString().startsWith("delet"));

    // Drift out of band: public access turned off, key rotation off, the standard bucket policy
    // put back. The plan updates each in place and the apply converges.
    String pasId = id("account.private_access_settings");
    PrivateAccessSettings pas = t.databricks.account().privateAccess().get(pasId);
    t.databricks
        .account()
        .privateAccess()
        .replace(
            new ReplacePrivateAccessSettingsRequest()
                .setPrivateAccessSettingsId(pasId)
                .setCustomerFacingPrivateAccessSettings(
                    pas.setPublicAccessEnabled(false)
                        .setPrivateAccessLevel(PrivateAccessLevel.ACCOUNT)));
    t.aws.kms().disableKeyRotation(r -> r.keyId(id("kms.managed_services_key")));
    t.aws
        .s3()
        .putBucketPolicy(
            r ->
                r.bucket("it-hardened-root")
                    .policy(
                        StorageModule.rootBucketPolicy(
                                dev.deployer.cloud.AwsPartition.COMMERCIAL,
                                "it-hardened-root",
                                AccountTestSupport.ACCOUNT_ID)
                            .toString()));
    Plan drift = t.plan(def);
    assertThat(drift.change("account.private_access_settings").action()).isEqualTo(Action.UPDATE);
    assertThat(drift.change("kms.managed_services_key").action()).isEqualTo(Action.UPDATE);
    assertThat(drift.change("storage.root_bucket_restrictive_policy").action())
        .isEqualTo(Action.UPDATE);
    assertThat(drift.change("storage.root_bucket_policy").action()).isEqualTo(Action.NO_OP);
    t.applyOk(def);
    t.assertNoChanges(def);
    assertThat(t.databricks.account().privateAccess().get(pasId).getPublicAccessEnabled()).isTrue();

    t.destroyOk(def);
    StackState after = t.store.read().orElseThrow();
    assertThat(after.resources()).isEmpty();
    assertThat(count(t.databricks.account().workspaces().list())).isZero();
    assertThat(count(t.databricks.account().networks().list())).isZero();
    assertThat(count(t.databricks.account().vpcEndpoints().list())).isZero();
    assertThat(count(t.databricks.account().privateAccess().list())).isZero();
    assertThat(count(t.databricks.account().encryptionKeys().list())).isZero();
    assertThat(t.aws.ec2().describeVpcs(r -> r.filters(ofStack())).vpcs()).isEmpty();
    assertThat(t.aws.ec2().describeVpcEndpoints(r -> r.filters(ofStack())).vpcEndpoints())
        .allMatch(e -> e.stateAsString().equalsIgnoreCase("deleted"));
    assertThat(t.aws.kms().listAliases().aliases())
        .noneMatch(a -> a.aliasName().startsWith("alias/it-"));
    for (String address : List.of("kms.managed_services_key", "kms.workspace_storage_key")) {
      assertThat(
              t.aws.kms().listKeys().keys().stream()
                  .map(k -> t.aws.kms().describeKey(r -> r.keyId(k.keyId())).keyMetadata())
                  .filter(k -> k.description() != null && k.description().endsWith(" of it"))
                  .map(k -> k.keyStateAsString()))
          .as(address)
          .allMatch("PendingDeletion"::equals);
    }
  }

  private static long count(Iterable<?> items) {
    return StreamSupport.stream(items.spliterator(), false).count();
  }
}
