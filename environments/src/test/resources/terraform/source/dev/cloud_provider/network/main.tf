variable "resource_prefix" { type = string }
variable "region" { type = string }
variable "vpc_cidr_range" { type = string }
variable "availability_zones" { type = list(string) }
variable "public_subnets_cidr" { type = list(string) }
variable "private_subnets_cidr" { type = list(string) }
variable "sg_ingress_protocol" { type = list(string) }
variable "sg_egress_protocol" { type = list(string) }
variable "sg_egress_ports" { type = list(number) }

module "vpc" {
  source               = "../../modules/vpc"
  name                 = "${var.resource_prefix}-data-plane-VPC"
  cidr                 = var.vpc_cidr_range
  azs                  = var.availability_zones
  public_subnets       = var.public_subnets_cidr
  private_subnets      = var.private_subnets_cidr
  public_subnet_names  = [for az in var.availability_zones : format("%s-public-%s", var.resource_prefix, az)]
  private_subnet_names = [for az in var.availability_zones : format("%s-private-%s", var.resource_prefix, az)]
}

# No name: Terraform makes one up ("terraform-..."), as in the reference.
resource "aws_security_group" "sg" {
  vpc_id = module.vpc.vpc_id
  dynamic "ingress" {
    for_each = var.sg_ingress_protocol
    content {
      from_port = 0
      to_port   = 65535
      protocol  = ingress.value
      self      = true
    }
  }
  dynamic "egress" {
    for_each = var.sg_egress_protocol
    content {
      from_port = 0
      to_port   = 65535
      protocol  = egress.value
      self      = true
    }
  }
  dynamic "egress" {
    for_each = var.sg_egress_ports
    content {
      from_port   = egress.value
      to_port     = egress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
  tags = { Name = "${var.resource_prefix}-data-plane-sg" }
}

module "vpc_endpoints" {
  source             = "./endpoints"
  region             = var.region
  resource_prefix    = var.resource_prefix
  vpc_id             = module.vpc.vpc_id
  security_group_ids = [aws_security_group.sg.id]
  route_table_ids    = module.vpc.private_route_table_ids
  subnet_ids         = slice(module.vpc.private_subnets, 0, 2)
}

output "vpc_id" { value = module.vpc.vpc_id }
output "security_group_ids" { value = [aws_security_group.sg.id] }
