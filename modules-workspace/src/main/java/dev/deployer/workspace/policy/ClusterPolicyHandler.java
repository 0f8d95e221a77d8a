package dev.deployer.workspace.policy;

import com.databricks.sdk.service.compute.CreatePolicy;
import com.databricks.sdk.service.compute.EditPolicy;
import com.databricks.sdk.service.compute.ListClusterPoliciesRequest;
import com.databricks.sdk.service.compute.Policy;
import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.account.DatabricksClients;
import dev.deployer.core.json.Json;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import dev.deployer.workspace.WorkspaceObjectHandler;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * {@code databricks_cluster_policy}. The definition travels as a JSON string; it is compared as
 * parsed JSON, so formatting and key order never show as drift. Everything changes in place.
 */
public final class ClusterPolicyHandler extends WorkspaceObjectHandler<ClusterPolicySpec> {
  public static final ResourceType<ClusterPolicySpec> TYPE =
      ResourceType.of("databricks_cluster_policy", ClusterPolicySpec.class)
          .outputs("policy_id")
          .replaceOnChange(WorkspaceObjectHandler.SCOPE)
          .identifiedBy("name");

  public ClusterPolicyHandler(DatabricksClients databricks) {
    super(databricks, TYPE);
  }

  private static JsonNode parse(String definition) {
    try {
      return Json.mapper().readTree(definition == null ? "{}" : definition);
    } catch (IOException e) {
      throw new IllegalStateException(
          "the cluster policy definition is not JSON: " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode n) {
    return n.toString();
  }

  @Override
  public Optional<Observed<ClusterPolicySpec>> read(
      HandlerContext ctx, String id, ClusterPolicySpec prior) {
    return ifExists(() -> client(prior).clusterPolicies().get(id))
        .map(
            p ->
                new Observed<>(
                    new ClusterPolicySpec(
                        prior.deploymentName(),
                        prior.workspaceId(),
                        p.getName(),
                        parse(p.getDefinition()),
                        p.getDescription() == null || p.getDescription().isEmpty()
                            ? null
                            : p.getDescription()),
                    Map.of("policy_id", id)));
  }

  @Override
  public Created create(HandlerContext ctx, ClusterPolicySpec spec) {
    String id =
        client(spec)
            .clusterPolicies()
            .create(
                new CreatePolicy()
                    .setName(spec.name())
                    .setDefinition(text(spec.definition()))
                    .setDescription(spec.description()))
            .getPolicyId();
    return new Created(id, Map.of("policy_id", id));
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx, String id, ClusterPolicySpec prior, ClusterPolicySpec desired) {
    client(desired)
        .clusterPolicies()
        .edit(
            new EditPolicy()
                .setPolicyId(id)
                .setName(desired.name())
                .setDefinition(text(desired.definition()))
                .setDescription(desired.description()));
    return Map.of("policy_id", id);
  }

  @Override
  public void delete(HandlerContext ctx, String id, ClusterPolicySpec prior) {
    deleteIfExists(() -> client(prior).clusterPolicies().delete(id));
  }

  @Override
  public Optional<String> findExisting(HandlerContext ctx, ClusterPolicySpec spec) {
    return idOfNamed(
        client(spec).clusterPolicies().list(new ListClusterPoliciesRequest()),
        Policy::getName,
        spec.name(),
        Policy::getPolicyId);
  }
}
