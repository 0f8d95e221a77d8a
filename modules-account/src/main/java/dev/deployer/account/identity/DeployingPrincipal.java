package dev.deployer.account.identity;

import dev.deployer.account.DatabricksClients;
import java.util.Optional;

/**
 * The principal that runs deployer, kept ADMIN on every workspace it deploys. Only the identity
 * that created a workspace can manage it unless it is assigned (issue 9 item 11), so without this a
 * second operator or a rotated CI principal is locked out of the workspace its stack owns.
 *
 * <p>The configured one wins. Otherwise it is the identity the account client authenticates as,
 * when that is knowable: with OAuth M2M the client id is the service principal's application id.
 * The account API has no SCIM {@code Me}, so for any other authentication it must be configured.
 */
public final class DeployingPrincipal {
  private DeployingPrincipal() {}

  /** A principal by kind and SCIM name, not yet looked up. */
  public record Named(Principal.Kind kind, String name) {}

  public static Optional<Named> of(DatabricksClients db, String kind, String name) {
    if (name != null) {
      return Optional.of(new Named(Principal.Kind.parse(kind), name));
    }
    if (db.settings().sandbox()) {
      return Optional.empty();
    }
    String clientId = db.account().config().getClientId();
    if (clientId != null && !clientId.isBlank()) {
      return Optional.of(new Named(Principal.Kind.SERVICE_PRINCIPAL, clientId));
    }
    return Optional.empty();
  }
}
