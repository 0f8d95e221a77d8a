package dev.deployer.account;

import dev.deployer.account.assignment.MetastoreAssignmentHandler;
import dev.deployer.account.assignment.MetastoreAssignmentSpec;
import dev.deployer.account.credentials.CredentialsHandler;
import dev.deployer.account.credentials.CredentialsSpec;
import dev.deployer.account.identity.PermissionAssignmentHandler;
import dev.deployer.account.identity.PermissionAssignmentSpec;
import dev.deployer.account.identity.Principal;
import dev.deployer.account.keys.CustomerManagedKeyHandler;
import dev.deployer.account.keys.CustomerManagedKeySpec;
import dev.deployer.account.network.NetworkConfigurationHandler;
import dev.deployer.account.network.NetworkConfigurationSpec;
import dev.deployer.account.privateaccess.PrivateAccessSettingsHandler;
import dev.deployer.account.privateaccess.PrivateAccessSettingsSpec;
import dev.deployer.account.storage.StorageConfigurationHandler;
import dev.deployer.account.storage.StorageConfigurationSpec;
import dev.deployer.account.vpcendpoint.VpcEndpointRegistrationHandler;
import dev.deployer.account.vpcendpoint.VpcEndpointRegistrationSpec;
import dev.deployer.account.workspace.WorkspaceHandler;
import dev.deployer.account.workspace.WorkspaceSpec;
import dev.deployer.core.model.Ref;
import dev.deployer.core.model.Resource;
import dev.deployer.core.model.StackBuilder;
import java.util.List;
import java.util.Map;

/**
 * The Databricks account layer of an environment (RESOURCES.md 3): credentials, storage and network
 * configurations, the workspace, its metastore assignment and identity assignments.
 */
public final class AccountModule {

  /**
   * What the layer needs from the cloud layer and config.
   *
   * @param crossAccountRolePolicy the role's inline policy: the credentials configuration is
   *     created after it, so Databricks never validates a role that has no permissions yet
   * @param rootBucketPolicy the storage configuration is created after it (Databricks checks it)
   * @param identities principals already resolved in SCIM, with their permission
   */
  public record Inputs(
      String prefix,
      String region,
      Ref crossAccountRoleArn,
      Resource<?> crossAccountRolePolicy,
      Ref rootBucketName,
      Resource<?> rootBucketPolicy,
      Ref vpcId,
      List<Ref> privateSubnetIds,
      List<Ref> securityGroupIds,
      List<String> additionalSecurityGroupIds,
      String workspaceName,
      String deploymentName,
      String pricingTier,
      Map<String, String> customTags,
      String metastoreId,
      String defaultCatalogName,
      List<Assignment> identities,
      Hardening hardening) {
    public Inputs {
      hardening = hardening == null ? Hardening.NONE : hardening;
      privateSubnetIds = List.copyOf(privateSubnetIds);
      securityGroupIds = List.copyOf(securityGroupIds);
      additionalSecurityGroupIds =
          additionalSecurityGroupIds == null ? List.of() : List.copyOf(additionalSecurityGroupIds);
      customTags = customTags == null ? Map.of() : Map.copyOf(customTags);
      identities = identities == null ? List.of() : List.copyOf(identities);
    }

    public static Builder builder() {
      return new Builder();
    }

    /**
     * Builds {@link Inputs} by name; {@link #build} names every required field left unset at once
     * (additional security groups, deployment name, pricing tier, custom tags and identities are
     * optional).
     */
    public static final class Builder {
      private String prefix;
      private String region;
      private Ref crossAccountRoleArn;
      private Resource<?> crossAccountRolePolicy;
      private Ref rootBucketName;
      private Resource<?> rootBucketPolicy;
      private Ref vpcId;
      private List<Ref> privateSubnetIds;
      private List<Ref> securityGroupIds;
      private List<String> additionalSecurityGroupIds;
      private String workspaceName;
      private String deploymentName;
      private String pricingTier;
      private Map<String, String> customTags;
      private String metastoreId;
      private String defaultCatalogName;
      private List<Assignment> identities;
      private Hardening hardening;

      public Builder hardening(Hardening value) {
        this.hardening = value;
        return this;
      }

      public Builder prefix(String value) {
        this.prefix = value;
        return this;
      }

      public Builder region(String value) {
        this.region = value;
        return this;
      }

      public Builder crossAccountRoleArn(Ref value) {
        this.crossAccountRoleArn = value;
        return this;
      }

      public Builder crossAccountRolePolicy(Resource<?> value) {
        this.crossAccountRolePolicy = value;
        return this;
      }

      public Builder rootBucketName(Ref value) {
        this.rootBucketName = value;
        return this;
      }

      public Builder rootBucketPolicy(Resource<?> value) {
        this.rootBucketPolicy = value;
        return this;
      }

      public Builder vpcId(Ref value) {
        this.vpcId = value;
        return this;
      }

      public Builder privateSubnetIds(List<Ref> value) {
        this.privateSubnetIds = value;
        return this;
      }

      public Builder securityGroupIds(List<Ref> value) {
        this.securityGroupIds = value;
        return this;
      }

      public Builder additionalSecurityGroupIds(List<String> value) {
        this.additionalSecurityGroupIds = value;
        return this;
      }

      public Builder workspaceName(String value) {
        this.workspaceName = value;
        return this;
      }

      public Builder deploymentName(String value) {
        this.deploymentName = value;
        return this;
      }

      public Builder pricingTier(String value) {
        this.pricingTier = value;
        return this;
      }

      public Builder customTags(Map<String, String> value) {
        this.customTags = value;
        return this;
      }

      public Builder metastoreId(String value) {
        this.metastoreId = value;
        return this;
      }

      public Builder defaultCatalogName(String value) {
        this.defaultCatalogName = value;
        return this;
      }

      public Builder identities(List<Assignment> value) {
        this.identities = value;
        return this;
      }

      public Inputs build() {
        List<String> missing = new java.util.ArrayList<>();
        if (prefix == null) {
          missing.add("prefix");
        }
        if (region == null) {
          missing.add("region");
        }
        if (crossAccountRoleArn == null) {
          missing.add("crossAccountRoleArn");
        }
        if (crossAccountRolePolicy == null) {
          missing.add("crossAccountRolePolicy");
        }
        if (rootBucketName == null) {
          missing.add("rootBucketName");
        }
        if (rootBucketPolicy == null) {
          missing.add("rootBucketPolicy");
        }
        if (vpcId == null) {
          missing.add("vpcId");
        }
        if (privateSubnetIds == null) {
          missing.add("privateSubnetIds");
        }
        if (securityGroupIds == null) {
          missing.add("securityGroupIds");
        }
        if (workspaceName == null) {
          missing.add("workspaceName");
        }
        if (metastoreId == null) {
          missing.add("metastoreId");
        }
        if (defaultCatalogName == null) {
          missing.add("defaultCatalogName");
        }
        if (!missing.isEmpty()) {
          throw new IllegalArgumentException(
              "AccountModule.Inputs is missing " + String.join(", ", missing));
        }
        return new Inputs(
            prefix,
            region,
            crossAccountRoleArn,
            crossAccountRolePolicy,
            rootBucketName,
            rootBucketPolicy,
            vpcId,
            privateSubnetIds,
            securityGroupIds,
            additionalSecurityGroupIds,
            workspaceName,
            deploymentName,
            pricingTier,
            customTags,
            metastoreId,
            defaultCatalogName,
            identities,
            hardening);
      }
    }
  }

