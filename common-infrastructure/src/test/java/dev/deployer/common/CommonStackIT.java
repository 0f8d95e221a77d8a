package dev.deployer.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.service.billing.ListLogDeliveryRequest;
import com.databricks.sdk.service.billing.LogDeliveryConfigStatus;
import com.databricks.sdk.service.billing.LogDeliveryConfiguration;
import com.databricks.sdk.service.billing.UpdateLogDeliveryConfigurationStatusRequest;
import com.databricks.sdk.service.catalog.MetastoreInfo;
import dev.deployer.account.logdelivery.LogDeliveryHandler;
import dev.deployer.account.logdelivery.LogDeliverySpec;
import dev.deployer.account.metastore.MetastoreHandler;
import dev.deployer.account.metastore.MetastoreSpec;
import dev.deployer.account.testing.AccountTestSupport;
import dev.deployer.core.DeployerException;
import dev.deployer.core.apply.ApplyResult;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.plan.Action;
import dev.deployer.core.plan.Plan;
import dev.deployer.core.spi.HandlerContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The common stack against moto and the Databricks emulator (with its IAM race on). */
class CommonStackIT {
  @TempDir Path dir;
  @AutoClose AccountTestSupport t;

  static CommonConfig config(String prefix, String metastoreName) {
    return new CommonConfig(
        "common",
        prefix,
        new CommonConfig.Aws("us-east-1", null, null),
        new CommonConfig.Databricks(AccountTestSupport.ACCOUNT_ID, null, null, null),
        Map.of("Owner", "it@example.com", "Resource", "common-it"),
        new CommonConfig.Logging(null, null, null, true),
        new CommonConfig.Metastore(metastoreName, null, null),
        "1m",
        null);
  }

  static CommonConfig adopting(String prefix) {
    return config(prefix, null).withMetastore(new CommonConfig.Metastore(null, null, null, true));
  }

  /** Applies the default common stack on a fresh emulator; the billable usage delivery's id. */
  private String appliedBillableUsageDelivery() {
    t = new AccountTestSupport(dir, "common", Duration.ZERO, Duration.ZERO);
    t.applyOk(CommonStack.define(config("it-common", null), t.databricks.accountId()));
    return (String) outputs().get("billable_usage_log_delivery_id");
  }

  List<MetastoreInfo> metastores() {
    return StreamSupport.stream(t.databricks.account().metastores().list().spliterator(), false)
        .toList();
  }

  String seedRegionalMetastore() {
    return seedRegionalMetastore(null);
  }

  /**
   * What automatic Unity Catalog enablement (or an earlier hand-made setup) leaves behind; {@code
   * storageRoot} may be null (a metastore without a root).
   */
  String seedRegionalMetastore(String storageRoot) {
    return t.databricks
        .account()
        .metastores()
        .create(
            new com.databricks.sdk.service.catalog.AccountsCreateMetastore()
                .setMetastoreInfo(
                    new com.databricks.sdk.service.catalog.CreateAccountsMetastore()
                        .setName("metastore_aws_us_east_1")
                        .setRegion("us-east-1")
                        .setStorageRoot(storageRoot)))
        .getMetastoreInfo()
        .getMetastoreId();
  }

  @Test
  void
      anAccountWithAMetastoreInTheRegion_planRefusesBeforeAnyChange_namingItTheRegionAndTheField() {
    t = new AccountTestSupport(dir, "common", Duration.ZERO, Duration.ZERO);
    String existing = seedRegionalMetastore();

    StackDefinition plain = CommonStack.define(config("it-refuse", null), t.databricks.accountId());
    assertThatThrownBy(() -> t.plan(plain))
        .isInstanceOf(DeployerException.class)
        .hasMessageContaining("one Unity Catalog metastore per region")
        .hasMessageContaining("'metastore_aws_us_east_1' (" + existing + ") in us-east-1")
        .hasMessageContaining("metastore.adopt_existing")
        .hasMessageContaining("\"adopt_existing\": true")
        .hasMessageContaining("deployer import --env common unity_catalog.metastore " + existing)
        .hasMessageContaining("Nothing was changed");
    // Refused at plan time: not one object made, in either cloud, and no state written.
    assertThat(metastores()).extracting(MetastoreInfo::getMetastoreId).containsExactly(existing);
    assertThat(bucketExists("it-refuse-log-delivery")).isFalse();
    assertThat(t.store.read()).isEmpty();
  }

