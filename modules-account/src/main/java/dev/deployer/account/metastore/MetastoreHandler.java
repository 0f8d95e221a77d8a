package dev.deployer.account.metastore;

import com.databricks.sdk.core.http.Request;
import com.databricks.sdk.service.catalog.AccountsCreateMetastore;
import com.databricks.sdk.service.catalog.AccountsUpdateMetastoreResponse;
import com.databricks.sdk.service.catalog.CreateAccountsMetastore;
import com.databricks.sdk.service.catalog.DeleteAccountMetastoreRequest;
import com.databricks.sdk.service.catalog.MetastoreInfo;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.account.DatabricksClients;
import dev.deployer.account.DatabricksHandler;
import dev.deployer.core.DeployerException;
import dev.deployer.core.diff.Diff;
import dev.deployer.core.json.Json;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.Existing;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code databricks_metastore}: POST {@code /metastores} with name and region and no storage root
 * (RESOURCES.md 1.2). Name and owner change in place (PUT); region and storage root cannot, so they
 * replace it. Delete is forced. Found again by name, which the account keeps unique. The account
 * may hold one metastore per region: an existing one there is adopted when the config says so
 * ({@link MetastoreSpec#adoptExisting()}), else creation stops naming it and the way to adopt it.
 */
public final class MetastoreHandler extends DatabricksHandler<MetastoreSpec> {
  public static final ResourceType<MetastoreSpec> TYPE =
      ResourceType.of("databricks_metastore", MetastoreSpec.class)
          .outputs("metastore_id")
          .replaceOnChange("region", "storage_root")
          .identifiedBy("name", "region");

  public MetastoreHandler(DatabricksClients databricks) {
    super(databricks, TYPE);
  }

  @Override
  public Diff diff(MetastoreSpec prior, MetastoreSpec desired) {
    // No owner asked for: the creator stays owner, which is not drift. An adopted metastore keeps
    // the name and root storage it has: renaming it is not ours to do, and a root storage it was
    // made with (by hand, or by automatic enablement) must not plan its forced deletion.
    MetastoreSpec d =
        new MetastoreSpec(
            desired.adoptExisting() ? prior.name() : desired.name(),
            desired.region(),
            desired.adoptExisting() ? prior.storageRoot() : desired.storageRoot(),
            desired.owner() == null ? prior.owner() : desired.owner(),
            desired.adoptExisting());
    return Diff.of(prior, d, TYPE.replaceOnChange());
  }

  static MetastoreSpec specOf(MetastoreInfo m) {
    String root = m.getStorageRoot();
    return new MetastoreSpec(
        m.getName(), m.getRegion(), root == null || root.isEmpty() ? null : root, m.getOwner());
  }

  private static String describe(MetastoreInfo m) {
    return "'" + m.getName() + "' (" + m.getMetastoreId() + ")";
  }

  @Override
  public Optional<Observed<MetastoreSpec>> read(
      HandlerContext ctx, String id, MetastoreSpec prior) {
    return ifExists(() -> databricks.account().metastores().get(id).getMetastoreInfo())
        .map(
            m ->
                new Observed<>(
                    specOf(m).withAdoptExisting(prior != null && prior.adoptExisting()),
                    Map.of("metastore_id", id)));
  }

  @Override
  public Created create(HandlerContext ctx, MetastoreSpec spec) {
    List<MetastoreInfo> all = new ArrayList<>();
    databricks.account().metastores().list().forEach(all::add);
    // No client token: one of this name from an earlier, interrupted run is adopted if it fits.
    Optional<MetastoreInfo> existing = byName(all, spec.name());
    if (existing.isPresent()) {
      MetastoreInfo m = existing.get();
      MetastoreSpec seen = specOf(m);
      if (!spec.region().equals(seen.region())
          || !Objects.equals(spec.storageRoot(), seen.storageRoot())) {
        throw new DeployerException(
            "A metastore named '"
                + spec.name()
                + "' already exists ("
                + m.getMetastoreId()
                + ", region "
                + seen.region()
                + (seen.storageRoot() == null ? "" : ", storage root " + seen.storageRoot())
                + "). Choose another metastore.name, or import it if it is meant to be this one.");
      }
      ctx.report("adopting the existing metastore " + m.getMetastoreId() + " of the same name");
      if (spec.owner() != null && !spec.owner().equals(seen.owner())) {
        update(ctx, m.getMetastoreId(), seen, spec);
      }
      return new Created(m.getMetastoreId(), Map.of("metastore_id", m.getMetastoreId()));
    }
    // One metastore per region per account (provider #1665, #2482): look before any create.
    Optional<MetastoreInfo> inRegion =
        all.stream().filter(m -> spec.region().equalsIgnoreCase(m.getRegion())).findFirst();
    if (inRegion.isPresent()) {
      MetastoreInfo m = inRegion.get();
      if (!spec.adoptExisting()) {
        throw oneMetastorePerRegion(ctx, spec, m);
      }
      ctx.report(
          "adopting "
              + describe(m)
              + ", the account's metastore in "
              + m.getRegion()
              + " (metastore.adopt_existing); it is left in place on destroy");
      MetastoreSpec seen = specOf(m);
      if (spec.owner() != null && !spec.owner().equals(seen.owner())) {
        update(ctx, m.getMetastoreId(), seen, spec.withAdoptExisting(true));
      }
      return new Created(m.getMetastoreId(), Map.of("metastore_id", m.getMetastoreId()));
    }
    CreateAccountsMetastore info =
        new CreateAccountsMetastore().setName(spec.name()).setRegion(spec.region());
    if (spec.storageRoot() != null) {
      info.setStorageRoot(spec.storageRoot());
    }
    MetastoreInfo m =
        databricks
            .account()
            .metastores()
            .create(new AccountsCreateMetastore().setMetastoreInfo(info))
            .getMetastoreInfo();
    if (spec.owner() != null && !spec.owner().equals(m.getOwner())) {
      update(ctx, m.getMetastoreId(), specOf(m), spec);
    }
    return new Created(m.getMetastoreId(), Map.of("metastore_id", m.getMetastoreId()));
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx, String id, MetastoreSpec prior, MetastoreSpec desired) {
    // The SDK's update model has no new_name, so the PUT is sent as the API documents it.
    ObjectNode info = Json.mapper().createObjectNode();
    if (!desired.adoptExisting() && !desired.name().equals(prior.name())) {
      info.put("new_name", desired.name());
    }
    if (desired.owner() != null && !desired.owner().equals(prior.owner())) {
      info.put("owner", desired.owner());
    }
    if (!info.isEmpty()) {
      ObjectNode body = Json.mapper().createObjectNode();
      body.set("metastore_info", info);
      String path = "/api/2.0/accounts/" + databricks.accountId() + "/metastores/" + id;
      Request req =
          new Request("PUT", path, body.toString())
              .withHeader("Accept", "application/json")
              .withHeader("Content-Type", "application/json");
      try {
        databricks.account().apiClient().execute(req, AccountsUpdateMetastoreResponse.class);
      } catch (IOException e) {
        throw new UncheckedIOException("updating metastore " + id, e);
      }
    }
    return Map.of("metastore_id", id);
  }

  @Override
  public void delete(HandlerContext ctx, String id, MetastoreSpec prior) {
    if (prior.adoptExisting()) {
      ctx.report(
          "left metastore " + id + " in place: adopted (metastore.adopt_existing), not ours");
      return;
    }
    deleteIfExists(
        () ->
            databricks
                .account()
                .metastores()
                .delete(new DeleteAccountMetastoreRequest().setMetastoreId(id).setForce(true)));
  }

  /** The refusal when the region already has a metastore and the config does not adopt it. */
  private DeployerException oneMetastorePerRegion(
      HandlerContext ctx, MetastoreSpec spec, MetastoreInfo m) {
    return new DeployerException(
        "Databricks allows one Unity Catalog metastore per region, and account "
            + databricks.accountId()
            + " already has "
            + describe(m)
            + " in "
            + m.getRegion()
            + ", so "
            + ctx.address()
            + " cannot create '"
            + spec.name()
            + "'. Nothing was changed. To use it, either set \"adopt_existing\": true under"
            + " \"metastore\" in the "
            + ctx.stack()
            + " stack's config (metastore.adopt_existing: it is used as it is and left in place"
            + " on destroy), or let this stack manage it: `deployer import --env "
            + ctx.stack()
            + " "
            + ctx.address()
            + " "
            + m.getMetastoreId()
            + "` (set metastore.name to '"
            + m.getName()
            + "' to keep its name; destroy then deletes it).");
  }

  /**
   * Read-only, at plan time: the region's metastore is shown as imported when the config adopts it
   * (or when it has this stack's name, as an interrupted run leaves it), and without {@code
   * adopt_existing} the plan stops naming it, before anything changes.
   */
  @Override
  public Optional<Existing> existingAtPlan(HandlerContext ctx, MetastoreSpec spec) {
    List<MetastoreInfo> all = new ArrayList<>();
    databricks.account().metastores().list().forEach(all::add);
    Optional<MetastoreInfo> named = byName(all, spec.name());
    if (named.isPresent()) {
      MetastoreSpec seen = specOf(named.get());
      if (spec.region().equals(seen.region())
          && Objects.equals(spec.storageRoot(), seen.storageRoot())) {
        return Optional.of(
            new Existing(
                named.get().getMetastoreId(),
                "the account already has a metastore named '"
                    + named.get().getName()
                    + "' in "
                    + seen.region()
                    + "; it is taken over as this stack's"));
      }
      return Optional.empty(); // create names the clash
    }
    Optional<MetastoreInfo> inRegion =
        all.stream().filter(m -> spec.region().equalsIgnoreCase(m.getRegion())).findFirst();
    if (inRegion.isEmpty()) {
      return Optional.empty();
    }
    MetastoreInfo m = inRegion.get();
    if (!spec.adoptExisting()) {
      throw oneMetastorePerRegion(ctx, spec, m);
    }
    return Optional.of(
        new Existing(
            m.getMetastoreId(),
            describe(m)
                + " is the account's metastore in "
                + m.getRegion()
                + ": adopted (metastore.adopt_existing), used as it is and left in place on"
                + " destroy"));
  }

  private static Optional<MetastoreInfo> byName(Iterable<MetastoreInfo> all, String name) {
    for (MetastoreInfo m : all) {
      // The service compares metastore names without case.
      if (name.equalsIgnoreCase(m.getName())) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<String> findExisting(HandlerContext ctx, MetastoreSpec spec) {
    // Only in the same region: adopting another region's metastore would plan its (forced)
    // deletion as a replacement.
    Iterable<MetastoreInfo> all = databricks.account().metastores().list();
    return byName(all, spec.name())
        .filter(m -> spec.region().equals(m.getRegion()))
        .map(MetastoreInfo::getMetastoreId);
  }
}
