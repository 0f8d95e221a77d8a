package dev.deployer.account.workspace;

import com.databricks.sdk.service.provisioning.CreateWorkspaceRequest;
import com.databricks.sdk.service.provisioning.PricingTier;
import com.databricks.sdk.service.provisioning.UpdateWorkspaceRequest;
import com.databricks.sdk.service.provisioning.Workspace;
import com.databricks.sdk.service.provisioning.WorkspaceStatus;
import dev.deployer.account.DatabricksClients;
import dev.deployer.account.DatabricksErrors;
import dev.deployer.account.DatabricksHandler;
import dev.deployer.account.IamPropagation;
import dev.deployer.account.network.NetworkConfigurationHandler;
import dev.deployer.core.DeployerException;
import dev.deployer.core.diff.Diff;
import dev.deployer.core.retry.Waiter;
import dev.deployer.core.spi.Created;
import dev.deployer.core.spi.HandlerContext;
import dev.deployer.core.spi.Observed;
import dev.deployer.core.spi.ResourceType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code databricks_mws_workspaces}: create, then wait for RUNNING with backoff to a deadline. A
 * workspace that ends FAILED is reported with its network configuration's error messages and
 * deleted, unless asked to keep it. Credentials, network, custom tags, private access settings and
 * customer-managed keys change in place (PATCH).
 */
public final class WorkspaceHandler extends DatabricksHandler<WorkspaceSpec> {
  public static final ResourceType<WorkspaceSpec> TYPE =
      ResourceType.of("databricks_mws_workspaces", WorkspaceSpec.class)
          .outputs("workspace_id", "deployment_name", "workspace_url", "workspace_status")
          .replaceOnChange(
              "workspace_name",
              "aws_region",
              "deployment_name",
              "storage_configuration_id",
              "pricing_tier")
          .identifiedBy("workspace_name");

  private final Duration timeout;
  private final Duration raceDeadline;
  private final boolean keepFailed;

  public WorkspaceHandler(
      DatabricksClients databricks, Duration timeout, Duration raceDeadline, boolean keepFailed) {
    super(databricks, TYPE);
    this.timeout = timeout;
    this.raceDeadline = raceDeadline;
    this.keepFailed = keepFailed;
  }

  @Override
  public Diff diff(WorkspaceSpec prior, WorkspaceSpec desired) {
    WorkspaceSpec d = desired;
    // No deployment name asked for: whatever Databricks chose is fine. One asked for comes back
    // with the account's prefix ("<prefix>-<name>", provider issue #382): compared by suffix.
    if (d.deploymentName() == null || sameDeployment(prior.deploymentName(), d.deploymentName())) {
      d = d.withDeploymentName(prior.deploymentName());
    }
    // The service may answer pricing_tier in another case, or not at all (the SDK reads an
    // unknown spelling as null): only a tier that is there and really differs is a change.
    if (prior.pricingTier() == null
        || d.pricingTier() == null
        || prior.pricingTier().equalsIgnoreCase(d.pricingTier())) {
      d = d.withPricingTier(prior.pricingTier());
    }
    return Diff.of(prior, d, TYPE.replaceOnChange());
  }

  /**
   * The in-place changes the workspace API refuses or ignores (SDK {@code WorkspacesAPI.update}
   * javadoc, "Update a running workspace"): PrivateLink cannot be removed ("You cannot remove
   * (downgrade) any existing front-end or back-end PrivateLink support"), the storage key can be
   * set only on a workspace that has none, a customer-managed VPC cannot go back to a
   * Databricks-managed one, and an empty {@code custom_tags} is not applied. Each would fail
   * halfway through an apply, or plan the same change forever; replacing the workspace instead
   * would delete it with everything in it. So they are refused at plan time, and again by {@link
   * #update} once the values are known.
   */
  @Override
  public Optional<String> refuseUpdate(WorkspaceSpec prior, WorkspaceSpec desired) {
    List<String> why = new ArrayList<>();
    if (prior.privateAccessSettingsId() != null && desired.privateAccessSettingsId() == null) {
      why.add(
          "private access settings "
              + prior.privateAccessSettingsId()
              + " would be removed, but Databricks cannot remove PrivateLink from a workspace"
              + " (only switch it to other private access settings)");
    }
    if (prior.storageCustomerManagedKeyId() != null
        && !prior.storageCustomerManagedKeyId().equals(desired.storageCustomerManagedKeyId())) {
      why.add(
          "the workspace storage key "
              + prior.storageCustomerManagedKeyId()
              + (desired.storageCustomerManagedKeyId() == null
                  ? " would be removed"
                  : " would be changed")
              + ", but Databricks sets a workspace's storage key only once (the managed services"
              + " key can be rotated)");
    }
    if (prior.networkId() != null && desired.networkId() == null) {
      why.add(
          "the network configuration would be removed, but a workspace on a customer-managed VPC"
              + " cannot go back to a Databricks-managed one");
    }
    if (!prior.customTags().isEmpty() && desired.customTags().isEmpty()) {
      why.add(
          "all custom tags would be removed, but Databricks does not apply an empty custom_tags"
              + " update (the plan would show it again every run); keep at least one tag");
    }
    if (why.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "workspace "
            + prior.workspaceName()
            + ": "
            + String.join("; ", why)
            + ". Keep these as they are in the configuration, or deploy a new workspace with the"
            + " new settings and move to it.");
  }

