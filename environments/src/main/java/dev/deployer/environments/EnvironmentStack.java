package dev.deployer.environments;

import dev.deployer.account.AccountModule;
import dev.deployer.account.HandlerSettings;
import dev.deployer.account.IamPropagation;
import dev.deployer.account.identity.AccountGroupsModule;
import dev.deployer.account.identity.Principal;
import dev.deployer.account.identity.PrincipalResolver;
import dev.deployer.cloud.iam.CrossAccountInputs;
import dev.deployer.cloud.iam.CrossAccountPolicy;
import dev.deployer.cloud.iam.CrossAccountRoleModule;
import dev.deployer.cloud.kms.KmsModule;
import dev.deployer.cloud.network.NetworkInputs;
import dev.deployer.cloud.network.NetworkModule;
import dev.deployer.cloud.network.VpcDrainSpec;
import dev.deployer.cloud.peering.PeeringInputs;
import dev.deployer.cloud.peering.PeeringModule;
import dev.deployer.cloud.privatelink.PrivateLinkInputs;
import dev.deployer.cloud.privatelink.PrivateLinkModule;
import dev.deployer.cloud.storage.StorageModule;
import dev.deployer.core.model.Resource;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.core.model.StackDefinition;
import dev.deployer.core.retry.Durations;
import dev.deployer.workspace.WorkspaceComputeModule;
import dev.deployer.workspace.WorkspaceFilesModule;
import dev.deployer.workspace.WorkspaceModule;
import dev.deployer.workspace.WorkspaceSecurityModule;
import dev.deployer.workspace.policy.ClusterPolicies;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The one environment stack definition; dev, qa and prod differ only by their config. */
public final class EnvironmentStack {
  private EnvironmentStack() {}

  static Duration raceDeadline(EnvironmentConfig c) {
    return c.iamRaceDeadline() == null
        ? IamPropagation.DEFAULT_DEADLINE
        : Durations.parse(c.iamRaceDeadline());
  }

  static Duration workspaceTimeout(EnvironmentConfig c) {
    return c.workspace().timeout() == null
        ? HandlerSettings.DEFAULT_WORKSPACE_TIMEOUT
        : Durations.parse(c.workspace().timeout());
  }

  /** What the environment's handlers need besides their clients. */
  static HandlerSettings handlerSettings(EnvironmentConfig c) {
    return new HandlerSettings(
        raceDeadline(c), workspaceTimeout(c), Boolean.TRUE.equals(c.workspace().keepFailed()));
  }

  /** The network module's inputs from config (validated by {@link ConfigLoader}). */
  static NetworkInputs networkInputs(EnvironmentConfig c) {
    EnvironmentConfig.Network n = c.network();
    return new NetworkInputs(
        c.prefix(),
        n.vpcCidr(),
        n.availabilityZones(),
        n.publicSubnetCidrs(),
        n.privateSubnetCidrs(),
        n.securityGroupProtocols(),
        n.securityGroupEgressPorts(),
        Boolean.TRUE.equals(n.singleNatGateway()),
        n.additionalSecurityGroupIds());
  }

  /** Back-end PrivateLink's inputs; empty without a {@code privatelink} section. */
  static Optional<PrivateLinkInputs> privateLinkInputs(EnvironmentConfig c) {
    return Optional.ofNullable(c.privatelink())
        .map(p -> new PrivateLinkInputs(p.subnetCidrs(), p.publicAccessEnabledOrDefault()));
  }

  static CrossAccountInputs crossAccountInputs(EnvironmentConfig c, String accountId) {
    return new CrossAccountInputs(
        c.prefix(),
        accountId,
        Optional.ofNullable(c.crossAccountRole())
            .map(EnvironmentConfig.CrossAccountRole::instanceProfileRoleArn),
        Optional.ofNullable(c.crossAccountRole())
            .map(EnvironmentConfig.CrossAccountRole::policy)
            .flatMap(CrossAccountPolicy.Variant::parse)
            .orElse(CrossAccountPolicy.Variant.RESTRICTED));
  }

  static PeeringInputs peeringInputs(EnvironmentConfig.Peering p) {
    return new PeeringInputs(p.name(), p.peerVpcId(), p.peerVpcCidr(), p.peerRouteTableIds());
  }

