package dev.deployer.cloud.iam;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.cloud.PolicyDocuments;

/**
 * RESOURCES.md 2.2 transcribed by hand, independently of {@link CrossAccountPolicy}: the policy the
 * tests hold the built and the deployed documents to, statement by statement.
 */
final class Resources22 {
  private Resources22() {}

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

  /** The statements in the order RESOURCES.md lists them, for region R, account A, vpc V, sg G. */
  static JsonNode policy(String r, String a, String v, String g) {
    String e = "arn:aws:ec2:" + r + ":" + a + ":";
    String vpc = e + "vpc/" + v;
    return PolicyDocuments.parse(
        """
        {"Version":"2012-10-17","Statement":[
         {"Effect":"Allow","Resource":"*","Action":[
           "ec2:CancelSpotInstanceRequests","ec2:DescribeAvailabilityZones",
           "ec2:DescribeIamInstanceProfileAssociations","ec2:DescribeInstanceStatus",
           "ec2:DescribeInstances","ec2:DescribeInternetGateways","ec2:DescribeNatGateways",
           "ec2:DescribeNetworkAcls","ec2:DescribePrefixLists",
           "ec2:DescribeReservedInstancesOfferings","ec2:DescribeRouteTables",
           "ec2:DescribeSecurityGroups","ec2:DescribeSpotInstanceRequests",
           "ec2:DescribeSpotPriceHistory","ec2:DescribeSubnets","ec2:DescribeVolumes",
           "ec2:DescribeVpcAttribute","ec2:DescribeVpcs","ec2:CreateTags","ec2:DeleteTags",
           "ec2:RequestSpotInstances"]},
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
         {"Effect":"Allow","Action":["iam:CreateServiceLinkedRole","iam:PutRolePolicy"],
          "Resource":"arn:aws:iam::*:role/aws-service-role/spot.amazonaws.com/AWSServiceRoleForEC2Spot",
          "Condition":{"StringEquals":{"iam:AWSServiceName":"spot.amazonaws.com"}}},
         {"Effect":"Allow","Action":["ec2:AuthorizeSecurityGroupEgress",
           "ec2:AuthorizeSecurityGroupIngress","ec2:RevokeSecurityGroupEgress",
           "ec2:RevokeSecurityGroupIngress"],
          "Resource":"E:security-group/SG",
          "Condition":{"StringEquals":{"ec2:vpc":"VPC"}}}
        ]}
        """
            .replace("E:", e)
            .replace("\"VPC\"", "\"" + vpc + "\"")
            .replace("security-group/SG", "security-group/" + g));
  }
}
