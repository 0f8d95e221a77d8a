package dev.deployer.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.cloud.AwsPartition;
import dev.deployer.cloud.PolicyDocuments;
import dev.deployer.cloud.iam.RoleHandler;
import dev.deployer.cloud.iam.RolePolicyHandler;
import dev.deployer.cloud.iam.RolePolicySpec;
import dev.deployer.cloud.iam.RoleSpec;
import dev.deployer.cloud.storage.BucketHandler;
import dev.deployer.cloud.storage.BucketSpec;
import dev.deployer.cloud.storage.PublicAccessBlockHandler;
import dev.deployer.cloud.storage.PublicAccessBlockSpec;
import dev.deployer.core.model.Ref;
import dev.deployer.core.model.Resource;
import dev.deployer.core.model.StackBuilder;
import dev.deployer.workspace.catalog.CatalogBindingHandler;
import dev.deployer.workspace.catalog.CatalogBindingSpec;
import dev.deployer.workspace.catalog.CatalogHandler;
import dev.deployer.workspace.catalog.CatalogSpec;
import dev.deployer.workspace.catalog.ExternalLocationHandler;
import dev.deployer.workspace.catalog.ExternalLocationSpec;
import dev.deployer.workspace.catalog.StorageCredentialHandler;
import dev.deployer.workspace.catalog.StorageCredentialSpec;
import dev.deployer.workspace.conf.WorkspaceConfHandler;
import dev.deployer.workspace.conf.WorkspaceConfSpec;
import dev.deployer.workspace.grants.GrantsHandler;
import dev.deployer.workspace.grants.GrantsSpec;
import dev.deployer.workspace.policy.ClusterPolicies;
import dev.deployer.workspace.policy.ClusterPolicyHandler;
import dev.deployer.workspace.policy.ClusterPolicySpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Inside the workspace (RESOURCES.md 4): a Unity Catalog catalog isolated to it with its own
 * bucket, IAM role, storage credential and external location; grants; the team's cluster policy;
 * the workspace settings. Everything starts after the metastore assignment.
 */
public final class WorkspaceModule {

  /**
   * What the layer needs.
   *
   * @param awsAccountId a reference to the AWS account id (the cross-account role's output)
   * @param adminPrincipal gets ALL_PRIVILEGES on the catalog
   */
  public record Inputs(
      String prefix,
      String team,
      Ref awsAccountId,
      Ref deploymentName,
      Ref workspaceId,
      Resource<?> metastoreAssignment,
      String catalogName,
      String adminPrincipal,
      boolean forceDestroyCatalogBucket,
      Map<String, JsonNode> clusterPolicyOverrides,
      Map<String, String> workspaceConfOverrides) {}

  /** What the stack outputs. */
  public record Outputs(Ref catalogName, Ref clusterPolicyId) {}

  private WorkspaceModule() {}