  /**
   * The config's account groups and the workspace assignments of those {@code identities} names; a
   * member not looked up (graph) is a placeholder.
   */
  static List<Resource<dev.deployer.account.identity.PermissionAssignmentSpec>> declareGroups(
      StackBuilder b,
      EnvironmentConfig c,
      Map<String, Principal> members,
      AccountModule.Outputs account) {
    List<AccountGroupsModule.Group> groups = new java.util.ArrayList<>();
    for (EnvironmentConfig.Group g : c.groups()) {
      List<AccountGroupsModule.Member> ms = new java.util.ArrayList<>();
      for (EnvironmentConfig.GroupMember m : g.members()) {
        if ("group".equals(m.kind()) && c.groupNames().contains(m.principal())) {
          ms.add(AccountGroupsModule.Member.group(m.principal()));
        } else {
          Principal.Kind kind = Principal.Kind.parse(m.kind());
          Principal p = members.get(m.kind() + ":" + PrincipalResolver.key(kind, m.principal()));
          ms.add(
              AccountGroupsModule.Member.of(
                  p != null ? p : new Principal(kind, m.principal(), "0")));
        }
      }
      groups.add(new AccountGroupsModule.Group(g.displayName(), ms));
    }
    var declared = AccountGroupsModule.declare(b, c.environment(), "account", groups);
    Map<String, String> assigned = new java.util.LinkedHashMap<>();
    for (EnvironmentConfig.Identity i : c.identities()) {
      if ("group".equals(i.kind()) && declared.containsKey(i.principal())) {
        assigned.put(i.principal(), i.permission());
      }
    }
    return AccountGroupsModule.assign(
        b, "account", declared, assigned, account.workspaceId(), account.metastoreAssignment());
  }

  /** The cluster policy's rules as the workspace module writes them. */
  static java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> policyDefinition(
      EnvironmentConfig c) {
    java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> rules =
        new java.util.TreeMap<>();
    ClusterPolicies.definition(
            c.team() == null ? c.prefix() : c.team(), c.clusterPolicy().overrides())
        .fields()
        .forEachRemaining(e -> rules.put(e.getKey(), e.getValue()));
    return rules;
  }

  static WorkspaceSecurityModule.Inputs securityInputs(
      EnvironmentConfig c, AccountModule.Outputs account, Resource<?> metastoreAssignment) {
    EnvironmentConfig.Security s = c.security();
    return new WorkspaceSecurityModule.Inputs(
        account.deploymentName(),
        account.workspaceId(),
        metastoreAssignment,
        s.ipAccessLists() == null ? List.of() : s.ipAccessLists().lists(),
        s.ipAccessLists() == null ? null : s.ipAccessLists().enforceOrDefault(),
        s.maxTokenLifetimeDays(),
        s.complianceSecurityProfile() == null
            ? null
            : s.complianceSecurityProfile().complianceStandards(),
        s.enhancedSecurityMonitoring());
  }

  /**
   * The stack for one environment as its own config describes it (its region and Databricks
   * account, every peering): pure data, no client, for what defines a stack without connecting (a
   * migration's proposal, tests).
   */
  public static StackDefinition define(
      EnvironmentConfig c,
      String metastoreId,
      List<AccountModule.Assignment> identities,
      java.nio.file.Path configDir) {
    return define(
        c,
        c.aws().region(),
        c.databricks().accountId(),
        metastoreId,
        identities,
        Map.of(),
        configDir,
        p -> true);
  }