  @Test
  void anAccountWithAMetastoreInTheRegion_adoptExisting_plansAnImportNotACreate_andUsesIt() {
    t = new AccountTestSupport(dir, "common", Duration.ZERO, Duration.ZERO);
    // With a root storage, which this project's own metastores never have: adopting it must not
    // plan its replacement (a forced delete).
    String existing = seedRegionalMetastore("s3://acme-auto-uc/metastore");

    StackDefinition adopt = CommonStack.define(adopting("it-adopt"), t.databricks.accountId());
    Plan plan = t.plan(adopt);
    var change = plan.change("unity_catalog.metastore");
    assertThat(change.action()).isEqualTo(Action.IMPORT);
    assertThat(change.id()).isEqualTo(existing);
    assertThat(change.reason())
        .contains("'metastore_aws_us_east_1' (" + existing + ")")
        .contains("us-east-1")
        .contains("metastore.adopt_existing");
    assertThat(change.changes()).isEmpty();
    assertThat(plan.toImport()).isEqualTo(1);
    assertThat(plan.changes())
        .filteredOn(c -> c.action().creates())
        .extracting(c -> c.address())
        .doesNotContain("unity_catalog.metastore");

    t.applyOk(adopt);
    assertThat(outputs().get("metastore_id")).isEqualTo(existing);
    // Imported at plan time: the create (and its own adoption) never ran.
    assertThat(t.progress)
        .noneMatch(p -> p.startsWith("unity_catalog.metastore:") && p.contains("adopting"));
    // Its name is not ours to manage: nothing to change, and still one metastore.
    assertThat(t.plan(adopt).hasChanges()).isFalse();
    assertThat(metastores())
        .extracting(MetastoreInfo::getName)
        .containsExactly("metastore_aws_us_east_1");

    // Destroy leaves the adopted metastore in place.
    assertThat(t.destroy(adopt).succeeded()).isTrue();
    assertThat(metastores()).extracting(MetastoreInfo::getMetastoreId).containsExactly(existing);
  }

  @Test
  void aMetastoreCreatedInTheRegionAfterThePlan_isStillAdoptedByTheCreate_notDuplicated() {
    t = new AccountTestSupport(dir, "common", Duration.ZERO, Duration.ZERO);
    StackDefinition adopt = CommonStack.define(adopting("it-late"), t.databricks.accountId());
    Plan plan = t.plan(adopt);
    assertThat(plan.change("unity_catalog.metastore").action()).isEqualTo(Action.CREATE);
    String existing = seedRegionalMetastore(); // automatic enablement between plan and apply
    assertThat(t.engine(adopt).apply(adopt, plan, t.store).succeeded()).isTrue();
    assertThat(outputs().get("metastore_id")).isEqualTo(existing);
    assertThat(t.progress)
        .anyMatch(p -> p.startsWith("unity_catalog.metastore:") && p.contains("adopting"));
    assertThat(metastores()).extracting(MetastoreInfo::getMetastoreId).containsExactly(existing);
  }

  @Test
  void anAccountWithAMetastoreInTheRegion_importedAsTheErrorSays_plansNoSecondMetastore() {
    t = new AccountTestSupport(dir, "common", Duration.ZERO, Duration.ZERO);
    String existing = seedRegionalMetastore(null);
    // The error's other way: metastore.name set to the existing name, then import.
    StackDefinition def =
        CommonStack.define(
            config("it-import", "metastore_aws_us_east_1"), t.databricks.accountId());
    t.engine(def).importResource(def, t.store, "unity_catalog.metastore", existing);

    Plan plan = t.plan(def);
    assertThat(plan.change("unity_catalog.metastore").action()).isEqualTo(Action.NO_OP);
    t.applyOk(def);
    assertThat(outputs().get("metastore_id")).isEqualTo(existing);
    assertThat(metastores()).extracting(MetastoreInfo::getMetastoreId).containsExactly(existing);
    assertThat(t.plan(def).hasChanges()).isFalse();
  }

