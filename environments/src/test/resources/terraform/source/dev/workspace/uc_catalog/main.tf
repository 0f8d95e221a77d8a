variable "account" { type = object({ resource_prefix = string, aws_account_id = string, databricks_account_id = string }) }
variable "workspace_id" { type = string }
variable "uc_catalog_name" { type = string }

locals {
  role_name = "${var.account.resource_prefix}-unity-catalog-${var.workspace_id}"
}

resource "aws_iam_role" "unity_catalog_role" {
  name = local.role_name
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRole"
        Principal = { AWS = "arn:aws:iam::414351767826:role/unity-catalog-prod-UCMasterRole-14S5ZJVKOTYTL" }
        Condition = { StringEquals = { "sts:ExternalId" = var.account.databricks_account_id } }
      },
      {
        Sid       = "ExplicitSelfRoleAssumption"
        Effect    = "Allow"
        Action    = "sts:AssumeRole"
        Principal = { AWS = "arn:aws:iam::${var.account.aws_account_id}:root" }
        Condition = {
          ArnLike      = { "aws:PrincipalArn" = "arn:aws:iam::${var.account.aws_account_id}:role/${local.role_name}" }
          StringEquals = { "sts:ExternalId" = var.account.databricks_account_id }
        }
      }
    ]
  })
  tags = { Name = "${var.account.resource_prefix}-unity-catalog" }
}

resource "aws_iam_role_policy" "unity_catalog" {
  name = "${var.account.resource_prefix}-unity-catalog-policy-${var.workspace_id}"
  role = aws_iam_role.unity_catalog_role.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:PutObjectAcl", "s3:DeleteObject", "s3:ListBucket", "s3:GetBucketLocation"]
        Resource = ["arn:aws:s3:::${var.uc_catalog_name}/*", "arn:aws:s3:::${var.uc_catalog_name}"]
      },
      {
        Effect   = "Allow"
        Action   = ["sts:AssumeRole"]
        Resource = ["arn:aws:iam::${var.account.aws_account_id}:role/${local.role_name}"]
      }
    ]
  })
}

resource "aws_s3_bucket" "unity_catalog_bucket" {
  bucket        = var.uc_catalog_name
  force_destroy = true
  tags          = { Name = var.uc_catalog_name }
}

resource "aws_s3_bucket_versioning" "unity_catalog_versioning" {
  bucket = aws_s3_bucket.unity_catalog_bucket.id
  versioning_configuration { status = "Disabled" }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "unity_catalog" {
  bucket = aws_s3_bucket.unity_catalog_bucket.bucket
  rule {
    apply_server_side_encryption_by_default { sse_algorithm = "AES256" }
  }
}

resource "aws_s3_bucket_public_access_block" "unity_catalog" {
  bucket                  = aws_s3_bucket.unity_catalog_bucket.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
