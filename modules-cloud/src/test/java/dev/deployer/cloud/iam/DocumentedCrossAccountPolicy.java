package dev.deployer.cloud.iam;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.cloud.PolicyDocuments;

/**
 * Databricks' documented cross-account policies transcribed by hand, independently of {@link
 * CrossAccountPolicy}: the Terraform provider's {@code aws/data_aws_crossaccount_policy.go} (types
 * {@code customer} and {@code restricted}) and Databricks' "Permissions in cross-account IAM roles"
 * page. The tests hold the built and the deployed documents to these, statement by statement.
 */
final class DocumentedCrossAccountPolicy {
  private DocumentedCrossAccountPolicy() {}

  static JsonNode trust(String acct) {
    return PolicyDocuments.parse(
        """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
         "Principal":{"AWS":"arn:aws:iam::414351767826:root"},
         "Action":"sts:AssumeRole",
         "Condition":{"StringEquals":{"sts:ExternalId":"%s"}}}]}
        """
            .formatted(acct));
  }

  static final String NON_RESOURCE =
      """
      "ec2:AssignPrivateIpAddresses","ec2:CancelSpotInstanceRequests",
      "ec2:DescribeAvailabilityZones","ec2:DescribeIamInstanceProfileAssociations",
      "ec2:DescribeInstanceStatus","ec2:DescribeInstances","ec2:DescribeInternetGateways",
      "ec2:DescribeNatGateways","ec2:DescribeNetworkAcls","ec2:DescribePrefixLists",
      "ec2:DescribeReservedInstancesOfferings","ec2:DescribeRouteTables",
      "ec2:DescribeSecurityGroups","ec2:DescribeSpotInstanceRequests",
      "ec2:DescribeSpotPriceHistory","ec2:DescribeSubnets","ec2:DescribeVolumes",
      "ec2:DescribeVpcAttribute","ec2:DescribeVpcs","ec2:CreateTags","ec2:DeleteTags",
      "ec2:GetSpotPlacementScores","ec2:RequestSpotInstances",
      "ec2:DescribeFleetHistory","ec2:ModifyFleet","ec2:DeleteFleets",
      "ec2:DescribeFleetInstances","ec2:DescribeFleets","ec2:CreateFleet",
      "ec2:DeleteLaunchTemplate","ec2:GetLaunchTemplateData","ec2:CreateLaunchTemplate",
      "ec2:DescribeLaunchTemplates","ec2:DescribeLaunchTemplateVersions",
      "ec2:ModifyLaunchTemplate","ec2:DeleteLaunchTemplateVersions",
      "ec2:CreateLaunchTemplateVersion"
      """;

  static final String SPOT =
      """
      {"Effect":"Allow","Action":["iam:CreateServiceLinkedRole","iam:PutRolePolicy"],
       "Resource":"arn:aws:iam::*:role/aws-service-role/spot.amazonaws.com/AWSServiceRoleForEC2Spot",
       "Condition":{"StringLike":{"iam:AWSServiceName":"spot.amazonaws.com"}}}
      """;

  /** "Customer-managed VPC with default policy restrictions": everything on {@code *}. */
  static JsonNode customer() {
    return PolicyDocuments.parse(
        """
        {"Version":"2012-10-17","Statement":[
         {"Effect":"Allow","Resource":"*","Action":[NON_RESOURCE,
           "ec2:AssociateIamInstanceProfile","ec2:AttachVolume",
           "ec2:AuthorizeSecurityGroupEgress","ec2:AuthorizeSecurityGroupIngress",
           "ec2:CreateVolume","ec2:DeleteVolume","ec2:DetachVolume",
           "ec2:DisassociateIamInstanceProfile","ec2:ReplaceIamInstanceProfileAssociation",
           "ec2:RevokeSecurityGroupEgress","ec2:RevokeSecurityGroupIngress",
           "ec2:RunInstances","ec2:TerminateInstances"]},
         SPOT
        ]}
        """
            .replace("NON_RESOURCE", NON_RESOURCE)
            .replace("SPOT", SPOT));
  }

  /**
   * "Customer-managed VPC with custom policy restrictions", for region R, account A, vpc V, sg G,
   * in the provider's order.
   */
  static JsonNode restricted(String r, String a, String v, String g) {
    String e = "arn:aws:ec2:" + r + ":" + a + ":";
    String vpc = e + "vpc/" + v;
    return PolicyDocuments.parse(
        """
        {"Version":"2012-10-17","Statement":[
         {"Effect":"Allow","Resource":"*","Action":[NON_RESOURCE]},
         SPOT,
         {"Effect":"Allow","Action":["ec2:AssociateIamInstanceProfile",
           "ec2:DisassociateIamInstanceProfile","ec2:ReplaceIamInstanceProfileAssociation"],
          "Resource":"E:instance/*",
          "Condition":{"StringEquals":{"ec2:ResourceTag/Vendor":"Databricks"}}},
         {"Effect":"Allow","Action":"ec2:RunInstances",
          "Resource":["E:volume/*","E:instance/*"],
          "Condition":{"StringEquals":{"aws:RequestTag/Vendor":"Databricks"}}},
         {"Effect":"Allow","Action":"ec2:RunInstances","Resource":"E:image/*",
          "Condition":{"StringEquals":{"aws:ResourceTag/Vendor":"Databricks"}}},
         {"Effect":"Allow","Action":"ec2:RunInstances",
          "Resource":["E:network-interface/*","E:subnet/*","E:security-group/*"],
          "Condition":{"StringEquals":{"ec2:vpc":"VPC"}}},
         {"Effect":"Allow","Action":"ec2:RunInstances",
          "NotResource":["E:image/*","E:network-interface/*","E:subnet/*",
            "E:security-group/*","E:volume/*","E:instance/*"]},
         {"Effect":"Allow","Action":"ec2:TerminateInstances","Resource":"E:instance/*",
          "Condition":{"StringEquals":{"ec2:ResourceTag/Vendor":"Databricks"}}},
         {"Effect":"Allow","Action":["ec2:AttachVolume","ec2:DetachVolume"],
          "Resource":["E:instance/*","E:volume/*"],
          "Condition":{"StringEquals":{"ec2:ResourceTag/Vendor":"Databricks"}}},
         {"Effect":"Allow","Action":"ec2:CreateVolume","Resource":"E:volume/*",
          "Condition":{"StringEquals":{"aws:RequestTag/Vendor":"Databricks"}}},
         {"Effect":"Allow","Action":"ec2:DeleteVolume","Resource":"E:volume/*",
          "Condition":{"StringEquals":{"ec2:ResourceTag/Vendor":"Databricks"}}},
         {"Effect":"Allow","Action":["ec2:AuthorizeSecurityGroupEgress",
           "ec2:AuthorizeSecurityGroupIngress","ec2:RevokeSecurityGroupEgress",
           "ec2:RevokeSecurityGroupIngress"],
          "Resource":"E:security-group/SG",
          "Condition":{"StringEquals":{"ec2:vpc":"VPC"}}}
        ]}
        """
            .replace("NON_RESOURCE", NON_RESOURCE)
            .replace("SPOT", SPOT)
            .replace("E:", e)
            .replace("\"VPC\"", "\"" + vpc + "\"")
            .replace("security-group/SG", "security-group/" + g));
  }
}