  /** True when {@code actual} is {@code asked}, or {@code asked} behind an account prefix. */
  static boolean sameDeployment(String actual, String asked) {
    if (actual == null || asked == null) {
      return false;
    }
    String a = actual.toLowerCase(java.util.Locale.ROOT);
    String b = asked.toLowerCase(java.util.Locale.ROOT);
    return a.equals(b) || a.endsWith("-" + b);
  }

  /** The SDK constant for a configured tier, whatever its case; ENTERPRISE when none is set. */
  static PricingTier tier(String configured) {
    return configured == null
        ? PricingTier.ENTERPRISE
        : PricingTier.valueOf(configured.trim().toUpperCase(java.util.Locale.ROOT));
  }

  private Map<String, Object> outputs(Workspace w) {
    Map<String, Object> out = new HashMap<>();
    out.put("workspace_id", String.valueOf(w.getWorkspaceId()));
    if (w.getDeploymentName() != null) {
      out.put("deployment_name", w.getDeploymentName());
      out.put("workspace_url", databricks.workspaceUrl(w.getDeploymentName()));
    }
    if (w.getWorkspaceStatus() != null) {
      out.put("workspace_status", w.getWorkspaceStatus().toString());
    }
    return out;
  }

  private static WorkspaceSpec specOf(Workspace w) {
    return new WorkspaceSpec(
        w.getWorkspaceName(),
        w.getAwsRegion(),
        w.getCredentialsId(),
        w.getStorageConfigurationId(),
        w.getNetworkId(),
        w.getPricingTier() == null ? null : w.getPricingTier().toString(),
        w.getDeploymentName(),
        w.getCustomTags(),
        w.getPrivateAccessSettingsId(),
        w.getStorageCustomerManagedKeyId(),
        w.getManagedServicesCustomerManagedKeyId());
  }

  private Optional<Workspace> get(long id) {
    return ifExists(() -> databricks.account().workspaces().get(id));
  }

  @Override
  public Optional<Observed<WorkspaceSpec>> read(
      HandlerContext ctx, String id, WorkspaceSpec prior) {
    return get(Long.parseLong(id))
        .map(
            w ->
                w.getWorkspaceStatus() == WorkspaceStatus.FAILED
                        || w.getWorkspaceStatus() == WorkspaceStatus.BANNED
                    ? Observed.broken(
                        specOf(w),
                        outputs(w),
                        "the workspace is "
                            + w.getWorkspaceStatus()
                            + ": "
                            + w.getWorkspaceStatusMessage())
                    : new Observed<>(specOf(w), outputs(w)));
  }

