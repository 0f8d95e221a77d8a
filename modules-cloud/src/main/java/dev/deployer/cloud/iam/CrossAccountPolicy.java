package dev.deployer.cloud.iam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.cloud.AwsPartition;
import dev.deployer.cloud.PolicyDocuments;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The documents of the Databricks cross-account role (RESOURCES.md 2.2): the trust policy and the
 * customer-managed-VPC inline policy as Databricks documents it ("Permissions in cross-account IAM
 * roles"; the Terraform provider's {@code aws/data_aws_crossaccount_policy.go}, types {@code
 * customer} and {@code restricted}). {@code iam:PassRole} is granted only for a configured
 * instance-profile role (the reference grants it on a role it never creates).
 */
public final class CrossAccountPolicy {

  /** Which of Databricks' two customer-managed-VPC policies. */
  public enum Variant {
    /** Every action on {@code *} ("customer-managed VPC with default policy restrictions"). */
    CUSTOMER,
    /** Resource actions scoped to the VPC, the region and the Vendor=Databricks tag. */
    RESTRICTED;

    /** The config spelling: {@code customer} or {@code restricted}. */
    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Variant> parse(String s) {
      for (Variant v : values()) {
        if (v.configName().equals(s)) {
          return Optional.of(v);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * Actions on {@code *} in both variants. The EC2 Fleet and launch-template actions, {@code
   * AssignPrivateIpAddresses} and {@code GetSpotPlacementScores} came with Databricks' 2023 update;
   * without them a workspace reaches RUNNING and no cluster starts.
   */
  static final List<String> NON_RESOURCE_ACTIONS =
      List.of(
          "ec2:AssignPrivateIpAddresses",
          "ec2:CancelSpotInstanceRequests",
          "ec2:DescribeAvailabilityZones",
          "ec2:DescribeIamInstanceProfileAssociations",
          "ec2:DescribeInstanceStatus",
          "ec2:DescribeInstances",
          "ec2:DescribeInternetGateways",
          "ec2:DescribeNatGateways",
          "ec2:DescribeNetworkAcls",
          "ec2:DescribePrefixLists",
          "ec2:DescribeReservedInstancesOfferings",
          "ec2:DescribeRouteTables",
          "ec2:DescribeSecurityGroups",
          "ec2:DescribeSpotInstanceRequests",
          "ec2:DescribeSpotPriceHistory",
          "ec2:DescribeSubnets",
          "ec2:DescribeVolumes",
          "ec2:DescribeVpcAttribute",
          "ec2:DescribeVpcs",
          "ec2:CreateTags",
          "ec2:DeleteTags",
          "ec2:GetSpotPlacementScores",
          "ec2:RequestSpotInstances",
          "ec2:DescribeFleetHistory",
          "ec2:ModifyFleet",
          "ec2:DeleteFleets",
          "ec2:DescribeFleetInstances",
          "ec2:DescribeFleets",
          "ec2:CreateFleet",
          "ec2:DeleteLaunchTemplate",
          "ec2:GetLaunchTemplateData",
          "ec2:CreateLaunchTemplate",
          "ec2:DescribeLaunchTemplates",
          "ec2:DescribeLaunchTemplateVersions",
          "ec2:ModifyLaunchTemplate",
          "ec2:DeleteLaunchTemplateVersions",
          "ec2:CreateLaunchTemplateVersion");

  /** Actions the customer variant grants on {@code *} and the restricted one scopes. */
  static final List<String> RESOURCE_ACTIONS =
      List.of(
          "ec2:AssociateIamInstanceProfile",
          "ec2:AttachVolume",
          "ec2:AuthorizeSecurityGroupEgress",
          "ec2:AuthorizeSecurityGroupIngress",
          "ec2:CreateVolume",
          "ec2:DeleteVolume",
          "ec2:DetachVolume",
          "ec2:DisassociateIamInstanceProfile",
          "ec2:ReplaceIamInstanceProfileAssociation",
          "ec2:RevokeSecurityGroupEgress",
          "ec2:RevokeSecurityGroupIngress",
          "ec2:RunInstances",
          "ec2:TerminateInstances");

  private CrossAccountPolicy() {}

  /** Trust: Databricks' account may assume the role, with the account id as external id. */
  public static ObjectNode trust(AwsPartition partition, String databricksAccountId) {
    return PolicyDocuments.assumeRoleTrust(partition.databricksRoot(), databricksAccountId);
  }

  /**
   * The inline policy. The restricted variant scopes resource actions to the customer-managed VPC
   * {@code vpcId}, its workspace security group and {@code region} of AWS account {@code
   * awsAccountId}; the customer variant ignores those four.
   */
  public static ObjectNode policy(
      Variant variant,
      AwsPartition partition,
      String region,
      String awsAccountId,
      String vpcId,
      String securityGroupId,
      Optional<String> instanceProfileRoleArn) {
    List<String> unscoped = new ArrayList<>(NON_RESOURCE_ACTIONS);
    if (variant == Variant.CUSTOMER) {
      unscoped.addAll(RESOURCE_ACTIONS);
    }
    List<ObjectNode> st = new ArrayList<>();
    st.add(allow("NonResourceBasedPermissions", unscoped, List.of("*"), null));
    st.add(
        allow(
            "CreateSpotServiceLinkedRole",
            List.of("iam:CreateServiceLinkedRole", "iam:PutRolePolicy"),
            List.of(
                partition.iamArn(
                    "*", "role/aws-service-role/spot.amazonaws.com/AWSServiceRoleForEC2Spot")),
            Map.of("StringLike", Map.of("iam:AWSServiceName", "spot.amazonaws.com"))));
    instanceProfileRoleArn.ifPresent(
        arn ->
            st.add(allow("PassInstanceProfileRole", List.of("iam:PassRole"), List.of(arn), null)));
    if (variant == Variant.RESTRICTED) {
      st.addAll(scoped(partition.arnPrefix("ec2", region, awsAccountId), vpcId, securityGroupId));
    }
    return PolicyDocuments.document(st);
  }

  private static List<ObjectNode> scoped(String ec2, String vpcId, String securityGroupId) {
    Map<String, Map<String, Object>> inVpc =
        Map.of("StringEquals", Map.of("ec2:vpc", ec2 + "vpc/" + vpcId));
    Map<String, Map<String, Object>> taggedResource =
        Map.of("StringEquals", Map.of("ec2:ResourceTag/Vendor", "Databricks"));
    Map<String, Map<String, Object>> taggedRequest =
        Map.of("StringEquals", Map.of("aws:RequestTag/Vendor", "Databricks"));
    Map<String, Map<String, Object>> taggedImage =
        Map.of("StringEquals", Map.of("aws:ResourceTag/Vendor", "Databricks"));
    String instances = ec2 + "instance/*";
    String volumes = ec2 + "volume/*";
    String images = ec2 + "image/*";
    List<String> inVpcResources =
        List.of(ec2 + "network-interface/*", ec2 + "subnet/*", ec2 + "security-group/*");
    List<String> runInstanceFamilies = new ArrayList<>();
    runInstanceFamilies.add(images);
    runInstanceFamilies.addAll(inVpcResources);
    runInstanceFamilies.add(volumes);
    runInstanceFamilies.add(instances);

    List<ObjectNode> st = new ArrayList<>();
    st.add(
        allow(
            "InstancePoolsSupport",
            List.of(
                "ec2:AssociateIamInstanceProfile",
                "ec2:DisassociateIamInstanceProfile",
                "ec2:ReplaceIamInstanceProfileAssociation"),
            List.of(instances),
            taggedResource));
    st.add(
        allow(
            "AllowEc2RunInstancePerTag",
            List.of("ec2:RunInstances"),
            List.of(volumes, instances),
            taggedRequest));
    st.add(
        allow(
            "AllowEc2RunInstanceImagePerTag",
            List.of("ec2:RunInstances"),
            List.of(images),
            taggedImage));
    st.add(
        allow("AllowEc2RunInstancePerVPCid", List.of("ec2:RunInstances"), inVpcResources, inVpc));
    ObjectNode other =
        PolicyDocuments.statement(
            "AllowEc2RunInstanceOtherResources",
            "Allow",
            null,
            List.of("ec2:RunInstances"),
            null,
            null);
    other.set("NotResource", PolicyDocuments.strings(runInstanceFamilies));
    st.add(other);
    st.add(
        allow(
            "EC2TerminateInstancesTag",
            List.of("ec2:TerminateInstances"),
            List.of(instances),
            taggedResource));
    st.add(
        allow(
            "EC2AttachDetachVolumeTag",
            List.of("ec2:AttachVolume", "ec2:DetachVolume"),
            List.of(instances, volumes),
            taggedResource));
    st.add(
        allow(
            "EC2CreateVolumeByTag", List.of("ec2:CreateVolume"), List.of(volumes), taggedRequest));
    st.add(
        allow(
            "EC2DeleteVolumeByTag", List.of("ec2:DeleteVolume"), List.of(volumes), taggedResource));
    st.add(
        allow(
            "VpcNonresourceSpecificActions",
            List.of(
                "ec2:AuthorizeSecurityGroupEgress",
                "ec2:AuthorizeSecurityGroupIngress",
                "ec2:RevokeSecurityGroupEgress",
                "ec2:RevokeSecurityGroupIngress"),
            List.of(ec2 + "security-group/" + securityGroupId),
            inVpc));
    return st;
  }

  private static ObjectNode allow(
      String sid,
      List<String> actions,
      List<String> resources,
      Map<String, Map<String, Object>> condition) {
    return PolicyDocuments.statement(sid, "Allow", null, actions, resources, condition);
  }
}
