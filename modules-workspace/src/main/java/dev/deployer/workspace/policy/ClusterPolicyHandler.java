package dev.deployer.workspace.policy;

import com.databricks.sdk.service.compute.CreatePolicy;
import com.databricks.sdk.service.compute.EditPolicy;
import com.databricks.sdk.service.compute.ListClusterPoliciesRequest;
import com.databricks.sdk.service.compute.Policy;
import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.account.DatabricksClients;
import dev.deployer.core.DeployerException;
import dev.deployer.core.json.Json;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import dev.deployer.workspace.MarkedObjectHandler;
import dev.deployer.workspace.OwnerMark;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * {@code databricks_cluster_policy}. The definition travels as a JSON string; it is compared as
 * parsed JSON, so formatting and key order never show as drift. Everything changes in place.
 *
 * <p>Policy names are unique in a workspace, and policies carry no tags: the description the
 * service holds ends with the stack's {@link OwnerMark}, and only a policy with that mark is
 * adopted. A policy of the configured name without it is someone else's: the create is refused
 * before the call, naming it, and nothing of it is changed.
 */
public final class ClusterPolicyHandler extends MarkedObjectHandler<ClusterPolicySpec> {
  public static final ResourceType<ClusterPolicySpec> TYPE =
      markedType("databricks_cluster_policy", ClusterPolicySpec.class, "name", "policy_id");

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
                        configured(p.getDescription())),
                    Map.of("policy_id", id)));
  }

  private static String configured(String description) {
    String text = OwnerMark.unmarked(description);
    return text == null || text.isEmpty() ? null : text;
  }

  @Override
  public Created create(HandlerContext ctx, ClusterPolicySpec spec) {
    Optional<Policy> taken = named(spec);
    if (taken.isPresent()) {
      // findExisting has already adopted one of ours: this one is not provably the stack's.
      throw new DeployerException(
          "cluster policy '"
              + spec.name()
              + "' already exists in workspace "
              + spec.deploymentName()
              + " (policy id "
              + taken.get().getPolicyId()
              + ") and is not this stack's: "
              + OwnerMark.stackOf(taken.get().getDescription())
                  .map(other -> "its description carries stack '" + other + "''s mark")
                  .orElse("its description carries no [deployer:" + ctx.stack() + "] mark")
              + ". Nothing was changed. Choose another policy name in the configuration,"
              + " or, if this stack should manage it, adopt it with 'deployer import --env "
              + ctx.stack()
              + " "
              + ctx.address()
              + " "
              + taken.get().getPolicyId()
              + "'.");
    }
    String id =
        client(spec)
            .clusterPolicies()
            .create(
                new CreatePolicy()
                    .setName(spec.name())
                    .setDefinition(text(spec.definition()))
                    .setDescription(OwnerMark.marked(spec.description(), ctx)))
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
                .setDescription(OwnerMark.marked(desired.description(), ctx)));
    return Map.of("policy_id", id);
  }

  @Override
  public void delete(HandlerContext ctx, String id, ClusterPolicySpec prior) {
    deleteIfExists(() -> client(prior).clusterPolicies().delete(id));
  }

  @Override
  public Optional<String> findExisting(HandlerContext ctx, ClusterPolicySpec spec) {
    return named(spec)
        .filter(p -> OwnerMark.marks(p.getDescription(), ctx))
        .map(Policy::getPolicyId);
  }

  private Optional<Policy> named(ClusterPolicySpec spec) {
    return first(
        client(spec).clusterPolicies().list(new ListClusterPoliciesRequest()),
        p -> spec.name().equals(p.getName()));
  }
}
