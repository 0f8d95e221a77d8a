# The keys and address of terraform-aws-modules/vpc//modules/vpc-endpoints (aws_vpc_endpoint.this[key]).
variable "region" { type = string }
variable "resource_prefix" { type = string }
variable "vpc_id" { type = string }
variable "security_group_ids" { type = list(string) }
variable "route_table_ids" { type = list(string) }
variable "subnet_ids" { type = list(string) }

locals {
  endpoints = {
    s3              = { type = "Gateway", tag = "s3" }
    sts             = { type = "Interface", tag = "sts" }
    kinesis-streams = { type = "Interface", tag = "kinesis" }
  }
}

resource "aws_vpc_endpoint" "this" {
  for_each            = local.endpoints
  vpc_id              = var.vpc_id
  service_name        = "com.amazonaws.${var.region}.${each.key}"
  vpc_endpoint_type   = each.value.type
  route_table_ids     = each.value.type == "Gateway" ? var.route_table_ids : null
  subnet_ids          = each.value.type == "Interface" ? var.subnet_ids : null
  security_group_ids  = each.value.type == "Interface" ? var.security_group_ids : null
  private_dns_enabled = each.value.type == "Interface" ? true : null
  tags                = { Name = "${var.resource_prefix}-${each.value.tag}-vpc-endpoint" }
}