  public static Outputs declare(StackBuilder b, String region, String module, Inputs in) {
    AwsPartition partition = AwsPartition.forRegion(region);
    WorkspaceObjects objects = new WorkspaceObjects(b, in.deploymentName(), in.workspaceId());
    Resource<BucketSpec> bucket =
        b.add(
            module + ".catalog_bucket",
            BucketHandler.TYPE,
            r ->
                BucketSpec.secure(
                    in.prefix() + "-catalog-" + r.get(in.workspaceId()),
                    in.forceDestroyCatalogBucket(),
                    r.tags()));
    Resource<PublicAccessBlockSpec> pab =
        b.add(
            module + ".catalog_bucket_public_access_block",
            PublicAccessBlockHandler.TYPE,
            r -> PublicAccessBlockSpec.allOn(r.get(bucket.id())));
    // RESOURCES.md 4.1, the better order: the storage credential first (its role ARN is known from
    // the role's name and the account), then the role trusting exactly that credential's external
    // id, then the role's policy; the external location, which Databricks validates, comes last.
    Resource<StorageCredentialSpec> credential =
        objects.add(
            module + ".storage_credential",
            StorageCredentialHandler.TYPE,
            (r, deployment, workspace) -> {
              r.after(in.metastoreAssignment());
              String name = catalogRoleName(in.prefix(), workspace);
              return new StorageCredentialSpec(
                  deployment,
                  workspace,
                  name,
                  partition.iamArn(r.get(in.awsAccountId()), "role/" + name),
                  "Catalog storage of " + in.prefix(),
                  false);
            });
    Resource<RoleSpec> role =
        b.add(
            module + ".catalog_role",
            RoleHandler.TYPE,
            r -> {
              String name = catalogRoleName(in.prefix(), r.get(in.workspaceId()));
              // Trusts the principal the storage credential names (unity_catalog_iam_arn), as the
              // provider's databricks_aws_unity_catalog_assume_role_policy does.
              return new RoleSpec(
                  name,
                  catalogRoleTrust(
                      partition,
                      r.get(credential.out("unity_catalog_iam_arn")),
                      r.get(credential.out("external_id")),
                      r.get(in.awsAccountId()),
                      name),
                  r.tags());
            });
    Resource<RolePolicySpec> rolePolicy =
        b.add(
            module + ".catalog_role_policy",
            RolePolicyHandler.TYPE,
            r ->
                new RolePolicySpec(
                    r.get(role.out("name")),
                    r.get(role.out("name")) + "-policy",
                    catalogRolePolicy(
                        partition,
                        r.get(bucket.id()),
                        r.get(in.awsAccountId()),
                        r.get(role.out("name")))));
    Resource<ExternalLocationSpec> location =
        objects.add(
            module + ".external_location",
            ExternalLocationHandler.TYPE,
            (r, deployment, workspace) -> {
              r.after(pab);
              r.after(rolePolicy);
              return new ExternalLocationSpec(
                  deployment,
                  workspace,
                  in.prefix() + "-catalog",
                  "s3://" + r.get(bucket.id()) + "/catalog/",
                  r.get(credential.out("name")),
                  "Root of catalog " + in.catalogName(),
                  false);
            });
    Resource<CatalogSpec> catalog =
        objects.add(
            module + ".catalog",
            CatalogHandler.TYPE,
            (r, deployment, workspace) -> {
              r.after(location);
              return new CatalogSpec(
                  deployment,
                  workspace,
                  in.catalogName(),
                  r.get(location.out("url")),
                  "ISOLATED",
                  "Isolated to workspace of " + in.prefix(),
                  Map.of(),
                  null);
            });
    // Isolating a catalog binds no workspace; the catalog handler binds its own workspace at once
    // (the provider's way), and the binding is also managed as its own resource so an unbinding
    // done out of band shows as drift and is repaired. The grants come after it and go before it:
    // an unbound workspace is refused the catalog's grants too.
    Resource<CatalogBindingSpec> binding =
        objects.add(
            module + ".catalog_binding",
            CatalogBindingHandler.TYPE,
            (r, deployment, workspace) ->
                new CatalogBindingSpec(
                    deployment,
                    workspace,
                    r.get(catalog.out("name")),
                    CatalogBindingSpec.READ_WRITE));
    if (in.adminPrincipal() != null) {
      objects.add(
          module + ".catalog_grants",
          GrantsHandler.TYPE,
          (r, deployment, workspace) -> {
            r.after(binding);
            return new GrantsSpec(
                deployment,
                workspace,
                "catalog",
                r.get(catalog.out("name")),
                in.adminPrincipal(),
                List.of("ALL_PRIVILEGES"));
          });
    }
    Resource<ClusterPolicySpec> policy =
        b.add(
            module + ".cluster_policy",
            ClusterPolicyHandler.TYPE,
            r -> {
              r.after(in.metastoreAssignment());
              return new ClusterPolicySpec(
                  r.get(in.deploymentName()),
                  r.get(in.workspaceId()),
                  ClusterPolicies.name(in.team()),
                  ClusterPolicies.definition(in.team(), in.clusterPolicyOverrides()),
                  "Managed by deployer for " + in.prefix());
            });
    objects.add(
        module + ".workspace_conf",
        WorkspaceConfHandler.TYPE,
        (r, deployment, workspace) -> {
          r.after(in.metastoreAssignment());
          Map<String, String> settings = new TreeMap<>(WorkspaceConfSpec.defaults());
          if (in.workspaceConfOverrides() != null) {
            settings.putAll(in.workspaceConfOverrides());
          }
          return new WorkspaceConfSpec(deployment, workspace, settings);
        });
    return new Outputs(catalog.out("name"), policy.out("policy_id"));
  }

  static String catalogRoleName(String prefix, String workspaceId) {
    return prefix + "-unity-catalog-" + workspaceId;
  }

