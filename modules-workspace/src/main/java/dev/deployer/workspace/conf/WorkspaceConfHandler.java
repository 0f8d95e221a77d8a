package dev.deployer.workspace.conf;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.http.Request;
import dev.deployer.account.DatabricksClients;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import dev.deployer.workspace.WorkspaceObjectHandler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code databricks_workspace_conf}. Create records the values the keys had before (output {@code
 * original}, for people and audits); destroy resets each key it set, one PATCH per key so that one
 * refused key does not leave the others set (as the provider's deleteWorkspaceConf does), to the
 * opposite of the hardened value, the service's default for these flags. Update PATCHes only keys
 * that differ. Reads send the {@code keys} query the API requires, which databricks-sdk-java
 * 0.141.0's {@code workspaceConf().getStatus} leaves out.
 */
public final class WorkspaceConfHandler extends WorkspaceObjectHandler<WorkspaceConfSpec> {
  public static final ResourceType<WorkspaceConfSpec> TYPE =
      ResourceType.of("databricks_workspace_conf", WorkspaceConfSpec.class)
          .outputs("original")
          .replaceOnChange(WorkspaceObjectHandler.SCOPE);

  public WorkspaceConfHandler(DatabricksClients databricks) {
    super(databricks, TYPE);
  }

  private Map<String, String> current(WorkspaceConfSpec spec) {
    if (spec.settings().isEmpty()) {
      return Map.of();
    }
    WorkspaceClient w = client(spec);
    Request get =
        new Request("GET", "/api/2.0/workspace-conf")
            .withQueryParam("keys", String.join(",", new TreeSet<>(spec.settings().keySet())))
            .withHeader("Accept", "application/json");
    String workspaceId = w.apiClient().workspaceId();
    if (workspaceId != null) {
      get.withHeader("X-Databricks-Workspace-Id", workspaceId);
    }
    Map<String, String> got = w.apiClient().getStringMap(get);
    return got == null ? Map.of() : got;
  }

  @Override
  public Optional<Observed<WorkspaceConfSpec>> read(
      HandlerContext ctx, String id, WorkspaceConfSpec prior) {
    return ifExists(() -> current(prior))
        .map(
            all -> {
              Map<String, String> seen = new TreeMap<>();
              prior
                  .settings()
                  .keySet()
                  .forEach(
                      k -> {
                        String v = all.get(k);
                        seen.put(k, v == null ? "" : v);
                      });
              return new Observed<>(
                  new WorkspaceConfSpec(prior.deploymentName(), prior.workspaceId(), seen),
                  Map.of());
            });
  }

  @Override
  public Created create(HandlerContext ctx, WorkspaceConfSpec spec) {
    Map<String, String> before = current(spec);
    Map<String, String> original = new TreeMap<>();
    spec.settings().keySet().forEach(k -> original.put(k, before.getOrDefault(k, "")));
    client(spec).workspaceConf().setStatus(spec.settings());
    Map<String, Object> out = new HashMap<>();
    out.put("original", dev.deployer.core.json.Json.write(original));
    return new Created(spec.workspaceId(), out);
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx, String id, WorkspaceConfSpec prior, WorkspaceConfSpec desired) {
    Map<String, String> changed = new TreeMap<>();
    desired
        .settings()
        .forEach(
            (k, v) -> {
              if (!v.equals(prior.settings().get(k))) {
                changed.put(k, v);
              }
            });
    if (!changed.isEmpty()) {
      client(desired).workspaceConf().setStatus(changed);
    }
    return Map.of();
  }

  /**
   * The opposite of a flag this stack set; a value that is no flag (maxTokenLifetimeDays) is
   * cleared with an empty string, as the provider's deleteWorkspaceConf does.
   */
  static String reset(String value) {
    return switch (value) {
      case "true" -> "false";
      case "false" -> "true";
      default -> "";
    };
  }

  @Override
  public void delete(HandlerContext ctx, String id, WorkspaceConfSpec prior) {
    // Key by key, in a stable order: a key the service refuses is reported and the rest are still
    // reset.
    List<String> refused = new ArrayList<>();
    for (Map.Entry<String, String> e : new TreeMap<>(prior.settings()).entrySet()) {
      String reset = reset(e.getValue());
      try {
        deleteIfExists(() -> client(prior).workspaceConf().setStatus(Map.of(e.getKey(), reset)));
      } catch (DatabricksError err) {
        if (err.getStatusCode() != 400) {
          throw err;
        }
        refused.add(e.getKey() + " (" + err.getMessage() + ")");
      }
    }
    if (!refused.isEmpty()) {
      ctx.report("workspace-conf keys left as they were, refused by the service: " + refused);
    }
  }
}