  @Override
  public Created create(HandlerContext ctx, WorkspaceSpec spec) {
    // No client token: a workspace of this name is an earlier attempt's (or an interrupted run's).
    Optional<Workspace> earlier = byName(spec.workspaceName());
    if (earlier.isPresent()) {
      Optional<Created> adopted = adoptOrClear(ctx, spec, earlier.get());
      if (adopted.isPresent()) {
        return adopted.get();
      }
    }
    CreateWorkspaceRequest req =
        new CreateWorkspaceRequest()
            .setWorkspaceName(spec.workspaceName())
            .setAwsRegion(spec.awsRegion())
            .setCredentialsId(spec.credentialsId())
            .setStorageConfigurationId(spec.storageConfigurationId())
            .setNetworkId(spec.networkId())
            .setPricingTier(tier(spec.pricingTier()))
            .setDeploymentName(spec.deploymentName())
            .setPrivateAccessSettingsId(spec.privateAccessSettingsId())
            .setStorageCustomerManagedKeyId(spec.storageCustomerManagedKeyId())
            .setManagedServicesCustomerManagedKeyId(spec.managedServicesCustomerManagedKeyId());
    if (!spec.customTags().isEmpty()) {
      req.setCustomTags(spec.customTags());
    }
    Workspace w =
        IamPropagation.retry(
            ctx,
            "creating workspace " + spec.workspaceName(),
            roleOf(spec.credentialsId()),
            raceDeadline,
            () -> databricks.account().workspaces().create(req).getResponse());
    Workspace running = awaitRunning(ctx, w.getWorkspaceId(), "creating");
    awaitReachable(ctx, running);
    return new Created(String.valueOf(running.getWorkspaceId()), outputs(running));
  }

  /**
   * A workspace that just turned RUNNING is not reachable yet: its host name does not resolve for a
   * while, then answers intermittently (provider #33, #3452). Waits, with backoff to the workspace
   * deadline, until the host answers SCIM {@code Me} as the provider's verifyWorkspaceReachable
   * does, so no workspace-level resource starts against a host that is not there.
   */
  private void awaitReachable(HandlerContext ctx, Workspace w) {
    if (w.getDeploymentName() == null) {
      return;
    }
    String host = databricks.workspaceUrl(w.getDeploymentName());
    String wid = String.valueOf(w.getWorkspaceId());
    java.time.Instant started = ctx.clock().instant();
    ctx.waiter()
        .until(
            "workspace host " + host + " to answer",
            timeout,
            Duration.ofSeconds(1),
            Duration.ofSeconds(10),
            () -> probe(w.getDeploymentName(), wid),
            error ->
                error.isEmpty()
                    ? Waiter.State.DONE
                    : error.get().startsWith(FATAL) ? Waiter.State.FAILED : Waiter.State.PENDING,
            error -> error.map(m -> "not reachable yet: " + m).orElse("answering"),
            ctx::report);
    ctx.report(
        "workspace host "
            + host
            + " answers (waited "
            + dev.deployer.core.retry.Durations.human(
                Duration.between(started, ctx.clock().instant()))
            + " after RUNNING)");
  }

  private static final String FATAL = "refused: ";

  /** Empty when the host answers Me; else why not (FATAL-prefixed when waiting cannot help). */
  private Optional<String> probe(String deployment, String workspaceId) {
    try {
      databricks
          .workspace(deployment, workspaceId)
          .currentUser()
          .me(new com.databricks.sdk.service.iam.MeRequest());
      return Optional.empty();
    } catch (RuntimeException e) {
      if (DatabricksErrors.isRetryable(e, dev.deployer.core.spi.Operation.READ)
          || DatabricksErrors.isNotFound(e)) {
        return Optional.of(String.valueOf(e.getMessage()));
      }
      return Optional.of(FATAL + e.getMessage());
    }
  }

  /**
   * Adopts a workspace of the spec's name left by an earlier attempt (waiting for RUNNING), or
   * deletes it when it ended FAILED so that a fresh one can be created.
   */
  private Optional<Created> adoptOrClear(HandlerContext ctx, WorkspaceSpec spec, Workspace w) {
    long id = w.getWorkspaceId();
    if (!Objects.equals(spec.awsRegion(), w.getAwsRegion())
        || !Objects.equals(spec.storageConfigurationId(), w.getStorageConfigurationId())
        || !Objects.equals(spec.networkId(), w.getNetworkId())) {
      throw new DeployerException(
          "A workspace named '"
              + spec.workspaceName()
              + "' already exists ("
              + id
              + ") with another region, storage or network configuration. Rename the workspace"
              + " in the config, or delete that one, and apply again.");
    }
    if (w.getWorkspaceStatus() == WorkspaceStatus.FAILED) {
      if (keepFailed) {
        throw new DeployerException(
            "Workspace '"
                + spec.workspaceName()
                + "' ("
                + id
                + ") exists and is FAILED, kept because workspace.keep_failed is set: "
                + w.getWorkspaceStatusMessage()
                + ". Delete it (or unset keep_failed) and apply again.");
      }
      ctx.report("deleting the FAILED workspace " + id + " an earlier run left behind");
      databricks.account().workspaces().delete(id);
      awaitGone(ctx, id);
      return Optional.empty();
    }
    ctx.report("adopting workspace " + id + " of the same name from an earlier attempt");
    Workspace running = awaitRunning(ctx, id, "creating");
    awaitReachable(ctx, running);
    return Optional.of(new Created(String.valueOf(id), outputs(running)));
  }