  /**
   * The security reference architecture's account side, each part optional (null): back-end
   * PrivateLink (the AWS endpoint ids to register, wired into the network configuration, and
   * private access settings attached to the workspace) and customer-managed keys (KMS key ARNs to
   * register and reference at workspace creation).
   *
   * @param publicAccessEnabled whether the workspace stays reachable from the internet (true unless
   *     front-end PrivateLink exists elsewhere)
   */
  public record Hardening(
      Ref workspaceEndpointAwsId,
      Ref relayEndpointAwsId,
      boolean publicAccessEnabled,
      Ref managedServicesKeyArn,
      Ref storageKeyArn) {
    public static final Hardening NONE = new Hardening(null, null, true, null, null);

    boolean privateLink() {
      return workspaceEndpointAwsId != null && relayEndpointAwsId != null;
    }
  }

  /** A resolved principal and the workspace permission it gets. */
  public record Assignment(Principal principal, String permission) {}

  /** What the workspace layer and the stack outputs need. */
  public record Outputs(
      Resource<WorkspaceSpec> workspace,
      Resource<MetastoreAssignmentSpec> metastoreAssignment,
      Ref workspaceId,
      Ref deploymentName,
      Ref workspaceUrl,
      List<Resource<PermissionAssignmentSpec>> identityAssignments) {
    /**
     * @param identityAssignments what grants in the workspace (ACLs naming a group) must follow:
     *     the workspace knows a principal only once it is assigned
     */
    public Outputs {
      identityAssignments = List.copyOf(identityAssignments);
    }
  }

  private AccountModule() {}

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new java.util.ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static Ref registerEndpoint(
      StackBuilder b, String module, String kind, Inputs in, Ref awsEndpointId) {
    return b.add(
            module + ".vpc_endpoint[\"" + kind + "\"]",
            VpcEndpointRegistrationHandler.TYPE,
            r ->
                new VpcEndpointRegistrationSpec(
                    in.prefix() + "-" + kind + "-vpce", r.get(awsEndpointId), in.region()))
        .out("vpc_endpoint_id");
  }