  /**
   * Trust of the catalog role (the provider's {@code
   * aws/data_aws_unity_catalog_assume_role_policy.go}): the Unity Catalog principal the storage
   * credential reports, and the role itself, both only with the credential's external id.
   */
  public static ObjectNode catalogRoleTrust(
      AwsPartition partition,
      String unityCatalogIamArn,
      String externalId,
      String awsAccountId,
      String roleName) {
    return PolicyDocuments.document(
        List.of(
            PolicyDocuments.statement(
                "UnityCatalogAssumeRole",
                "Allow",
                Map.of("AWS", List.of(unityCatalogIamArn)),
                List.of("sts:AssumeRole"),
                null,
                Map.of("StringEquals", Map.of("sts:ExternalId", List.of(externalId)))),
            PolicyDocuments.statement(
                "ExplicitSelfRoleAssumption",
                "Allow",
                Map.of("AWS", List.of(partition.iamArn(awsAccountId, "root"))),
                List.of("sts:AssumeRole"),
                null,
                Map.of(
                    "ArnLike",
                        Map.of(
                            "aws:PrincipalArn",
                            List.of(partition.iamArn(awsAccountId, "role/" + roleName))),
                    "StringEquals", Map.of("sts:ExternalId", List.of(externalId))))));
  }

  /**
   * The catalog role's policy as the provider's {@code aws/data_aws_unity_catalog_policy.go} writes
   * it: the bucket with multipart uploads, assuming itself, and the managed file events (SNS and
   * SQS named {@code csms-*}, the bucket's notifications).
   */
  public static ObjectNode catalogRolePolicy(
      AwsPartition partition, String bucket, String awsAccountId, String roleName) {
    List<String> fileEvents =
        List.of(
            partition.arnPrefix("sqs", "*", awsAccountId) + "csms-*",
            partition.arnPrefix("sns", "*", awsAccountId) + "csms-*");
    List<String> setupResources = new java.util.ArrayList<>();
    setupResources.add(partition.s3Arn(bucket));
    setupResources.addAll(fileEvents);
    return PolicyDocuments.document(
        List.of(
            PolicyDocuments.statement(
                "CatalogBucket",
                "Allow",
                null,
                List.of(
                    "s3:GetObject",
                    "s3:PutObject",
                    "s3:DeleteObject",
                    "s3:ListBucket",
                    "s3:GetBucketLocation",
                    "s3:ListBucketMultipartUploads",
                    "s3:ListMultipartUploadParts",
                    "s3:AbortMultipartUpload"),
                List.of(partition.s3Arn(bucket + "/*"), partition.s3Arn(bucket)),
                null),
            PolicyDocuments.statement(
                "AssumeSelf",
                "Allow",
                null,
                List.of("sts:AssumeRole"),
                List.of(partition.iamArn(awsAccountId, "role/" + roleName)),
                null),
            PolicyDocuments.statement(
                "ManagedFileEventsSetupStatement",
                "Allow",
                null,
                List.of(
                    "s3:GetBucketNotification",
                    "s3:PutBucketNotification",
                    "sns:ListSubscriptionsByTopic",
                    "sns:GetTopicAttributes",
                    "sns:SetTopicAttributes",
                    "sns:CreateTopic",
                    "sns:TagResource",
                    "sns:Publish",
                    "sns:Subscribe",
                    "sqs:CreateQueue",
                    "sqs:DeleteMessage",
                    "sqs:ReceiveMessage",
                    "sqs:SendMessage",
                    "sqs:GetQueueUrl",
                    "sqs:GetQueueAttributes",
                    "sqs:SetQueueAttributes",
                    "sqs:TagQueue",
                    "sqs:ChangeMessageVisibility",
                    "sqs:PurgeQueue"),
                setupResources,
                null),
            PolicyDocuments.statement(
                "ManagedFileEventsListStatement",
                "Allow",
                null,
                List.of("sqs:ListQueues", "sqs:ListQueueTags", "sns:ListTopics"),
                fileEvents,
                null),
            PolicyDocuments.statement(
                "ManagedFileEventsTeardownStatement",
                "Allow",
                null,
                List.of("sns:Unsubscribe", "sns:DeleteTopic", "sqs:DeleteQueue"),
                fileEvents,
                null)));
  }
}
