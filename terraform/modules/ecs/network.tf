# Tasks run in the private subnets without public addresses (aws_ecs_service.this). The Api admits only the load
# balancer's security group; the Consumer admits nothing but, optionally, metrics scrapers inside the VPC. Both go
# out on 443 only, and only to the VPC's interface endpoints and S3 (its gateway endpoint's prefix list), unless
# the VPC has NAT (internet_egress).

locals {
  egress = merge(
    {
      endpoints = { security_group = var.endpoints_security_group_id, prefix_list = null, cidr = null, description = "AWS APIs through the VPC's interface endpoints (SQS, SSM, ECR, CloudWatch Logs)" }
      s3        = { security_group = null, prefix_list = var.s3_prefix_list_id, cidr = null, description = "S3 through the gateway endpoint (the archive, image layers)" }
    },
    var.internet_egress ? { internet = { security_group = null, prefix_list = null, cidr = "0.0.0.0/0", description = "HTTPS to the internet, through the VPC's NAT gateways" } } : {},
  )
}

resource "aws_security_group" "this" {
  for_each = local.services

  name        = "${var.name_prefix}-${each.key}"
  description = each.value.description
  vpc_id      = var.vpc_id

  tags = {
    Name = "${var.name_prefix}-${each.key}"
  }
}

resource "aws_vpc_security_group_ingress_rule" "api_from_alb" {
  security_group_id            = aws_security_group.this["api"].id
  description                  = "Requests and health checks from the load balancer"
  referenced_security_group_id = var.alb_security_group_id
  ip_protocol                  = "tcp"
  from_port                    = var.api_port
  to_port                      = var.api_port
}

resource "aws_vpc_security_group_ingress_rule" "consumer_metrics" {
  for_each = toset(var.metrics_ingress_cidr_blocks)

  security_group_id = aws_security_group.this["consumer"].id
  description       = "Prometheus scraping of /metrics from inside the VPC"
  cidr_ipv4         = each.value
  ip_protocol       = "tcp"
  from_port         = local.metrics_port
  to_port           = local.metrics_port
}

resource "aws_vpc_security_group_egress_rule" "https" {
  for_each = {
    for pair in setproduct(keys(local.services), keys(local.egress)) : "${pair[0]}-${pair[1]}" => {
      service     = pair[0]
      destination = local.egress[pair[1]]
    }
  }

  security_group_id            = aws_security_group.this[each.value.service].id
  description                  = each.value.destination.description
  referenced_security_group_id = each.value.destination.security_group
  prefix_list_id               = each.value.destination.prefix_list
  cidr_ipv4                    = each.value.destination.cidr
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
}