  private Optional<Workspace> byName(String name) {
    for (Workspace w : databricks.account().workspaces().list()) {
      if (name.equals(w.getWorkspaceName())) {
        return Optional.of(w);
      }
    }
    return Optional.empty();
  }

  /** The role behind a credentials configuration, for race reports that name it. */
  private String roleOf(String credentialsId) {
    try {
      String arn =
          databricks
              .account()
              .credentials()
              .get(credentialsId)
              .getAwsCredentials()
              .getStsRole()
              .getRoleArn();
      return arn + " (credentials " + credentialsId + ")";
    } catch (RuntimeException e) {
      // Only a label: the POST itself says whether the credentials are usable.
      return "of credentials " + credentialsId;
    }
  }

  /** Polls until RUNNING; on FAILED reports the network errors and, unless kept, deletes it. */
  private Workspace awaitRunning(HandlerContext ctx, long id, String doing) {
    Workspace last;
    try {
      last =
          ctx.waiter()
              .until(
                  "workspace " + id + " to be RUNNING",
                  timeout,
                  Duration.ofSeconds(2),
                  Duration.ofSeconds(20),
                  () ->
                      get(id)
                          .orElseThrow(
                              () ->
                                  new DeployerException(
                                      "workspace " + id + " disappeared while " + doing)),
                  w ->
                      switch (w.getWorkspaceStatus() == null
                          ? WorkspaceStatus.PROVISIONING
                          : w.getWorkspaceStatus()) {
                        case RUNNING -> Waiter.State.DONE;
                        case FAILED, BANNED, CANCELLING -> Waiter.State.FAILED;
                        default -> Waiter.State.PENDING;
                      },
                  w ->
                      "status "
                          + w.getWorkspaceStatus()
                          + (w.getWorkspaceStatusMessage() == null
                              ? ""
                              : ": " + w.getWorkspaceStatusMessage()),
                  ctx::report);
    } catch (Waiter.WaitFailedException e) {
      Workspace w = get(id).orElse(null);
      if (w == null || w.getWorkspaceStatus() != WorkspaceStatus.FAILED) {
        throw e;
      }
      String network = "";
      if (w.getNetworkId() != null) {
        network =
            " Network configuration "
                + w.getNetworkId()
                + ": "
                + NetworkConfigurationHandler.errorMessages(
                    databricks.account().networks().get(w.getNetworkId()))
                + ".";
      }
      String kept;
      if (keepFailed) {
        kept =
            " The failed workspace " + id + " was kept (workspace.keep_failed); destroy or fix it.";
      } else {
        try {
          databricks.account().workspaces().delete(id);
          awaitGone(ctx, id);
          kept = " The failed workspace was deleted; fix the cause and apply again.";
        } catch (RuntimeException deleteError) {
          kept =
              " Deleting the failed workspace failed too ("
                  + deleteError.getMessage()
                  + "); the next apply deletes it before creating another.";
        }
      }
      throw new DeployerException(
          "Workspace "
              + w.getWorkspaceName()
              + " ("
              + id
              + ") ended FAILED: "
              + w.getWorkspaceStatusMessage()
              + "."
              + network
              + kept,
          e);
    }
    return last;
  }

