package dev.deployer.cli.doctor;

import java.util.List;

/**
 * The IAM actions deployer's handlers call, as IAM policies name them: what the deploying identity
 * must be allowed. {@code IamActionsTest} reads the handlers' sources and fails when a handler
 * calls an AWS operation this list does not name.
 */
final class IamActions {
  private IamActions() {}

  static final List<String> EC2 =
      List.of(
          "AcceptVpcPeeringConnection",
          "AllocateAddress",
          "AssociateRouteTable",
          "AttachInternetGateway",
          "AuthorizeSecurityGroupEgress",
          "AuthorizeSecurityGroupIngress",
          "CreateInternetGateway",
          "CreateNatGateway",
          "CreateRoute",
          "CreateRouteTable",
          "CreateSecurityGroup",
          "CreateSubnet",
          "CreateTags",
          "CreateVpc",
          "CreateVpcEndpoint",
          "CreateVpcPeeringConnection",
          "DeleteInternetGateway",
          "DeleteNatGateway",
          "DeleteRoute",
          "DeleteRouteTable",
          "DeleteSecurityGroup",
          "DeleteSubnet",
          "DeleteTags",
          "DeleteVpc",
          "DeleteVpcEndpoints",
          "DeleteVpcPeeringConnection",
          "DescribeAddresses",
          "DescribeInstances",
          "DescribeInternetGateways",
          "DescribeNatGateways",
          "DescribeNetworkInterfaces",
          "DescribeRouteTables",
          "DescribeSecurityGroups",
          "DescribeSubnets",
          "DescribeVpcAttribute",
          "DescribeVpcEndpoints",
          "DescribeVpcPeeringConnections",
          "DescribeVpcs",
          "DetachInternetGateway",
          "DisassociateAddress",
          "DisassociateRouteTable",
          "ModifyVpcAttribute",
          "ModifyVpcEndpoint",
          "ReleaseAddress",
          "ReplaceRoute",
          "RevokeSecurityGroupEgress",
          "RevokeSecurityGroupIngress");

  static final List<String> IAM =
      List.of(
          "CreateRole",
          "DeleteRole",
          "DeleteRolePolicy",
          "DetachRolePolicy",
          "GetRole",
          "GetRolePolicy",
          "ListAttachedRolePolicies",
          "ListRolePolicies",
          "ListRoleTags",
          "PutRolePolicy",
          "TagRole",
          "UntagRole",
          "UpdateAssumeRolePolicy");

  /**
   * S3 operations by the IAM action that allows them (the Service Authorization Reference: the
   * encryption, tagging, ownership and public access block deletes are Put actions).
   */
  static final List<String> S3 =
      List.of(
          "CreateBucket",
          "DeleteBucket",
          "DeleteBucketPolicy",
          "DeleteObject",
          "DeleteObjectVersion",
          "GetBucketOwnershipControls",
          "GetBucketPolicy",
          "GetBucketPublicAccessBlock",
          "GetBucketTagging",
          "GetBucketVersioning",
          "GetEncryptionConfiguration",
          "ListBucket",
          "ListBucketVersions",
          "PutBucketOwnershipControls",
          "PutBucketPolicy",
          "PutBucketPublicAccessBlock",
          "PutBucketTagging",
          "PutBucketVersioning",
          "PutEncryptionConfiguration",
          // CreateBucket sends the bucket's tags with the create, which needs s3:TagResource too
          // (SDK CreateBucketConfiguration.tags); no operation of that name is called.
          "TagResource");

  static final List<String> STS = List.of("GetCallerIdentity");

  /** Every action, {@code ec2:CreateVpc} style. */
  static List<String> all() {
    List<String> out = new java.util.ArrayList<>();
    EC2.forEach(a -> out.add("ec2:" + a));
    IAM.forEach(a -> out.add("iam:" + a));
    S3.forEach(a -> out.add("s3:" + a));
    STS.forEach(a -> out.add("sts:" + a));
    return out;
  }

  /** The S3 SDK operations whose IAM action has another name. */
  static String s3ActionOf(String operation) {
    return switch (operation) {
      case "HeadBucket", "ListObjects", "ListObjectsV2" -> "ListBucket";
      case "ListObjectVersions" -> "ListBucketVersions";
      case "DeleteObjects" -> "DeleteObject";
      case "GetBucketEncryption" -> "GetEncryptionConfiguration";
      case "PutBucketEncryption", "DeleteBucketEncryption" -> "PutEncryptionConfiguration";
      case "DeleteBucketTagging" -> "PutBucketTagging";
      case "DeleteBucketOwnershipControls" -> "PutBucketOwnershipControls";
      case "GetPublicAccessBlock" -> "GetBucketPublicAccessBlock";
      case "PutPublicAccessBlock", "DeletePublicAccessBlock" -> "PutBucketPublicAccessBlock";
      default -> operation;
    };
  }
}
