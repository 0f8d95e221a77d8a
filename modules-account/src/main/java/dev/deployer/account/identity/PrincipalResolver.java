package dev.deployer.account.identity;

import com.databricks.sdk.service.iam.Group;
import com.databricks.sdk.service.iam.ListAccountGroupsRequest;
import com.databricks.sdk.service.iam.ListAccountServicePrincipalsRequest;
import com.databricks.sdk.service.iam.ListAccountUsersRequest;
import com.databricks.sdk.service.iam.ServicePrincipal;
import com.databricks.sdk.service.iam.User;
import dev.deployer.account.DatabricksClients;
import dev.deployer.core.DeployerException;
import java.util.ArrayList;
import java.util.List;

/**
 * Looks principals up by name in the account's SCIM directory before planning, so an unknown name
 * stops the run before anything changes.
 */
public final class PrincipalResolver {
  private final DatabricksClients databricks;

  public PrincipalResolver(DatabricksClients databricks) {
    this.databricks = databricks;
  }

  /** One lookup per principal; every unknown one is named in a single error. */
  public List<Principal> resolve(List<Principal.Kind> kinds, List<String> names, String source) {
    List<Principal> found = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      Principal.Kind kind = kinds.get(i);
      String name = names.get(i);
      String id = lookup(kind, name);
      if (id == null) {
        missing.add(kind.configName() + " '" + name + "'");
      } else {
        found.add(new Principal(kind, name, id));
      }
    }
    if (!missing.isEmpty()) {
      throw new DeployerException(
          "Unknown principal"
              + (missing.size() == 1 ? "" : "s")
              + " in "
              + source
              + ": "
              + String.join(", ", missing)
              + " not found in the Databricks account "
              + databricks.accountId()
              + ". Create them (or fix the names) and plan again; nothing was changed.");
    }
    return found;
  }

  private String lookup(Principal.Kind kind, String name) {
    String filter = kind.scimAttribute() + " eq \"" + name.replace("\"", "\\\"") + "\"";
    return switch (kind) {
      case USER -> {
        for (User u :
            databricks.account().users().list(new ListAccountUsersRequest().setFilter(filter))) {
          if (name.equalsIgnoreCase(u.getUserName())) {
            yield u.getId();
          }
        }
        yield null;
      }
      case GROUP -> {
        for (Group g :
            databricks.account().groups().list(new ListAccountGroupsRequest().setFilter(filter))) {
          if (name.equals(g.getDisplayName())) {
            yield g.getId();
          }
        }
        yield null;
      }
      case SERVICE_PRINCIPAL -> {
        for (ServicePrincipal sp :
            databricks
                .account()
                .servicePrincipals()
                .list(new ListAccountServicePrincipalsRequest().setFilter(filter))) {
          if (name.equals(sp.getApplicationId())) {
            yield sp.getId();
          }
        }
        yield null;
      }
    };
  }
}
