variable "account" { type = object({ resource_prefix = string, aws_account_id = string, databricks_account_id = string }) }
variable "region" { type = string }
variable "vpc_id" { type = string }
variable "security_group_ids" { type = list(string) }

# What data.databricks_aws_assume_role_policy renders: Databricks' account, ExternalId = account id.
resource "aws_iam_role" "cross_account_role" {
  name = "${var.account.resource_prefix}-crossaccount"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::414351767826:root" }
      Condition = { StringEquals = { "sts:ExternalId" = var.account.databricks_account_id } }
    }]
  })
  tags = { Name = "${var.account.resource_prefix}-crossaccount-role" }
}

# A shortened customer-managed-VPC policy: enough statements to show the difference on import.
resource "aws_iam_role_policy" "cross_account" {
  name = "${var.account.resource_prefix}-crossaccount-policy"
  role = aws_iam_role.cross_account_role.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "NonResourceBasedPermissions"
        Effect   = "Allow"
        Action   = ["ec2:DescribeInstances", "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:CreateTags", "ec2:DeleteTags"]
        Resource = ["*"]
      },
      {
        Sid       = "VpcNonresourceSpecificActions"
        Effect    = "Allow"
        Action    = ["ec2:AuthorizeSecurityGroupEgress", "ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress"]
        Resource  = "arn:aws:ec2:${var.region}:${var.account.aws_account_id}:security-group/${var.security_group_ids[0]}"
        Condition = { StringEquals = { "ec2:vpc" = "arn:aws:ec2:${var.region}:${var.account.aws_account_id}:vpc/${var.vpc_id}" } }
      }
    ]
  })
}
