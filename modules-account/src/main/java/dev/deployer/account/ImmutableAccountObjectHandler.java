package dev.deployer.account;

import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import java.util.Map;
import java.util.Optional;

/**
 * The shape every immutable, named account object shares (credentials, storage and network
 * configurations): get by id, list to find by name, delete by id. Their types replace on any change
 * ({@link dev.deployer.core.spi.ResourceType#replaceOnAnyChange}). Subclasses say only how to call
 * their API and map their model.
 *
 * @param <S> the spec record
 * @param <T> the SDK model type
 */
public abstract class ImmutableAccountObjectHandler<S, T> extends DatabricksHandler<S> {

  protected ImmutableAccountObjectHandler(DatabricksClients databricks, ResourceType<S> type) {
    super(databricks, type);
  }

  protected abstract T callCreate(HandlerContext ctx, S spec);

  protected abstract T callGet(String id);

  protected abstract Iterable<T> callList();

  protected abstract void callDelete(String id);

  protected abstract String idOf(T object);

  protected abstract String nameOf(T object);

  protected abstract String specName(S spec);

  protected abstract S specOf(T object);

  protected abstract Map<String, Object> outputsOf(T object);

  @Override
  public Optional<Observed<S>> read(HandlerContext ctx, String id, S prior) {
    return ifExists(() -> callGet(id)).map(o -> new Observed<>(specOf(o), outputsOf(o)));
  }

  @Override
  public Created create(HandlerContext ctx, S spec) {
    // Names are unique per account: one that exists is ours from an earlier run (or a retained
    // one) if its settings match; otherwise creating would fail anyway, so say why.
    for (T existing : callList()) {
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
    deleteIfExists(() -> callDelete(id));
  }

  @Override
  public Optional<String> findExisting(HandlerContext ctx, S spec) {
    // Account objects take no client token: the name is how a lost create is found again.
    String name = specName(spec);
    for (T object : callList()) {
      if (name.equals(nameOf(object))) {
        return Optional.of(idOf(object));
      }
    }
    return Optional.empty();
  }
}
