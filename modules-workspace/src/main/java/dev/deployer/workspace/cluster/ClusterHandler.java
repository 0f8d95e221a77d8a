package dev.deployer.workspace.cluster;

import com.databricks.sdk.service.compute.AutoScale;
import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.CreateCluster;
import com.databricks.sdk.service.compute.DataSecurityMode;
import com.databricks.sdk.service.compute.EditCluster;
import com.databricks.sdk.service.compute.ListClustersRequest;
import com.databricks.sdk.service.compute.State;
import dev.deployer.account.DatabricksClients;
import dev.deployer.core.retry.Waiter;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import dev.deployer.workspace.MarkedObjectHandler;
import dev.deployer.workspace.OwnerMark;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code databricks_cluster}. Create answers at once with the cluster PENDING; {@link #awaitReady},
 * which the engine calls after the create and after every adoption, waits (backoff, progress line
 * per state) until it runs, or, for a cluster configured not to start, terminates it right away
 * (the Clusters API has no create-without-start). Edit of a running cluster restarts it, as the
 * service does; the handler says so and waits for it to run again. A cluster still starting is
 * waited for before an edit, which the service would refuse. Destroy is a permanent delete.
 *
 * <p>Cluster names are not unique, so a name proves nothing: every create and edit sends the
 * stack's {@link OwnerMark} tags ({@code deployer_stack}, {@code deployer_address}) with the
 * configured custom tags, reads take them off again, and only a cluster carrying both for this
 * address is ever adopted. Databricks copies custom tags onto the cluster's EC2 instances, so the
 * instances say which stack they serve as well.
 */
public final class ClusterHandler extends MarkedObjectHandler<ClusterSpec> {
  public static final ResourceType<ClusterSpec> TYPE =
      markedType("databricks_cluster", ClusterSpec.class, "cluster_name", "cluster_id");

  /** How long a cluster may take to start (the service's own waiter allows 20 minutes). */
  static final Duration START_TIMEOUT = Duration.ofMinutes(20);

  private static final Set<State> SETTLED = Set.of(State.RUNNING, State.TERMINATED);

  public ClusterHandler(DatabricksClients databricks) {
    super(databricks, TYPE);
  }

  private ClusterDetails waitFor(HandlerContext ctx, ClusterSpec spec, String id, Set<State> done) {
    return ctx.waiter()
        .until(
            "cluster " + spec.clusterName(),
            START_TIMEOUT,
            Duration.ofSeconds(2),
            Duration.ofSeconds(20),
            () -> client(spec).clusters().get(id),
            c ->
                done.contains(c.getState())
                    ? Waiter.State.DONE
                    : c.getState() == State.ERROR
                            || (c.getState() == State.TERMINATED
                                && !done.contains(State.TERMINATED))
                        ? Waiter.State.FAILED
                        : Waiter.State.PENDING,
            c ->
                c.getState()
                    + (c.getStateMessage() == null || c.getStateMessage().isEmpty()
                        ? ""
                        : " (" + c.getStateMessage() + ")"),
            ctx::report);
  }

  @Override
  public Optional<Observed<ClusterSpec>> read(HandlerContext ctx, String id, ClusterSpec prior) {
    return ifExists(() -> client(prior).clusters().get(id))
        .map(c -> new Observed<>(seen(prior, c), Map.of("cluster_id", id)));
  }

  private static ClusterSpec seen(ClusterSpec prior, ClusterDetails c) {
    AutoScale a = c.getAutoscale();
    return new ClusterSpec(
        prior.deploymentName(),
        prior.workspaceId(),
        c.getClusterName(),
        c.getSparkVersion(),
        c.getNodeTypeId(),
        a == null ? c.getNumWorkers() == null ? 0L : c.getNumWorkers() : null,
        a == null ? null : a.getMinWorkers(),
        a == null ? null : a.getMaxWorkers(),
        c.getAutoterminationMinutes() == null ? 0 : c.getAutoterminationMinutes(),
        c.getPolicyId(),
        c.getDataSecurityMode() == null ? null : c.getDataSecurityMode().name(),
        OwnerMark.withoutTags(c.getCustomTags()),
        prior.start());
  }

  private static AutoScale autoscale(ClusterSpec s) {
    return s.numWorkers() != null
        ? null
        : new AutoScale().setMinWorkers(s.minWorkers()).setMaxWorkers(s.maxWorkers());
  }

  private static DataSecurityMode mode(ClusterSpec s) {
    return s.dataSecurityMode() == null ? null : DataSecurityMode.valueOf(s.dataSecurityMode());
  }

  private static CreateCluster createRequest(HandlerContext ctx, ClusterSpec spec) {
    CreateCluster req = new CreateCluster().setClusterName(spec.clusterName());
    req.setSparkVersion(spec.sparkVersion()).setNodeTypeId(spec.nodeTypeId());
    req.setNumWorkers(spec.numWorkers()).setAutoscale(autoscale(spec));
    req.setAutoterminationMinutes(spec.autoterminationMinutes()).setPolicyId(spec.policyId());
    return req.setDataSecurityMode(mode(spec))
        .setCustomTags(OwnerMark.withTags(spec.customTags(), ctx));
  }

  @Override
  public Created create(HandlerContext ctx, ClusterSpec spec) {
    String id =
        client(spec).clusters().create(createRequest(ctx, spec)).getResponse().getClusterId();
    return new Created(id, Map.of("cluster_id", id));
  }

  /**
   * After a create, and after the engine adopted the stack's cluster (a retried create, a lost
   * state): a cluster configured to start is waited for until it runs, and started first if it was
   * found terminated (an adopted one that auto-terminated); one configured not to start is
   * terminated and waited for until it is.
   */
  @Override
  public void awaitReady(HandlerContext ctx, String id, ClusterSpec spec) {
    State state = client(spec).clusters().get(id).getState();
    if (spec.start()) {
      if (state == State.TERMINATED) {
        ctx.report("starting cluster " + id + ": it is configured to start and was terminated");
        client(spec).clusters().start(id).getResponse();
      }
      waitFor(ctx, spec, id, Set.of(State.RUNNING));
    } else if (state != State.TERMINATED) {
      ctx.report("terminating cluster " + id + ": it is configured not to start");
      client(spec).clusters().delete(id).getResponse();
      waitFor(ctx, spec, id, Set.of(State.TERMINATED));
    }
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx, String id, ClusterSpec prior, ClusterSpec desired) {
    ClusterDetails now = client(desired).clusters().get(id);
    if (!SETTLED.contains(now.getState())) {
      now = waitFor(ctx, desired, id, SETTLED);
    }
    client(desired)
        .clusters()
        .edit(
            new EditCluster()
                .setClusterId(id)
                .setClusterName(desired.clusterName())
                .setSparkVersion(desired.sparkVersion())
                .setNodeTypeId(desired.nodeTypeId())
                .setNumWorkers(desired.numWorkers())
                .setAutoscale(autoscale(desired))
                .setAutoterminationMinutes(desired.autoterminationMinutes())
                .setPolicyId(desired.policyId())
                .setDataSecurityMode(mode(desired))
                .setCustomTags(OwnerMark.withTags(desired.customTags(), ctx)));
    if (now.getState() == State.RUNNING) {
      ctx.report("cluster " + id + " was running: the edit restarts it");
      waitFor(ctx, desired, id, Set.of(State.RUNNING));
    }
    return Map.of("cluster_id", id);
  }

  @Override
  public Optional<String> findExisting(HandlerContext ctx, ClusterSpec spec) {
    return first(
            client(spec).clusters().list(new ListClustersRequest()),
            c ->
                spec.clusterName().equals(c.getClusterName())
                    && OwnerMark.tagged(c.getCustomTags(), ctx))
        .map(ClusterDetails::getClusterId);
  }

  @Override
  public void delete(HandlerContext ctx, String id, ClusterSpec prior) {
    // Only clusters/get maps "does not exist" to not-found (the SDK's error overrides); ask it
    // first rather than read a 400 from permanent-delete as absence.
    if (ifExists(() -> client(prior).clusters().get(id)).isPresent()) {
      client(prior).clusters().permanentDelete(id);
    }
  }
}