  /**
   * The stack for one environment: pure data, no client. The region and Databricks account are the
   * ones in effect (the sandbox substitutes its own account), with only the peerings {@code peered}
   * accepts (the sandbox leaves out those whose peer VPC it does not have).
   */
  public static StackDefinition define(
      EnvironmentConfig c,
      String region,
      String accountId,
      String metastoreId,
      List<AccountModule.Assignment> identities,
      Map<String, Principal> groupMembers,
      java.nio.file.Path configDir,
      java.util.function.Predicate<EnvironmentConfig.Peering> peered) {
    StackBuilder b = new StackBuilder(c.environment(), c.tags());
    NetworkModule.Outputs network = NetworkModule.declare(b, region, "network", networkInputs(c));
    CrossAccountRoleModule.Outputs role =
        CrossAccountRoleModule.declare(
            b,
            region,
            "cross_account",
            crossAccountInputs(c, accountId),
            network.vpcId(),
            network.workspaceSecurityGroupId());
    // On destroy the network and the role wait here until Databricks' instances and network
    // interfaces are gone; the account layer reads the VPC id through it so the workspace goes
    // first.
    Resource<VpcDrainSpec> drain =
        NetworkModule.declareDrain(b, "network", network, List.of(role.role(), role.policy()));
    Optional<PrivateLinkModule.Outputs> privateLink =
        privateLinkInputs(c)
            .map(
                in ->
                    PrivateLinkModule.declare(
                        b,
                        region,
                        "privatelink",
                        c.prefix(),
                        c.network().availabilityZones(),
                        in,
                        network));
    Optional<KmsModule.Outputs> keys =
        c.customerManagedKeys().any()
            ? Optional.of(
                KmsModule.declare(
                    b,
                    region,
                    "kms",
                    c.prefix(),
                    accountId,
                    role.role().out("account_id"),
                    role.roleArn()))
            : Optional.empty();
    boolean storageKey = Boolean.TRUE.equals(c.customerManagedKeys().storage());
    boolean servicesKey = Boolean.TRUE.equals(c.customerManagedKeys().managedServices());
    StorageModule.Outputs storage =
        StorageModule.declare(
            b,
            region,
            "storage",
            c.storage().rootBucket(),
            accountId,
            c.storage().forceDestroyOrDefault(),
            new StorageModule.Options(
                storageKey ? keys.orElseThrow().storageKeyArn() : null,
                c.storage().restrictivePolicyOrDefault()));
    for (EnvironmentConfig.Peering p : c.peering().stream().filter(peered).toList()) {
      PeeringModule.declare(
          b,
          "peering_" + p.name().replace('-', '_'),
          peeringInputs(p),
          network.vpcId(),
          c.network().vpcCidr(),
          network.privateRouteTableIds());
    }
    AccountModule.Outputs account =
        AccountModule.declare(
            b,
            "account",
            AccountModule.Inputs.builder()
                .prefix(c.prefix())
                .region(c.aws().region())
                .crossAccountRoleArn(role.roleArn())
                .crossAccountRolePolicy(role.policy())
                .rootBucketName(storage.bucketName())
                .rootBucketPolicy(storage.policy())
                .vpcId(drain.out("vpc_id"))
                .privateSubnetIds(network.privateSubnetIdList())
                .securityGroupIds(List.of(network.workspaceSecurityGroupId()))
                .additionalSecurityGroupIds(network.additionalSecurityGroupIds())
                .workspaceName(c.workspace().name() == null ? c.prefix() : c.workspace().name())
                .deploymentName(c.workspace().deploymentName())
                .pricingTier(c.workspace().pricingTier())
                .customTags(c.workspace().customTags())
                .metastoreId(metastoreId)
                .defaultCatalogName(c.metastore().defaultCatalogName())
                .identities(identities)
                .hardening(
                    new AccountModule.Hardening(
                        privateLink
                            .map(PrivateLinkModule.Outputs::workspaceEndpointId)
                            .orElse(null),
                        privateLink.map(PrivateLinkModule.Outputs::relayEndpointId).orElse(null),
                        privateLinkInputs(c)
                            .map(PrivateLinkInputs::publicAccessEnabled)
                            .orElse(true),
                        servicesKey ? keys.orElseThrow().managedServicesKeyArn() : null,
                        storageKey ? keys.orElseThrow().storageKeyArn() : null))
                .build());
    if (c.storage().restrictivePolicyOrDefault()) {
      StorageModule.declareRestrictivePolicy(
          b,
          region,
          "storage",
          storage,
          c.storage().rootBucket(),
          accountId,
          account.workspaceId());
    }
    WorkspaceModule.Outputs inside =
        WorkspaceModule.declare(
            b,
            region,
            "workspace",
            new WorkspaceModule.Inputs(
                c.prefix(),
                c.team() == null ? c.prefix() : c.team(),
                role.role().out("account_id"),
                account.deploymentName(),
                account.workspaceId(),
                account.metastoreAssignment(),
                c.catalog().name() == null ? c.environment() : c.catalog().name(),
                c.catalog().adminPrincipal(),
                Boolean.TRUE.equals(c.catalog().forceDestroy()),
                c.clusterPolicy().overrides(),
                c.workspaceConf()));
    WorkspaceFilesModule.declare(
        b,
        "workspace_files",
        new WorkspaceFilesModule.Inputs(
            account.deploymentName(),
            account.workspaceId(),
            account.metastoreAssignment(),
            c.repos(),
            c.notebooks(),
            configDir));
    List<Resource<?>> grantees = new java.util.ArrayList<>(account.identityAssignments());
    grantees.addAll(declareGroups(b, c, groupMembers, account));
    WorkspaceSecurityModule.declare(
        b, "workspace_security", securityInputs(c, account, account.metastoreAssignment()));
    WorkspaceComputeModule.declare(
        b,
        "workspace_compute",
        new WorkspaceComputeModule.Inputs(
            account.deploymentName(),
            account.workspaceId(),
            inside.clusterPolicyId(),
            policyDefinition(c),
            c.prefix() + " shared",
            grantees,
            c.clusterPolicy().permissions(),
            c.sharedCluster()));
    b.output("catalog_name", inside.catalogName());
    b.output("cluster_policy_id", inside.clusterPolicyId());
    b.output("workspace_id", account.workspaceId());
    b.output("workspace_url", account.workspaceUrl());
    b.output("deployment_name", account.deploymentName());
    b.output("metastore_id", metastoreId);
    b.output("vpc_id", network.vpcId());
    b.output("cross_account_role_arn", role.roleArn());
    b.output("root_bucket", storage.bucketName());
    c.adopted().forEach(b::keep);
    return b.build();
  }
}