  List<LogDeliveryConfiguration> deliveries() {
    return StreamSupport.stream(
            t.databricks.account().logDelivery().list(new ListLogDeliveryRequest()).spliterator(),
            false)
        .toList();
  }

  Map<String, Object> outputs() {
    return t.store.read().orElseThrow().outputs();
  }

  boolean bucketExists(String bucket) {
    try {
      t.aws.s3().headBucket(r -> r.bucket(bucket));
      return true;
    } catch (software.amazon.awssdk.services.s3.model.NoSuchBucketException e) {
      return false;
    }
  }

  @Test
  void commonStack_apply_drift_destroy_reapply_reusesTheTwoLogDeliveries() {
    t = new AccountTestSupport(dir, "common", Duration.ofSeconds(3), Duration.ZERO);
    StackDefinition def = CommonStack.define(config("it-common", null), t.databricks.accountId());

    // Apply: the log credentials wait out the IAM race (about 3 s) and say so.
    t.applyOk(def);
    assertThat(t.progress)
        .anyMatch(p -> p.startsWith("logging.credentials:") && p.contains("IAM propagation"));
    Map<String, Object> out = outputs();
    assertThat(out).containsKeys(CommonStackTest.OUTPUTS);
    assertThat(out.get("log_bucket")).isEqualTo("it-common-log-delivery");
    assertThat((String) out.get("log_role_arn")).endsWith(":role/it-common-log-delivery");
    assertThat(bucketExists("it-common-log-delivery")).isTrue();
    MetastoreInfo ms =
        t.databricks
            .account()
            .metastores()
            .get((String) out.get("metastore_id"))
            .getMetastoreInfo();
    assertThat(ms.getName()).isEqualTo("unity-catalog-it-common");
    assertThat(ms.getRegion()).isEqualTo("us-east-1");
    assertThat(ms.getStorageRoot()).isNull();
    String billable = (String) out.get("billable_usage_log_delivery_id");
    String audit = (String) out.get("audit_log_delivery_id");
    assertThat(deliveries())
        .extracting(LogDeliveryConfiguration::getConfigId)
        .containsExactlyInAnyOrder(billable, audit);
    LogDeliveryConfiguration b =
        t.databricks.account().logDelivery().get(billable).getLogDeliveryConfiguration();
    assertThat(b.getLogType().toString()).isEqualTo("BILLABLE_USAGE");
    assertThat(b.getOutputFormat().toString()).isEqualTo("CSV");
    assertThat(b.getDeliveryPathPrefix()).isEqualTo("billable-usage-logs");
    assertThat(b.getStatus()).isEqualTo(LogDeliveryConfigStatus.ENABLED);
    LogDeliveryConfiguration a =
        t.databricks.account().logDelivery().get(audit).getLogDeliveryConfiguration();
    assertThat(a.getLogType().toString()).isEqualTo("AUDIT_LOGS");
    assertThat(a.getOutputFormat().toString()).isEqualTo("JSON");
    assertThat(a.getDeliveryPathPrefix()).isEqualTo("audit-logs");

    assertThat(t.plan(def).hasChanges()).isFalse();

    // Disabled out of band: drift, shown as an in-place update, and re-enabled.
    t.databricks
        .account()
        .logDelivery()
        .patchStatus(
            new UpdateLogDeliveryConfigurationStatusRequest()
                .setLogDeliveryConfigurationId(audit)
                .setStatus(LogDeliveryConfigStatus.DISABLED));
    Plan drift = t.plan(def);
    assertThat(drift.change("logging.audit_logs").action()).isEqualTo(Action.UPDATE);
    assertThat(drift.toChange()).isEqualTo(1);
    assertThat(drift.toAdd() + drift.toDestroy()).isZero();
    t.applyOk(def);
    assertThat(
            t.databricks
                .account()
                .logDelivery()
                .get(audit)
                .getLogDeliveryConfiguration()
                .getStatus())
        .isEqualTo(LogDeliveryConfigStatus.ENABLED);
    assertThat(t.plan(def).hasChanges()).isFalse();

    // Destroy: the deliveries stay, DISABLED; the AWS side and the metastore are gone.
    ApplyResult destroyed = t.destroy(def);
    assertThat(destroyed.succeeded()).isTrue();
    assertThat(deliveries())
        .hasSize(2)
        .allMatch(c -> c.getStatus() == LogDeliveryConfigStatus.DISABLED);
    assertThat(bucketExists("it-common-log-delivery")).isFalse();
    assertThatThrownBy(() -> t.aws.iam().getRole(r -> r.roleName("it-common-log-delivery")))
        .hasMessageContaining("it-common-log-delivery");
    assertThat(t.databricks.account().metastores().list()).isEmpty();
    // What the disabled deliveries point at is kept, so that they can be re-enabled.
    assertThat(t.databricks.account().credentials().list()).hasSize(1);
    assertThat(t.databricks.account().storage().list()).hasSize(1);
    assertThat(t.progress)
        .anyMatch(p -> p.startsWith("logging.audit_logs:") && p.contains("disabled"));

    // Re-apply: the two existing configurations are found and re-enabled, no third one.
    t.progress.clear();
    t.applyOk(def);
    assertThat(deliveries())
        .hasSize(2)
        .allMatch(c -> c.getStatus() == LogDeliveryConfigStatus.ENABLED)
        .extracting(LogDeliveryConfiguration::getConfigId)
        .containsExactlyInAnyOrder(billable, audit);
    assertThat(outputs().get("billable_usage_log_delivery_id")).isEqualTo(billable);
    assertThat(outputs().get("audit_log_delivery_id")).isEqualTo(audit);
    assertThat(t.progress)
        .anyMatch(
            p ->
                p.startsWith("logging.billable_usage:") && p.contains("instead of adding another"));
    assertThat(t.plan(def).hasChanges()).isFalse();
  }