  private static Ref registerKey(
      StackBuilder b, String module, String name, Ref keyArn, String useCase) {
    if (keyArn == null) {
      return null;
    }
    return b.add(
            module + "." + name,
            CustomerManagedKeyHandler.TYPE,
            r -> new CustomerManagedKeySpec(r.get(keyArn), null, List.of(useCase)))
        .out("customer_managed_key_id");
  }

  public static Outputs declare(StackBuilder b, String module, Inputs in) {
    Resource<CredentialsSpec> credentials =
        b.add(
            module + ".credentials",
            CredentialsHandler.TYPE,
            r -> {
              r.after(in.crossAccountRolePolicy());
              return new CredentialsSpec(
                  in.prefix() + "-credentials", r.get(in.crossAccountRoleArn()));
            });
    Resource<StorageConfigurationSpec> storage =
        b.add(
            module + ".storage_configuration",
            StorageConfigurationHandler.TYPE,
            r -> {
              r.after(in.rootBucketPolicy());
              return new StorageConfigurationSpec(
                  in.prefix() + "-storage", r.get(in.rootBucketName()));
            });
    Hardening h = in.hardening();
    Ref restEndpoint = null;
    Ref relayEndpoint = null;
    Ref privateAccess = null;
    if (h.privateLink()) {
      restEndpoint = registerEndpoint(b, module, "workspace", in, h.workspaceEndpointAwsId());
      relayEndpoint = registerEndpoint(b, module, "relay", in, h.relayEndpointAwsId());
      privateAccess =
          b.add(
                  module + ".private_access_settings",
                  PrivateAccessSettingsHandler.TYPE,
                  r ->
                      new PrivateAccessSettingsSpec(
                          in.prefix() + "-private-access",
                          in.region(),
                          h.publicAccessEnabled(),
                          "ACCOUNT",
                          List.of()))
              .out("private_access_settings_id");
    }
    Ref rest = restEndpoint;
    Ref relay = relayEndpoint;
    Resource<NetworkConfigurationSpec> network =
        b.add(
            module + ".network_configuration",
            NetworkConfigurationHandler.TYPE,
            r ->
                new NetworkConfigurationSpec(
                    in.prefix() + "-network",
                    r.get(in.vpcId()),
                    r.getAll(in.privateSubnetIds()),
                    concat(r.getAll(in.securityGroupIds()), in.additionalSecurityGroupIds()),
                    rest == null ? List.of() : List.of(r.get(rest)),
                    relay == null ? List.of() : List.of(r.get(relay))));
    Ref servicesKey =
        registerKey(
            b,
            module,
            "managed_services_key",
            h.managedServicesKeyArn(),
            CustomerManagedKeySpec.MANAGED_SERVICES);
    Ref storageKey =
        registerKey(b, module, "storage_key", h.storageKeyArn(), CustomerManagedKeySpec.STORAGE);
    Ref pas = privateAccess;
    Resource<WorkspaceSpec> workspace =
        b.add(
            module + ".workspace",
            WorkspaceHandler.TYPE,
            r ->
                new WorkspaceSpec(
                    in.workspaceName(),
                    in.region(),
                    r.get(credentials.out("credentials_id")),
                    r.get(storage.out("storage_configuration_id")),
                    r.get(network.out("network_id")),
                    in.pricingTier() == null ? "ENTERPRISE" : in.pricingTier(),
                    in.deploymentName(),
                    in.customTags(),
                    pas == null ? null : r.get(pas),
                    storageKey == null ? null : r.get(storageKey),
                    servicesKey == null ? null : r.get(servicesKey)));
    Resource<MetastoreAssignmentSpec> assignment =
        b.add(
            module + ".metastore_assignment",
            MetastoreAssignmentHandler.TYPE,
            r ->
                new MetastoreAssignmentSpec(
                    r.get(workspace.out("workspace_id")),
                    in.metastoreId(),
                    in.defaultCatalogName()));
    List<Resource<PermissionAssignmentSpec>> assignments = new java.util.ArrayList<>();
    for (Assignment a : in.identities()) {
      assignments.add(
          PermissionAssignmentHandler.declare(
              b,
              module,
              a.principal().kind().configName(),
              a.principal().name(),
              workspace.out("workspace_id"),
              r -> a.principal().id(),
              a.permission(),
              assignment));
    }
    return new Outputs(
        workspace,
        assignment,
        workspace.out("workspace_id"),
        workspace.out("deployment_name"),
        workspace.out("workspace_url"),
        assignments);
  }
}
