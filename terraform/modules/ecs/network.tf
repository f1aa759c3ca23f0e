# Tasks run in the private subnets without public addresses (aws_ecs_service.this). The Api admits only the load
# balancer's security group; the Consumer admits nothing but, optionally, metrics scrapers inside the VPC. Both go
# out on 443 only.

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
  for_each = local.services

  security_group_id = aws_security_group.this[each.key].id
  description       = "AWS APIs over HTTPS (VPC endpoints, or NAT without them)"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
}
