package dev.deployer.workspace.ipaccess;

import com.databricks.sdk.service.settings.CreateIpAccessList;
import com.databricks.sdk.service.settings.IpAccessListInfo;
import com.databricks.sdk.service.settings.ListType;
import com.databricks.sdk.service.settings.ReplaceIpAccessList;
import dev.deployer.account.DatabricksClients;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import dev.deployer.workspace.MarkedObjectHandler;
import dev.deployer.workspace.OwnerMark;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code databricks_ip_access_list}. An update replaces the list whole (PUT), so a list edited out
 * of band is put back exactly, enabled flag included. The service refuses a list that would lock
 * out the caller (400 INVALID_STATE); that error is not retried and names the caller's address.
 *
 * <p>Labels are not unique (provider issue #489: two lists of one label are accepted) and lists
 * carry no tags, so the label the service holds ends with the stack's {@link OwnerMark}: {@code
 * office [deployer:prod]}. Only a list with that mark is ever adopted; a list someone else made
 * under the same label is left alone, and deployer's own is created beside it.
 */
public final class IpAccessListHandler extends MarkedObjectHandler<IpAccessListSpec> {
  public static final ResourceType<IpAccessListSpec> TYPE =
      markedType("databricks_ip_access_list", IpAccessListSpec.class, "label", "list_id");

  public IpAccessListHandler(DatabricksClients databricks) {
    super(databricks, TYPE);
  }

  private static IpAccessListSpec seen(IpAccessListSpec prior, IpAccessListInfo l) {
    return new IpAccessListSpec(
        prior.deploymentName(),
        prior.workspaceId(),
        OwnerMark.unmarked(l.getLabel()),
        l.getListType() == null ? prior.listType() : l.getListType().name(),
        l.getIpAddresses() == null ? List.of() : List.copyOf(l.getIpAddresses()),
        !Boolean.FALSE.equals(l.getEnabled()));
  }

  @Override
  public Optional<Observed<IpAccessListSpec>> read(
      HandlerContext ctx, String id, IpAccessListSpec prior) {
    return ifExists(() -> client(prior).ipAccessLists().get(id).getIpAccessList())
        .map(l -> new Observed<>(seen(prior, l), Map.of("list_id", id)));
  }

  @Override
  public Created create(HandlerContext ctx, IpAccessListSpec spec) {
    String id =
        client(spec)
            .ipAccessLists()
            .create(
                new CreateIpAccessList()
                    .setLabel(OwnerMark.marked(spec.label(), ctx))
                    .setListType(ListType.valueOf(spec.listType()))
                    .setIpAddresses(spec.ipAddresses()))
            .getIpAccessList()
            .getListId();
    if (!spec.enabled()) {
      replace(ctx, spec, id);
    }
    return new Created(id, Map.of("list_id", id));
  }

  private void replace(HandlerContext ctx, IpAccessListSpec spec, String id) {
    client(spec)
        .ipAccessLists()
        .replace(
            new ReplaceIpAccessList()
                .setIpAccessListId(id)
                .setLabel(OwnerMark.marked(spec.label(), ctx))
                .setListType(ListType.valueOf(spec.listType()))
                .setIpAddresses(spec.ipAddresses())
                .setEnabled(spec.enabled()));
  }

  @Override
  public Optional<String> findExisting(HandlerContext ctx, IpAccessListSpec spec) {
    return first(
            client(spec).ipAccessLists().list(),
            l ->
                OwnerMark.marks(l.getLabel(), ctx)
                    && spec.label().equals(OwnerMark.unmarked(l.getLabel())))
        .map(IpAccessListInfo::getListId);
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx, String id, IpAccessListSpec prior, IpAccessListSpec desired) {
    replace(ctx, desired, id);
    return Map.of("list_id", id);
  }

  @Override
  public void delete(HandlerContext ctx, String id, IpAccessListSpec prior) {
    deleteIfExists(() -> client(prior).ipAccessLists().delete(id));
  }
}