  @Test
  void logDelivery_prefixChanged_disablesTheOldOneAndAddsANewOne() {
    String old = appliedBillableUsageDelivery();

    CommonConfig moved =
        config("it-common", null)
            .withLogging(new CommonConfig.Logging(null, "usage/billable", null, true));
    StackDefinition def = CommonStack.define(moved, t.databricks.accountId());
    Plan p = t.plan(def);
    assertThat(p.change("logging.billable_usage").action()).isEqualTo(Action.DELETE_THEN_CREATE);
    assertThat(p.change("logging.billable_usage").replaceFields())
        .containsExactly("delivery_path_prefix");
    assertThat(p.toAdd()).isEqualTo(1);
    t.applyOk(def);

    String now = (String) outputs().get("billable_usage_log_delivery_id");
    assertThat(now).isNotEqualTo(old);
    assertThat(
            t.databricks.account().logDelivery().get(old).getLogDeliveryConfiguration().getStatus())
        .isEqualTo(LogDeliveryConfigStatus.DISABLED);
    LogDeliveryConfiguration c =
        t.databricks.account().logDelivery().get(now).getLogDeliveryConfiguration();
    assertThat(c.getStatus()).isEqualTo(LogDeliveryConfigStatus.ENABLED);
    assertThat(c.getDeliveryPathPrefix()).isEqualTo("usage/billable");
    assertThat(deliveries()).hasSize(3);
    assertThat(t.plan(def).hasChanges()).isFalse();
  }

  @Test
  void
      commonStack_withOneInTenDatabricksCallsRefused_appliesDestroysAndReappliesWithoutDuplicates() {
    t = new AccountTestSupport(dir, "common", Duration.ZERO, Duration.ZERO);
    t.faults(
        "{\"seed\":7,\"rules\":[{\"path_regex\":\"/api/2\\\\.0/accounts/.*\","
            + "\"rate_429\":0.05,\"rate_503\":0.05,\"retry_after_seconds\":0}]}");
    StackDefinition def = CommonStack.define(config("it-common", null), t.databricks.accountId());
    t.applyOk(def);
    t.destroy(def);
    t.applyOk(def);
    t.faults("{\"rules\":[]}");

    assertThat(deliveries())
        .hasSize(2)
        .allMatch(c -> c.getStatus() == LogDeliveryConfigStatus.ENABLED);
    assertThat(t.databricks.account().credentials().list()).hasSize(1);
    assertThat(t.databricks.account().storage().list()).hasSize(1);
    assertThat(t.databricks.account().metastores().list()).hasSize(1);
    assertThat(t.plan(def).hasChanges()).isFalse();
  }