  @Override
  public Map<String, Object> update(
      HandlerContext ctx, String id, WorkspaceSpec prior, WorkspaceSpec desired) {
    long wid = Long.parseLong(id);
    // The plan refused these with the values it knew; values known only now meet the same rule
    // before anything is sent.
    Optional<String> refused = refuseUpdate(prior, desired);
    if (refused.isPresent()) {
      throw new DeployerException(refused.get() + " Nothing was sent for it.");
    }
    // A workspace still provisioning (after someone else's change) refuses a PATCH: let it settle.
    awaitSettled(ctx, wid);
    Workspace patch = new Workspace();
    List<String> mask = new ArrayList<>();
    if (!Objects.equals(prior.credentialsId(), desired.credentialsId())) {
      patch.setCredentialsId(desired.credentialsId());
      mask.add("credentials_id");
    }
    if (!Objects.equals(prior.networkId(), desired.networkId())) {
      patch.setNetworkId(desired.networkId());
      mask.add("network_id");
    }
    if (!prior.customTags().equals(desired.customTags())) {
      patch.setCustomTags(desired.customTags());
      mask.add("custom_tags");
    }
    if (!Objects.equals(prior.privateAccessSettingsId(), desired.privateAccessSettingsId())) {
      patch.setPrivateAccessSettingsId(desired.privateAccessSettingsId());
      mask.add("private_access_settings_id");
    }
    if (!Objects.equals(
        prior.storageCustomerManagedKeyId(), desired.storageCustomerManagedKeyId())) {
      patch.setStorageCustomerManagedKeyId(desired.storageCustomerManagedKeyId());
      mask.add("storage_customer_managed_key_id");
    }
    if (!Objects.equals(
        prior.managedServicesCustomerManagedKeyId(),
        desired.managedServicesCustomerManagedKeyId())) {
      patch.setManagedServicesCustomerManagedKeyId(desired.managedServicesCustomerManagedKeyId());
      mask.add("managed_services_customer_managed_key_id");
    }
    if (!mask.isEmpty()) {
      UpdateWorkspaceRequest req =
          new UpdateWorkspaceRequest()
              .setWorkspaceId(wid)
              .setCustomerFacingWorkspace(patch)
              .setUpdateMask(String.join(",", mask));
      IamPropagation.retry(
          ctx,
          "updating workspace " + id,
          roleOf(desired.credentialsId()),
          raceDeadline,
          () -> databricks.account().workspaces().update(req).getResponse());
    }
    return outputs(awaitRunning(ctx, wid, "updating"));
  }

  private void awaitSettled(HandlerContext ctx, long id) {
    ctx.waiter()
        .until(
            "workspace " + id + " to finish provisioning",
            timeout,
            Duration.ofSeconds(1),
            Duration.ofSeconds(20),
            () ->
                get(id)
                    .orElseThrow(() -> new DeployerException("workspace " + id + " disappeared")),
            w ->
                w.getWorkspaceStatus() == WorkspaceStatus.PROVISIONING
                        || w.getWorkspaceStatus() == WorkspaceStatus.NOT_PROVISIONED
                    ? Waiter.State.PENDING
                    : Waiter.State.DONE,
            w -> "status " + w.getWorkspaceStatus() + " (waiting before the update)",
            ctx::report);
  }

  @Override
  public void delete(HandlerContext ctx, String id, WorkspaceSpec prior) {
    long wid = Long.parseLong(id);
    if (deleteIfExists(() -> databricks.account().workspaces().delete(wid))) {
      awaitGone(ctx, wid);
    }
  }

  private void awaitGone(HandlerContext ctx, long id) {
    ctx.waiter()
        .until(
            "workspace " + id + " to be deleted",
            timeout,
            Duration.ofSeconds(1),
            Duration.ofSeconds(15),
            () -> get(id).isEmpty(),
            gone -> gone ? Waiter.State.DONE : Waiter.State.PENDING,
            gone -> "deleting",
            ctx::report);
  }

  @Override
  public Optional<String> findExisting(HandlerContext ctx, WorkspaceSpec spec) {
    // Only a RUNNING one is adopted as it is; create() waits for a provisioning one and clears a
    // FAILED one.
    // A workspace of the name that uses other configurations is another one: never adopted.
    return byName(spec.workspaceName())
        .filter(w -> w.getWorkspaceStatus() == WorkspaceStatus.RUNNING)
        .filter(
            w ->
                Objects.equals(w.getCredentialsId(), spec.credentialsId())
                    && Objects.equals(w.getStorageConfigurationId(), spec.storageConfigurationId())
                    && Objects.equals(w.getNetworkId(), spec.networkId()))
        .map(w -> String.valueOf(w.getWorkspaceId()));
  }

  /**
   * A running workspace holds what users made in it (notebooks, jobs, clusters, workspace files,
   * its DBFS root); none of it comes back with a new workspace. A FAILED one holds nothing.
   */
  @Override
  public Optional<String> dataHeld(HandlerContext ctx, String id, WorkspaceSpec prior) {
    return get(Long.parseLong(id))
        .filter(w -> w.getWorkspaceStatus() == WorkspaceStatus.RUNNING)
        .map(
            w ->
                "workspace "
                    + w.getWorkspaceName()
                    + " ("
                    + id
                    + ") holds its users' notebooks, jobs, clusters and files");
  }
}
