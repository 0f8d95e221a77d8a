package dev.deployer.workspace;

import dev.deployer.account.DatabricksClients;
import dev.deployer.core.model.Ref;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.ResourceType;
import java.util.Map;
import java.util.Set;

/**
 * The shared part of handlers of what is attached to a named securable (a principal's grants, a
 * workspace's catalog binding): the id names the securable, and a new securable name changes in
 * place. After a rename in place the attachment has already moved with the securable (the old name
 * answers 404), so only what differs is sent; pointed at another securable, it leaves the old one
 * first.
 */
public abstract class AttachmentHandler<S extends WorkspaceScoped>
    extends WorkspaceObjectHandler<S> {
  protected AttachmentHandler(DatabricksClients databricks, ResourceType<S> type) {
    super(databricks, type);
  }

  /** The id: the securable's name and what is attached to it. */
  protected abstract String id(S spec);

  /** The name of the securable the spec attaches to. */
  protected abstract String securable(S spec);

  /** Attaches the whole spec. */
  protected abstract void attach(S spec);

  /** Sends what differs from {@code prior} to the securable {@code desired} names. */
  protected abstract void change(S prior, S desired);

  /** Whether {@code prior}'s securable still holds the attachment (it was not renamed). */
  protected abstract boolean stillAttached(HandlerContext ctx, String id, S prior);

  /** Takes {@code prior}'s attachment off the securable it names. */
  protected abstract void detach(HandlerContext ctx, String id, S prior);

  @Override
  public Created create(HandlerContext ctx, S spec) {
    attach(spec);
    return new Created(id(spec), Map.of());
  }

  @Override
  public Set<String> changedByUpdate(S prior, S desired) {
    return securable(prior).equals(securable(desired)) ? Set.of() : Set.of(Ref.ID);
  }

  @Override
  public Map<String, Object> update(HandlerContext ctx, String id, S prior, S desired) {
    boolean same = securable(prior).equals(securable(desired));
    if (!same && stillAttached(ctx, id, prior)) {
      // Another securable, not a rename: the attachment leaves the old one.
      detach(ctx, id, prior);
      attach(desired);
    } else {
      // The same securable, or renamed with the attachment on it, as recorded.
      change(prior, desired);
    }
    return same ? Map.of() : Map.of(Ref.ID, id(desired));
  }
}
