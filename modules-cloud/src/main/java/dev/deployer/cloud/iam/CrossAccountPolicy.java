package dev.deployer.cloud.iam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deployer.cloud.PolicyDocuments;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The documents of the Databricks cross-account role (RESOURCES.md 2.2): the trust policy and the
 * customer-managed-VPC inline policy, statement by statement. {@code iam:PassRole} is granted only
 * for a configured instance-profile role (the reference grants it on a role it never creates).
 */
public final class CrossAccountPolicy {
  /** The Databricks control-plane AWS account (commercial). */
  public static final String DATABRICKS_AWS_ACCOUNT = "414351767826";

  static final List<String> UNRESTRICTED_ACTIONS =
      List.of(
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
          "ec2:RequestSpotInstances");

  static final String SPOT_ROLE =
      "arn:aws:iam::*:role/aws-service-role/spot.amazonaws.com/AWSServiceRoleForEC2Spot";

  private CrossAccountPolicy() {}

  /** Trust: the Databricks account may assume the role, with the account id as external id. */
  public static ObjectNode trust(String databricksAccountId) {
    return PolicyDocuments.document(
        List.of(
            PolicyDocuments.statement(
                null,
                "Allow",
                Map.of("AWS", List.of("arn:aws:iam::" + DATABRICKS_AWS_ACCOUNT + ":root")),
                List.of("sts:AssumeRole"),
                null,
                Map.of("StringEquals", Map.of("sts:ExternalId", databricksAccountId)))));
  }

  /**
   * The inline policy scoped to the customer-managed VPC {@code vpcId} and its workspace security
   * group, in {@code region} of AWS account {@code awsAccountId}.
   */
  public static ObjectNode policy(
      String region,
      String awsAccountId,
      String vpcId,
      String securityGroupId,
      Optional<String> instanceProfileRoleArn) {
    String ec2 = "arn:aws:ec2:" + region + ":" + awsAccountId + ":";
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
    List<String> allRunInstanceFamilies = new ArrayList<>();
    allRunInstanceFamilies.add(images);
    allRunInstanceFamilies.addAll(inVpcResources);
    allRunInstanceFamilies.add(volumes);
    allRunInstanceFamilies.add(instances);

    List<ObjectNode> st = new ArrayList<>();
    st.add(allow("NonResourceBasedPermissions", UNRESTRICTED_ACTIONS, List.of("*"), null));
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
    other.set("NotResource", PolicyDocuments.strings(allRunInstanceFamilies));
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
            "CreateSpotServiceLinkedRole",
            List.of("iam:CreateServiceLinkedRole", "iam:PutRolePolicy"),
            List.of(SPOT_ROLE),
            Map.of("StringEquals", Map.of("iam:AWSServiceName", "spot.amazonaws.com"))));
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
    instanceProfileRoleArn.ifPresent(
        arn ->
            st.add(allow("PassInstanceProfileRole", List.of("iam:PassRole"), List.of(arn), null)));
    return PolicyDocuments.document(st);
  }

  private static ObjectNode allow(
      String sid,
      List<String> actions,
      List<String> resources,
      Map<String, Map<String, Object>> condition) {
    return PolicyDocuments.statement(sid, "Allow", null, actions, resources, condition);
  }
}
