variable "dbfsname" { type = string }
variable "databricks_account_id" { type = string }

resource "aws_s3_bucket" "root_storage_bucket" {
  bucket        = var.dbfsname
  force_destroy = true
  tags          = { Name = var.dbfsname }
}

resource "aws_s3_bucket_versioning" "root_bucket_versioning" {
  bucket = aws_s3_bucket.root_storage_bucket.id
  versioning_configuration { status = "Disabled" }
}

resource "aws_s3_bucket_public_access_block" "root_storage_bucket" {
  bucket                  = aws_s3_bucket.root_storage_bucket.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# What data.databricks_aws_bucket_policy renders for databricks_e2_account_id.
resource "aws_s3_bucket_policy" "root_bucket_policy" {
  bucket = aws_s3_bucket.root_storage_bucket.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Grant Databricks Access"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::414351767826:root" }
      Action    = ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket", "s3:GetBucketLocation"]
      Resource  = ["arn:aws:s3:::${var.dbfsname}/*", "arn:aws:s3:::${var.dbfsname}"]
      Condition = { StringEquals = { "aws:PrincipalTag/DatabricksAccountId" = [var.databricks_account_id] } }
    }]
  })
  depends_on = [aws_s3_bucket_public_access_block.root_storage_bucket]
}
