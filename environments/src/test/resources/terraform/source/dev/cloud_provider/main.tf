variable "account" { type = object({ resource_prefix = string, aws_account_id = string, databricks_account_id = string }) }
variable "region" { type = string }
variable "dbfsname" { type = string }

module "cloud_provider_network" {
  source               = "./network"
  resource_prefix      = var.account.resource_prefix
  region               = var.region
  vpc_cidr_range       = "10.10.0.0/16"
  availability_zones   = ["us-east-1a", "us-east-1b"]
  public_subnets_cidr  = ["10.10.0.0/24", "10.10.1.0/24"]
  private_subnets_cidr = ["10.10.16.0/20", "10.10.32.0/20"]
  sg_ingress_protocol  = ["tcp", "udp"]
  sg_egress_protocol   = ["tcp", "udp"]
  sg_egress_ports      = [443, 3306, 6666, 2443, 8443, 8444, 8445, 8446, 8447, 8448, 8449, 8450, 8451]
}

module "cloud_provider_credential" {
  source             = "./credential"
  account            = var.account
  region             = var.region
  vpc_id             = module.cloud_provider_network.vpc_id
  security_group_ids = module.cloud_provider_network.security_group_ids
}

module "cloud_provider_storage" {
  source                = "./storage"
  dbfsname              = var.dbfsname
  databricks_account_id = var.account.databricks_account_id
}

output "vpc_id" { value = module.cloud_provider_network.vpc_id }
