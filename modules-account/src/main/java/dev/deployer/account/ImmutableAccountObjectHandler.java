package dev.deployer.account;

import dev.deployer.core.json.Json;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The shape every immutable, named account object shares (credentials, storage and network
 * configurations): get by id, list to find by name, delete by id. Their types replace on any change
 * ({@link dev.deployer.core.spi.ResourceType#replaceOnAnyChange}) and are identified by their one
 * name field ({@link ResourceType#identifiedBy}). Subclasses say only how to call their API and map
 * their model.
 *
 * @param <S> the spec record
 * @param <T> the SDK model type
 */
public abstract class ImmutableAccountObjectHandler<S, T> extends DatabricksHandler<S> {

  /** One kind of account object in the SDK: its service's get, list and delete, its model's id. */
  public record Api<T>(
      Function<String, T> get,
      Supplier<Iterable<T>> list,
      Consumer<String> delete,
      Function<T, String> id) {}

  private final String nameField;

  protected ImmutableAccountObjectHandler(DatabricksClients databricks, ResourceType<S> type) {
    super(databricks, type);
    if (type.identity().size() != 1) {
      throw new IllegalArgumentException(type + " must be identified by its one name field");
    }
    this.nameField = type.identity().iterator().next();
  }

  protected abstract Api<T> api();

  protected abstract T callCreate(HandlerContext ctx, S spec);

  protected abstract S specOf(T object);

  protected abstract Map<String, Object> outputsOf(T object);

  @Override
  public Optional<Observed<S>> read(HandlerContext ctx, String id, S prior) {
    return ifExists(() -> get(id)).map(o -> new Observed<>(specOf(o), outputsOf(o)));
  }

  protected T get(String id) {
    return api().get().apply(id);
  }

  private String idOf(T object) {
    return api().id().apply(object);
  }

  /** The spec's name: the value of the type's identity field. */
  private String specName(S spec) {
    return Json.tree(spec).path(nameField).asText();
  }

  private String nameOf(T object) {
    return specName(specOf(object));
  }

  @Override
  public Created create(HandlerContext ctx, S spec) {
    // Names are unique per account: one that exists is ours from an earlier run (or a retained
    // one) if its settings match; otherwise creating would fail anyway, so say why.
    for (T existing : api().list().get()) {
      if (specName(spec).equals(nameOf(existing))) {
        if (specOf(existing).equals(spec)) {
          ctx.report(
              "adopting the existing " + type() + " " + idOf(existing) + " of the same name");
          return new Created(idOf(existing), outputsOf(existing));
        }
        throw new dev.deployer.core.DeployerException(
            "A "
                + type()
                + " named '"
                + specName(spec)
                + "' already exists ("
                + idOf(existing)
                + ") with other settings: "
                + specOf(existing)
                + ". Delete it, or choose another prefix.");
      }
    }
    T object = callCreate(ctx, spec);
    return new Created(idOf(object), outputsOf(object));
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
    // Account objects take no client token: the name is how a lost create is found again.
    String name = specName(spec);
    for (T object : api().list().get()) {
      if (name.equals(nameOf(object))) {
        return Optional.of(idOf(object));
      }
    }
    return Optional.empty();
  }
}
