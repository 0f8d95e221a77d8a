package dev.deployer.account.identity;

import com.databricks.sdk.service.iam.ComplexValue;
import com.databricks.sdk.service.iam.Group;
import com.databricks.sdk.service.iam.ListAccountGroupsRequest;
import com.databricks.sdk.service.iam.PartialUpdate;
import com.databricks.sdk.service.iam.Patch;
import com.databricks.sdk.service.iam.PatchOp;
import com.databricks.sdk.service.iam.PatchSchema;
import dev.deployer.account.DatabricksClients;
import dev.deployer.account.DatabricksHandler;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code databricks_group} at the account level (SCIM {@code /scim/v2/Groups}). Members change by
 * PATCH add and remove of exactly the difference, as the provider's group member resource does, so
 * a member added in the console between plan and apply is not dropped by a whole-list replace; a
 * member someone else added shows as drift and is removed (the config lists a group's members). The
 * group carries {@code externalId} {@code deployer:<stack>:<address>}: only such a group is adopted
 * after a crash.
 */
public final class AccountGroupHandler extends DatabricksHandler<AccountGroupSpec> {
  public static final ResourceType<AccountGroupSpec> TYPE =
      ResourceType.of("databricks_group", AccountGroupSpec.class)
          .outputs("id")
          .replaceOnChange("display_name", "owner")
          .identifiedBy("display_name", "owner");

  public AccountGroupHandler(DatabricksClients databricks) {
    super(databricks, TYPE);
  }

  /** The ownership marker for a group declared at {@code address} of {@code stack}. */
  public static String owner(String stack, String address) {
    return "deployer:" + stack + ":" + address;
  }

  @Override
  public boolean findsOnlyOwnObjects() {
    return true;
  }

  private static String kindOf(ComplexValue m) {
    String ref = m.getRef() == null ? "" : m.getRef();
    if (ref.startsWith("Groups/")) {
      return "group";
    }
    if (ref.startsWith("ServicePrincipals/")) {
      return "service_principal";
    }
    return "user";
  }

  @Override
  public Optional<Observed<AccountGroupSpec>> read(
      HandlerContext ctx, String id, AccountGroupSpec prior) {
    return ifExists(() -> databricks.account().groups().get(id))
        .map(
            g -> {
              Map<String, AccountGroupSpec.Member> named = new HashMap<>();
              prior.members().forEach(m -> named.put(m.id(), m));
              List<AccountGroupSpec.Member> members = new ArrayList<>();
              if (g.getMembers() != null) {
                for (ComplexValue m : g.getMembers()) {
                  AccountGroupSpec.Member known = named.get(m.getValue());
                  members.add(
                      known != null
                          ? known
                          : new AccountGroupSpec.Member(
                              kindOf(m),
                              m.getDisplay() == null ? m.getValue() : m.getDisplay(),
                              m.getValue()));
                }
              }
              return new Observed<>(
                  new AccountGroupSpec(
                      g.getDisplayName(),
                      g.getExternalId() == null ? "" : g.getExternalId(),
                      members),
                  Map.of("id", id));
            });
  }

  private static List<ComplexValue> values(Set<String> ids) {
    return ids.stream().map(i -> new ComplexValue().setValue(i)).toList();
  }

  @Override
  public Created create(HandlerContext ctx, AccountGroupSpec spec) {
    Set<String> ids = new TreeSet<>();
    spec.members().forEach(m -> ids.add(m.id()));
    Group g =
        databricks
            .account()
            .groups()
            .create(
                new Group()
                    .setDisplayName(spec.displayName())
                    .setExternalId(spec.owner())
                    .setMembers(values(ids)));
    return new Created(g.getId(), Map.of("id", g.getId()));
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx, String id, AccountGroupSpec prior, AccountGroupSpec desired) {
    Set<String> want = new TreeSet<>();
    desired.members().forEach(m -> want.add(m.id()));
    Set<String> have = new TreeSet<>();
    prior.members().forEach(m -> have.add(m.id()));
    Set<String> add = new TreeSet<>(want);
    add.removeAll(have);
    Set<String> remove = new TreeSet<>(have);
    remove.removeAll(want);
    List<Patch> ops = new ArrayList<>();
    if (!add.isEmpty()) {
      ops.add(new Patch().setOp(PatchOp.ADD).setPath("members").setValue(values(add)));
    }
    remove.forEach(
        r -> ops.add(new Patch().setOp(PatchOp.REMOVE).setPath("members[value eq \"" + r + "\"]")));
    if (!ops.isEmpty()) {
      databricks
          .account()
          .groups()
          .patch(
              new PartialUpdate()
                  .setId(id)
                  .setSchemas(List.of(PatchSchema.URN_IETF_PARAMS_SCIM_API_MESSAGES_2_0_PATCH_OP))
                  .setOperations(ops));
    }
    return Map.of("id", id);
  }

  @Override
  public void delete(HandlerContext ctx, String id, AccountGroupSpec prior) {
    deleteIfExists(() -> databricks.account().groups().delete(id));
  }

  @Override
  public Optional<String> findExisting(HandlerContext ctx, AccountGroupSpec spec) {
    for (Group g :
        databricks
            .account()
            .groups()
            .list(
                new ListAccountGroupsRequest()
                    .setFilter("displayName eq \"" + spec.displayName() + "\""))) {
      if (spec.displayName().equals(g.getDisplayName()) && spec.owner().equals(g.getExternalId())) {
        return Optional.of(g.getId());
      }
    }
    return Optional.empty();
  }
}
