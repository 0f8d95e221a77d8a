# Fixture generator: the AWS half of the reference's dev folder (databricks_dev), with the same
# module nesting so that the resource addresses in the state are the reference's. Written for the
# fixtures, not copied from the reference; see ../../README.md.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}

variable "endpoint" { type = string }
variable "workspace_id" { type = string }

locals {
  prefix = "acme-dev"
  region = "us-east-1"
  # Who the folder's modules build for: passed whole, as every module needs the same three.
  account = {
    resource_prefix       = local.prefix
    aws_account_id        = "123456789012"
    databricks_account_id = "0d7e4a3c-1b2f-4c5d-8e9f-a1b2c3d4e5f6"
  }
}

provider "aws" {
  region                      = local.region
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  s3_use_path_style           = true
  endpoints {
    ec2 = var.endpoint
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

module "cloud_provider" {
  source   = "./cloud_provider"
  account  = local.account
  region   = local.region
  dbfsname = "${local.prefix}-workspace-root"
}

module "databricks_workspace" {
  source          = "./workspace"
  account         = local.account
  workspace_id    = var.workspace_id
  uc_catalog_name = "${local.prefix}-catalog-${var.workspace_id}"
}

output "vpc_id" { value = module.cloud_provider.vpc_id }
