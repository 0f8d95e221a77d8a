# Fixture generator: the AWS half of the reference's common_infrastructure/logging folder, at the
# reference's addresses. Written for the fixtures; see ../../README.md.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}

variable "endpoint" { type = string }

locals {
  prefix                = "acme-shared"
  databricks_account_id = "0d7e4a3c-1b2f-4c5d-8e9f-a1b2c3d4e5f6"
  bucket                = "acme-shared-log-delivery"
}

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  s3_use_path_style           = true
  endpoints {
    iam = var.endpoint
    s3  = var.endpoint
    sts = var.endpoint
  }
  default_tags {
    tags = {
      Owner    = "platform-team@example.com"
      Resource = local.prefix
    }
  }
}

resource "aws_s3_bucket" "log_delivery" {
  bucket        = local.bucket
  force_destroy = true
  tags          = { Name = local.bucket }
}

resource "aws_s3_bucket_versioning" "log_delivery" {
  bucket = aws_s3_bucket.log_delivery.id
  versioning_configuration { status = "Disabled" }
}

resource "aws_s3_bucket_public_access_block" "log_delivery" {
  bucket                  = aws_s3_bucket.log_delivery.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# What data.databricks_aws_assume_role_policy renders with for_log_delivery = true.
resource "aws_iam_role" "log_delivery" {
  name        = "${local.prefix}-log-delivery"
  description = "(${local.prefix}) Log Delivery Role"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::414351767826:role/SaasUsageDeliveryRole-prod-IAMRole-3PLHICCRR1TK" }
      Condition = { StringEquals = { "sts:ExternalId" = local.databricks_account_id } }
    }]
  })
  tags = { Name = "${local.prefix}-log-delivery-role" }
}

resource "aws_s3_bucket_policy" "log_delivery" {
  bucket = aws_s3_bucket.log_delivery.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = [aws_iam_role.log_delivery.arn] }
        Action    = "s3:GetBucketLocation"
        Resource  = "arn:aws:s3:::${local.bucket}"
      },
      {
        Effect    = "Allow"
        Principal = { AWS = [aws_iam_role.log_delivery.arn] }
        Action    = ["s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:PutObjectAcl", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"]
        Resource  = ["arn:aws:s3:::${local.bucket}", "arn:aws:s3:::${local.bucket}/*"]
      },
      {
        Effect    = "Allow"
        Principal = { AWS = [aws_iam_role.log_delivery.arn] }
        Action    = "s3:ListBucket"
        Resource  = "arn:aws:s3:::${local.bucket}"
      }
    ]
  })
  depends_on = [aws_s3_bucket_public_access_block.log_delivery]
}
