package dev.deployer.environments;

import dev.deployer.common.CommonConfig;
import dev.deployer.workspace.WorkspaceComputeModule;
import dev.deployer.workspace.WorkspaceFilesModule;
import dev.deployer.workspace.WorkspaceSecurityModule;
import java.util.List;
import java.util.Map;

/**
 * One environment stack's config, bound from {@code environments/config/<env>.json} after the
 * schema check. Field names are the snake_case JSON names.
 */
// allow_destroy is read by the apply command from the file; the stack does not use it.
@com.fasterxml.jackson.annotation.JsonIgnoreProperties({"allow_destroy", "protect"})
public record EnvironmentConfig(
    String environment,
    String prefix,
    CommonConfig.Aws aws,
    CommonConfig.Databricks databricks,
    Map<String, String> tags,
    Network network,
    CrossAccountRole crossAccountRole,
    Storage storage,
    Workspace workspace,
    Metastore metastore,
    List<Identity> identities,
    List<Group> groups,
    DeployingPrincipal deployingPrincipal,
    String iamRaceDeadline,
    String team,
    Catalog catalog,
    ClusterPolicy clusterPolicy,
    Map<String, String> workspaceConf,
    Security security,
    WorkspaceComputeModule.SharedCluster sharedCluster,
    List<WorkspaceFilesModule.Repo> repos,
    List<WorkspaceFilesModule.Notebook> notebooks,
    List<Peering> peering,
    StateSection state,
    Map<String, com.fasterxml.jackson.databind.node.ObjectNode> adopted,
    PrivateLink privatelink,
    CustomerManagedKeys customerManagedKeys) {

  public EnvironmentConfig {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    peering = peering == null ? List.of() : List.copyOf(peering);
    identities = identities == null ? List.of() : List.copyOf(identities);
    groups = groups == null ? List.of() : List.copyOf(groups);
    workspace = workspace == null ? new Workspace(null, null, null, null, null, null) : workspace;
    metastore = metastore == null ? new Metastore(null, null, null) : metastore;
    catalog = catalog == null ? new Catalog(null, null, null) : catalog;
    clusterPolicy = clusterPolicy == null ? new ClusterPolicy(Map.of(), List.of()) : clusterPolicy;
    workspaceConf = workspaceConf == null ? Map.of() : Map.copyOf(workspaceConf);
    security = security == null ? new Security(null, null, null, null) : security;
    repos = repos == null ? List.of() : List.copyOf(repos);
    notebooks = notebooks == null ? List.of() : List.copyOf(notebooks);
    adopted = adopted == null ? Map.of() : Map.copyOf(adopted);
    customerManagedKeys =
        customerManagedKeys == null ? new CustomerManagedKeys(null, null) : customerManagedKeys;
  }

  /** Back-end PrivateLink; absent (null) without it. */
  public record PrivateLink(List<String> subnetCidrs, Boolean publicAccessEnabled) {
    public boolean publicAccessEnabledOrDefault() {
      return publicAccessEnabled == null || publicAccessEnabled;
    }
  }

  /** Which customer-managed keys deployer creates and attaches. */
  public record CustomerManagedKeys(Boolean managedServices, Boolean storage) {
    public boolean any() {
      return Boolean.TRUE.equals(managedServices) || Boolean.TRUE.equals(storage);
    }
  }

  /**
   * Where the stack's state lives when not in the local file: an S3 bucket shared by a team
   * (docs/teams.md). Region defaults to the stack's AWS region, key prefix to {@code deployer/}.
   */
  public record StateSection(String bucket, String keyPrefix, String region, String kmsKeyId) {
    public static final String DEFAULT_PREFIX = "deployer/";

    public String keyPrefixOrDefault() {
      return keyPrefix == null ? DEFAULT_PREFIX : keyPrefix;
    }
  }

  /** The workspace; every field has a default. */
  public record Workspace(
      String name,
      String deploymentName,
      String pricingTier,
      Map<String, String> customTags,
      Boolean keepFailed,
      String timeout) {
    public Workspace {
      customTags = customTags == null ? Map.of() : Map.copyOf(customTags);
    }
  }

  /** Which metastore the workspace is assigned to: an id, or another stack's output. */
  public record Metastore(String id, String fromStack, String defaultCatalogName) {
    public String fromStackOrDefault() {
      return fromStack == null ? "common" : fromStack;
    }
  }

  /** The catalog isolated to the workspace. */
  public record Catalog(String name, String adminPrincipal, Boolean forceDestroy) {}

  /** The cluster policy's overrides of the defaults. */
  public record ClusterPolicy(
      Map<String, com.fasterxml.jackson.databind.JsonNode> overrides,
      List<WorkspaceComputeModule.Grant> permissions) {
    public ClusterPolicy {
      overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
      permissions = permissions == null ? List.of() : List.copyOf(permissions);
    }
  }

  /**
   * Workspace hardening (WorkspaceSecurityModule); every part is off when absent.
   *
   * @param enhancedSecurityMonitoring null leaves the setting as it is
   */
  public record Security(
      IpAccessLists ipAccessLists,
      Integer maxTokenLifetimeDays,
      ComplianceSecurityProfile complianceSecurityProfile,
      Boolean enhancedSecurityMonitoring) {

    /** The lists and whether they are enforced (default true). */
    public record IpAccessLists(Boolean enforce, List<WorkspaceSecurityModule.IpList> lists) {
      public IpAccessLists {
        lists = lists == null ? List.of() : List.copyOf(lists);
      }

      public boolean enforceOrDefault() {
        return !Boolean.FALSE.equals(enforce);
      }
    }

    /** The profile is on whenever this is configured. */
    public record ComplianceSecurityProfile(List<String> complianceStandards) {
      public ComplianceSecurityProfile {
        complianceStandards =
            complianceStandards == null ? List.of() : List.copyOf(complianceStandards);
      }
    }

    /**
     * The lists with one more ALLOW list for the sandbox's caller (loopback), which the emulator,
     * like the service, would otherwise refuse as locking the deployer out.
     */
    public Security withSandboxCaller() {
      if (ipAccessLists == null
          || ipAccessLists.lists().stream().noneMatch(l -> "ALLOW".equals(l.listType()))) {
        return this;
      }
      List<WorkspaceSecurityModule.IpList> lists = new java.util.ArrayList<>(ipAccessLists.lists());
      // First: the lists are created in order, and the caller must be allowed at every step.
      lists.add(
          0,
          new WorkspaceSecurityModule.IpList(
              SANDBOX_CALLER_LABEL, "ALLOW", List.of("127.0.0.1"), true));
      return new Security(
          new IpAccessLists(ipAccessLists.enforce(), lists),
          maxTokenLifetimeDays,
          complianceSecurityProfile,
          enhancedSecurityMonitoring);
    }

    public static final String SANDBOX_CALLER_LABEL = "deployer-sandbox-caller";
  }

  /** The same config with other security options (the sandbox adds its caller). */
  public EnvironmentConfig withSecurity(Security s) {
    return new EnvironmentConfig(
        environment,
        prefix,
        aws,
        databricks,
        tags,
        network,
        crossAccountRole,
        storage,
        workspace,
        metastore,
        identities,
        groups,
        deployingPrincipal,
        iamRaceDeadline,
        team,
        catalog,
        clusterPolicy,
        workspaceConf,
        s,
        sharedCluster,
        repos,
        notebooks,
        peering,
        state,
        adopted,
        privatelink,
        customerManagedKeys);
  }

  /** An account group this stack owns, with its direct members. */
  public record Group(String displayName, List<GroupMember> members) {
    public Group {
      members = members == null ? List.of() : List.copyOf(members);
    }
  }

  /** A member: a user name, a service principal's application id, or a group's name. */
  public record GroupMember(String principal, String kind) {}

  /** The groups this config creates, by name. */
  public java.util.Set<String> groupNames() {
    java.util.Set<String> names = new java.util.LinkedHashSet<>();
    groups.forEach(g -> names.add(g.displayName()));
    return names;
  }

  /** A principal given access to the workspace. */
  public record Identity(String principal, String kind, String permission) {}

  /** Who runs deployer, kept ADMIN on the workspace; default the OAuth M2M client. */
  public record DeployingPrincipal(String principal, String kind) {}

  /** The data-plane VPC. Omitted lists take the module's defaults. */
  public record Network(
      String vpcCidr,
      List<String> availabilityZones,
      List<String> publicSubnetCidrs,
      List<String> privateSubnetCidrs,
      Boolean singleNatGateway,
      List<String> securityGroupProtocols,
      List<String> securityGroupEgressPorts,
      List<String> additionalSecurityGroupIds,
      Boolean isolated) {
    public boolean isolatedOrDefault() {
      return Boolean.TRUE.equals(isolated);
    }
  }

  /** Options of the cross-account role. */
  /**
   * The cross-account role's options.
   *
   * @param policy {@code restricted} (default: scoped to the VPC and region) or {@code customer}
   */
  public record CrossAccountRole(String instanceProfileRoleArn, String policy) {}

  /** One VPC peering. */
  public record Peering(
      String name, String peerVpcId, String peerVpcCidr, List<String> peerRouteTableIds) {}

  /** The workspace root bucket. */
  public record Storage(String rootBucket, Boolean forceDestroy, Boolean restrictivePolicy) {
    public boolean restrictivePolicyOrDefault() {
      return Boolean.TRUE.equals(restrictivePolicy);
    }

    public boolean forceDestroyOrDefault() {
      return Boolean.TRUE.equals(forceDestroy);
    }
  }
}
