variable "resource_prefix" { type = string }
variable "aws_account_id" { type = string }
variable "databricks_account_id" { type = string }
variable "workspace_id" { type = string }
variable "uc_catalog_name" { type = string }

module "uc_catalog" {
  source                = "./uc_catalog"
  resource_prefix       = var.resource_prefix
  aws_account_id        = var.aws_account_id
  databricks_account_id = var.databricks_account_id
  workspace_id          = var.workspace_id
  uc_catalog_name       = var.uc_catalog_name
}
