package dev.deployer.workspace.conf;

import dev.deployer.account.DatabricksClients;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.workspace.WorkspaceObjectHandler;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code databricks_workspace_conf}. Create records the values the keys had before (output {@code
 * original}, for people and audits); destroy resets each key it set to the opposite of the hardened
 * value, the service's default for these flags. Update PATCHes only keys that differ.
 */
public final class WorkspaceConfHandler extends WorkspaceObjectHandler<WorkspaceConfSpec> {
  public static final String TYPE = "databricks_workspace_conf";

  public WorkspaceConfHandler(DatabricksClients databricks) {
    super(databricks);
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Class<WorkspaceConfSpec> specClass() {
    return WorkspaceConfSpec.class;
  }

  @Override
  public Set<String> outputNames() {
    return Set.of("original");
  }

  private Map<String, String> current(WorkspaceConfSpec spec) {
    Map<String, String> got =
        client(spec).workspaceConf().getStatus(String.join(",", spec.settings().keySet()));
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

  @Override
  public void delete(HandlerContext ctx, String id, WorkspaceConfSpec prior) {
    Map<String, String> reset = new TreeMap<>();
    prior.settings().forEach((k, v) -> reset.put(k, "true".equals(v) ? "false" : "true"));
    deleteIfExists(() -> client(prior).workspaceConf().setStatus(reset));
  }
}
