package dev.deployer.account;

import com.databricks.sdk.service.provisioning.Workspace;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.core.DeployerException;
import dev.deployer.core.diff.Diff;
import dev.deployer.core.json.Json;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The shape every immutable, named account object shares (credentials, storage and network
 * configurations): get by id, list to find by name, delete by id. Their types replace on any change
 * ({@link dev.deployer.core.spi.ResourceType#replaceOnAnyChange}) and are identified by their one
 * name field ({@link ResourceType#identifiedBy}), as {@link #immutableType} declares them.
 * Subclasses say only what differs: their type, their SDK service, the create request and how their
 * model reads back as a spec.
 *
 * @param <S> the spec record
 * @param <T> the SDK model type
 */
public abstract class ImmutableAccountObjectHandler<S, T> extends DatabricksHandler<S> {

  /**
   * One kind of account object in the SDK: its service's get, list, create (from a spec), delete.
   */
  public record Api<S, T>(
      Function<String, T> get,
      Supplier<Iterable<T>> list,
      Function<S, T> create,
      Consumer<String> delete) {}

  private final String nameField;
  private final Function<T, String> idGetter;

  /**
   * @param idGetter the model's id getter
   */
  protected ImmutableAccountObjectHandler(
      DatabricksClients databricks, ResourceType<S> type, Function<T, String> idGetter) {
    super(databricks, type);
    if (type.identity().size() != 1) {
      throw new IllegalArgumentException(type + " must be identified by its one name field");
    }
    this.nameField = type.identity().iterator().next();
    this.idGetter = idGetter;
  }

  /**
   * The type of an object the account cannot change: any spec change replaces it, and a lost create
   * is found again by its one name field.
   */
  protected static <S> ResourceType<S> immutableType(
      String name, Class<S> specClass, String nameField, String... outputs) {
    return ResourceType.of(name, specClass)
        .outputs(outputs)
        .replaceOnAnyChange()
        .identifiedBy(nameField);
  }

  /** The kind's calls, on the account client of the run. */
  protected abstract Api<S, T> api();

  /** Creates the object; a kind whose create must wait something out overrides it. */
  protected T callCreate(HandlerContext ctx, S spec) {
    return api().create().apply(spec);
  }

  protected abstract S specOf(T object);

  /**
   * The outputs an object shows: by default its id alone, under the type's one output name; types
   * with more outputs override this.
   */
  protected Map<String, Object> outputsOf(T object) {
    if (type().outputs().size() != 1) {
      throw new IllegalStateException(type() + " must say its outputs");
    }
    return Map.of(type().outputs().iterator().next(), idOf(object));
  }

  @Override
  public Optional<Observed<S>> read(HandlerContext ctx, String id, S prior) {
    return ifExists(() -> get(id)).map(o -> new Observed<>(specOf(o), outputsOf(o)));
  }

  protected T get(String id) {
    return api().get().apply(id);
  }

  private String idOf(T object) {
    return idGetter.apply(object);
  }

  /** The spec's name: the value of the type's identity field. */
  private String specName(S spec) {
    return Json.tree(spec).path(nameField).asText();
  }

  private String nameOf(T object) {
    return specName(specOf(object));
  }

  /**
   * The name a create-first replacement takes while the object it replaces still holds the
   * configured one (names are unique per account); the next replacement takes the configured name
   * again. The diff reads the two as the same name.
   */
  public static final String NEXT_SUFFIX = "-2";

  /** The spec with another name: its identity field set to {@code name}. */
  protected S withName(S spec, String name) {
    ObjectNode tree = (ObjectNode) Json.tree(spec);
    tree.put(nameField, name);
    return Json.convert(tree, type().specClass());
  }

  /** This kind's id as a workspace refers to it (its network, credentials or storage id). */
  protected abstract String referenceIn(Workspace workspace);

  /** Every id of this kind a workspace refers to; a kind a workspace names twice overrides it. */
  protected List<String> referencesIn(Workspace workspace) {
    String id = referenceIn(workspace);
    return id == null ? List.of() : List.of(id);
  }

  /**
   * Replaced create-first: a workspace using the object moves to the new one (PATCH) before the old
   * one goes; the account refuses to delete a configuration a workspace uses.
   */
  @Override
  public boolean createBeforeDestroy() {
    return true;
  }

  @Override
  public Diff diff(S prior, S desired) {
    return Diff.of(asNamed(prior, desired), desired, type().replaceOnChange());
  }

  /** {@code prior} under {@code desired}'s name when it carries the replacement's name. */
  private S asNamed(S prior, S desired) {
    String want = specName(desired);
    return (want + NEXT_SUFFIX).equals(specName(prior)) ? withName(prior, want) : prior;
  }

  private List<T> all() {
    List<T> all = new ArrayList<>();
    api().list().get().forEach(all::add);
    return all;
  }

  @Override
  public Created create(HandlerContext ctx, S spec) {
    List<T> all = all();
    S target = spec;
    T holder = named(all, specName(spec));
    if (holder != null && idOf(holder).equals(ctx.replacing())) {
      // The object this one replaces keeps the configured name until it is deleted.
      target = withName(spec, specName(spec) + NEXT_SUFFIX);
      holder = named(all, specName(target));
    }
    if (holder != null) {
      return adoptOrRefuse(ctx, target, holder);
    }
    T object = callCreate(ctx, target);
    return new Created(idOf(object), outputsOf(object));
  }

  private T named(List<T> all, String name) {
    for (T o : all) {
      if (name.equals(nameOf(o))) {
        return o;
      }
    }
    return null;
  }

  /**
   * An object of the name exists: adopted only when it is exactly what is configured and no
   * workspace uses it (then it is a create of ours that was not recorded, or one retained on
   * destroy); otherwise refused, saying whose it is. Never adopts a different object.
   */
  private Created adoptOrRefuse(HandlerContext ctx, S spec, T existing) {
    String id = idOf(existing);
    List<Workspace> users = usersOf(id);
    if (specOf(existing).equals(spec) && users.isEmpty()) {
      ctx.report("adopting the existing " + type() + " " + id + " of the same name and settings");
      return new Created(id, outputsOf(existing));
    }
    String importIt =
        "'deployer import --env " + ctx.stack() + " " + ctx.address() + " " + id + "'";
    StringBuilder sb =
        new StringBuilder("A ")
            .append(type())
            .append(" named '")
            .append(specName(spec))
            .append("' already exists in the account (id ")
            .append(id)
            .append(")");
    if (!users.isEmpty()) {
      Workspace w = users.get(0);
      sb.append(" and is used by workspace '")
          .append(w.getWorkspaceName())
          .append("' (id ")
          .append(w.getWorkspaceId())
          .append(", ")
          .append(w.getWorkspaceStatus())
          .append("): it belongs to that workspace, and deployer neither takes it over nor")
          .append(" touches it. If that workspace is this stack's and its state was lost, import")
          .append(" both: ")
          .append(importIt)
          .append(" and the workspace by its id ")
          .append(w.getWorkspaceId())
          .append(". Otherwise choose another prefix for this stack.");
    } else {
      sb.append(" with other settings than configured (it has ")
          .append(Json.write(specOf(existing)).replaceAll("\\s+", " "))
          .append("), so it is not provably this stack's. If it is, adopt it with ")
          .append(importIt)
          .append(" and plan again; otherwise choose another prefix for this stack.");
    }
    throw new DeployerException(sb.toString());
  }

  /** The workspaces that use the object {@code id}. */
  private List<Workspace> usersOf(String id) {
    List<Workspace> users = new ArrayList<>();
    for (Workspace w : databricks.account().workspaces().list()) {
      if (referencesIn(w).contains(id)) {
        users.add(w);
      }
    }
    return users;
  }

  @Override
  public Map<String, Object> update(HandlerContext ctx, String id, S prior, S desired) {
    throw new IllegalStateException(type() + " is immutable; the planner replaces it instead");
  }

  @Override
  public void delete(HandlerContext ctx, String id, S prior) {
    deleteIfExists(() -> api().delete().accept(id));
  }

  @Override
  public Optional<String> findExisting(HandlerContext ctx, S spec) {
    // Account objects take no client token: a lost create is found again by its name, and only
    // when it is exactly what was asked for and no workspace uses it yet.
    List<T> all = all();
    for (S candidate : List.of(spec, withName(spec, specName(spec) + NEXT_SUFFIX))) {
      T o = named(all, specName(candidate));
      if (o != null
          && !idOf(o).equals(ctx.replacing())
          && specOf(o).equals(candidate)
          && usersOf(idOf(o)).isEmpty()) {
        return Optional.of(idOf(o));
      }
    }
    return Optional.empty();
  }
}
