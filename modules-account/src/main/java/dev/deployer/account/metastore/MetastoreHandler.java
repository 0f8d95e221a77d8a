package dev.deployer.account.metastore;

import com.databricks.sdk.service.catalog.AccountsCreateMetastore;
import com.databricks.sdk.service.catalog.AccountsUpdateMetastore;
import com.databricks.sdk.service.catalog.CreateAccountsMetastore;
import com.databricks.sdk.service.catalog.DeleteAccountMetastoreRequest;
import com.databricks.sdk.service.catalog.MetastoreInfo;
import com.databricks.sdk.service.catalog.UpdateAccountsMetastore;
import dev.deployer.account.DatabricksClients;
import dev.deployer.account.DatabricksErrors;
import dev.deployer.account.DatabricksHandler;
import dev.deployer.core.diff.Diff;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code databricks_metastore}: created without a storage root (RESOURCES.md 1.2); the owner
 * changes in place, the name and region by replacement. Delete is forced.
 */
public final class MetastoreHandler extends DatabricksHandler<MetastoreSpec> {
  public static final String TYPE = "databricks_metastore";

  public MetastoreHandler(DatabricksClients databricks) {
    super(databricks);
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Class<MetastoreSpec> specClass() {
    return MetastoreSpec.class;
  }

  @Override
  public Set<String> outputNames() {
    return Set.of("metastore_id");
  }

  @Override
  public Set<String> replaceOnChange() {
    return Set.of("name", "region");
  }

  @Override
  public Diff diff(MetastoreSpec prior, MetastoreSpec desired) {
    // No owner asked for: the creator stays owner, which is not drift.
    MetastoreSpec d =
        desired.owner() == null
            ? new MetastoreSpec(desired.name(), desired.region(), prior.owner())
            : desired;
    return Diff.of(prior, d, replaceOnChange());
  }

  private static MetastoreSpec specOf(MetastoreInfo m) {
    return new MetastoreSpec(m.getName(), m.getRegion(), m.getOwner());
  }

  @Override
  public Optional<Observed<MetastoreSpec>> read(
      HandlerContext ctx, String id, MetastoreSpec prior) {
    try {
      MetastoreInfo m = databricks.account().metastores().get(id).getMetastoreInfo();
      return m == null
          ? Optional.empty()
          : Optional.of(new Observed<>(specOf(m), Map.of("metastore_id", id)));
    } catch (RuntimeException e) {
      if (DatabricksErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public Created create(HandlerContext ctx, MetastoreSpec spec) {
    MetastoreInfo m =
        databricks
            .account()
            .metastores()
            .create(
                new AccountsCreateMetastore()
                    .setMetastoreInfo(
                        new CreateAccountsMetastore()
                            .setName(spec.name())
                            .setRegion(spec.region())))
            .getMetastoreInfo();
    if (spec.owner() != null && !spec.owner().equals(m.getOwner())) {
      update(ctx, m.getMetastoreId(), specOf(m), spec);
    }
    return new Created(m.getMetastoreId(), Map.of("metastore_id", m.getMetastoreId()));
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx, String id, MetastoreSpec prior, MetastoreSpec desired) {
    databricks
        .account()
        .metastores()
        .update(
            new AccountsUpdateMetastore()
                .setMetastoreId(id)
                .setMetastoreInfo(new UpdateAccountsMetastore().setOwner(desired.owner())));
    return Map.of("metastore_id", id);
  }

  @Override
  public void delete(HandlerContext ctx, String id, MetastoreSpec prior) {
    try {
      databricks
          .account()
          .metastores()
          .delete(new DeleteAccountMetastoreRequest().setMetastoreId(id).setForce(true));
    } catch (RuntimeException e) {
      if (!DatabricksErrors.isNotFound(e)) {
        throw e;
      }
    }
  }

  @Override
  public Optional<String> findExisting(HandlerContext ctx, MetastoreSpec spec) {
    for (MetastoreInfo m : databricks.account().metastores().list()) {
      if (spec.name().equals(m.getName()) && spec.region().equals(m.getRegion())) {
        return Optional.of(m.getMetastoreId());
      }
    }
    return Optional.empty();
  }
}