  @Test
  void logDelivery_lostCreate_isFoundByNameAndSettings_andADisabledOneIsReEnabledByCreate() {
    String id = appliedBillableUsageDelivery();
    LogDeliveryConfiguration c =
        t.databricks.account().logDelivery().get(id).getLogDeliveryConfiguration();
    LogDeliverySpec spec =
        new LogDeliverySpec(
            "it-common-billable-usage",
            "BILLABLE_USAGE",
            "CSV",
            c.getCredentialsId(),
            c.getStorageConfigurationId(),
            "billable-usage-logs",
            List.of(),
            "ENABLED");
    List<String> said = new java.util.ArrayList<>();
    HandlerContext ctx =
        new HandlerContext(
            "common", "logging.billable_usage", null, null, Clock.systemUTC(), said::add);
    LogDeliveryHandler h = new LogDeliveryHandler(t.databricks);

    assertThat(h.findExisting(ctx, spec)).contains(id);
    assertThat(h.findExisting(ctx, spec.withStatus("DISABLED"))).isEmpty();
    LogDeliverySpec otherPrefix =
        new LogDeliverySpec(
            spec.configName(),
            "BILLABLE_USAGE",
            "CSV",
            spec.credentialsId(),
            spec.storageConfigurationId(),
            "elsewhere",
            List.of(),
            "ENABLED");
    assertThat(h.findExisting(ctx, otherPrefix)).isEmpty();

    h.delete(ctx, id, spec);
    assertThat(h.findExisting(ctx, spec)).isEmpty();
    assertThat(h.create(ctx, spec).id()).isEqualTo(id);
    assertThat(said).anyMatch(m -> m.contains("instead of adding another"));
    assertThat(
            t.databricks.account().logDelivery().get(id).getLogDeliveryConfiguration().getStatus())
        .isEqualTo(LogDeliveryConfigStatus.ENABLED);
    assertThat(deliveries()).hasSize(2);
  }

  @Test
  void metastore_renamedInPlace_regionChangeReplaces_andAnExistingOneIsAdopted() {
    t = new AccountTestSupport(dir, "common", Duration.ZERO, Duration.ZERO);
    StackDefinition first = metastoreStack("uc-one", "us-east-1");
    t.applyOk(first);
    String id =
        (String) t.store.read().orElseThrow().find("unity_catalog.metastore").orElseThrow().id();

    StackDefinition renamed = metastoreStack("uc-two", "us-east-1");
    assertThat(t.plan(renamed).change("unity_catalog.metastore").action()).isEqualTo(Action.UPDATE);
    t.applyOk(renamed);
    assertThat(t.databricks.account().metastores().get(id).getMetastoreInfo().getName())
        .isEqualTo("uc-two");
    assertThat(t.plan(renamed).hasChanges()).isFalse();
    assertThat(
            t.plan(metastoreStack("uc-two", "eu-west-1"))
                .change("unity_catalog.metastore")
                .action())
        .isEqualTo(Action.DELETE_THEN_CREATE);

    // Forgotten from state (a lost create): the next apply adopts it by name.
    Path other = dir.resolve("other");
    AccountTestSupport fresh = t;
    var store2 = new dev.deployer.core.state.FileStateStore(other, "common");
    var e = fresh.engine(renamed);
    ApplyResult r = e.apply(renamed, e.plan(renamed, store2, false), store2);
    assertThat(r.succeeded()).isTrue();
    assertThat(store2.read().orElseThrow().find("unity_catalog.metastore").orElseThrow().id())
        .isEqualTo(id);
    assertThat(t.databricks.account().metastores().list()).hasSize(1);

    t.destroy(renamed);
    assertThat(t.databricks.account().metastores().list()).isEmpty();
  }

  StackDefinition metastoreStack(String name, String region) {
    StackBuilder b = new StackBuilder("common", Map.of());
    b.add(
        "unity_catalog.metastore",
        MetastoreHandler.TYPE,
        r -> MetastoreSpec.withoutRoot(name, region, null));
    return b.build();
  }
}
