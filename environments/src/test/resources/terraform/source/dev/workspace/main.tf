variable "account" { type = object({ resource_prefix = string, aws_account_id = string, databricks_account_id = string }) }
variable "workspace_id" { type = string }
variable "uc_catalog_name" { type = string }

module "uc_catalog" {
  source          = "./uc_catalog"
  account         = var.account
  workspace_id    = var.workspace_id
  uc_catalog_name = var.uc_catalog_name
}
