# Planned against a mocked AWS provider: no account, no credentials.

mock_provider "aws" {
  source          = "../../mocks"
  override_during = plan
}

variables {
  name_prefix = "emailpipeline-test"
  cidr_block  = "10.10.0.0/16"
}

# Applied (to the mock) rather than planned: the assertions follow subnet and route table IDs, which a plan does
# not know yet.
run "no_way_out_but_the_endpoints_by_default" {
  command = apply

  assert {
    condition     = length(aws_subnet.private) == 2 && length(aws_subnet.public) == 2
    error_message = "There must be two private and two public subnets."
  }

  assert {
    condition     = [for subnet in aws_subnet.private : subnet.cidr_block] == ["10.10.0.0/20", "10.10.16.0/20"]
    error_message = "Private subnets must be the first two sixteenths of the VPC."
  }

  assert {
    condition     = alltrue([for subnet in concat(aws_subnet.private, aws_subnet.public) : subnet.map_public_ip_on_launch == false])
    error_message = "No subnet may hand out public addresses."
  }

  assert {
    condition     = length(aws_nat_gateway.this) == 0 && length(aws_eip.nat) == 0 && length(aws_route.private_nat) == 0 && !output.internet_egress
    error_message = "By default there is no NAT gateway and no route out of the private subnets: the endpoints carry every AWS call the tasks make."
  }

  assert {
    condition = (
      !contains(aws_route_table.private[*].id, aws_route.public_internet.route_table_id)
      && [for association in aws_route_table_association.private : association.route_table_id] == aws_route_table.private[*].id
      && [for association in aws_route_table_association.private : association.subnet_id] == aws_subnet.private[*].id
    )
    error_message = "The private subnets must never route through the internet gateway."
  }

  assert {
    condition     = aws_vpc_endpoint.s3.vpc_endpoint_type == "Gateway" && aws_vpc_endpoint.s3.service_name == "com.amazonaws.eu-west-1.s3" && aws_vpc_endpoint.s3.route_table_ids == toset(aws_route_table.private[*].id)
    error_message = "S3 (the archive and the image layers) must be reached through a gateway endpoint on the private route tables."
  }

  assert {
    condition     = toset(keys(aws_vpc_endpoint.interface)) == toset(["ecr.api", "ecr.dkr", "logs", "sqs", "ssm"])
    error_message = "SQS, SSM, ECR (api, dkr) and CloudWatch Logs must have interface endpoints: every other AWS call the tasks make."
  }

  assert {
    condition = alltrue([
      for endpoint in aws_vpc_endpoint.interface :
      endpoint.private_dns_enabled && endpoint.subnet_ids == toset(aws_subnet.private[*].id) && endpoint.security_group_ids == toset([aws_security_group.endpoints.id])
    ]) && output.endpoints_security_group_id == aws_security_group.endpoints.id
    error_message = "Interface endpoints must be in both private subnets, with private DNS (or the SDKs would still resolve the public endpoints), behind their own security group."
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.endpoints_https.cidr_ipv4 == "10.10.0.0/16" && aws_vpc_security_group_ingress_rule.endpoints_https.from_port == 443 && aws_vpc_security_group_ingress_rule.endpoints_https.to_port == 443
    error_message = "The endpoints must admit HTTPS from the VPC only."
  }

  assert {
    condition     = length(aws_flow_log.this) == 0 && !output.flow_logs_enabled
    error_message = "Flow logs must be off without a bucket."
  }
}

run "nat_gateway_per_zone" {
  command = apply

  variables {
    nat_gateways = "one_per_zone"
  }

  assert {
    condition     = length(aws_nat_gateway.this) == 2 && length(aws_route.private_nat) == 2 && output.internet_egress
    error_message = "nat_gateways = one_per_zone must give each zone its own NAT gateway."
  }

  assert {
    condition = (
      [for route in aws_route.private_nat : route.nat_gateway_id] == aws_nat_gateway.this[*].id
      && [for route in aws_route.private_nat : route.route_table_id] == aws_route_table.private[*].id
      && alltrue([for route in aws_route.private_nat : route.destination_cidr_block == "0.0.0.0/0" && route.gateway_id != aws_internet_gateway.this.id])
    )
    error_message = "Each private subnet must reach the internet through its zone's NAT gateway, never the internet gateway."
  }
}

run "single_nat_gateway" {
  command = plan

  variables {
    nat_gateways = "single"
  }

  assert {
    condition     = length(aws_nat_gateway.this) == 1 && output.nat_gateway_count == 1 && length(aws_route.private_nat) == 2
    error_message = "nat_gateways = single must create exactly one NAT gateway, used by both zones."
  }
}

run "flow_logs_to_the_log_bucket" {
  command = plan

  variables {
    flow_logs_bucket_arn = "arn:aws:s3:::emailpipeline-test-logs-123456789012"
  }

  assert {
    condition = (
      length(aws_flow_log.this) == 1 && aws_flow_log.this[0].traffic_type == "ALL" && aws_flow_log.this[0].log_destination_type == "s3"
      && aws_flow_log.this[0].log_destination == "arn:aws:s3:::emailpipeline-test-logs-123456789012/vpc-flow-logs/" && aws_flow_log.this[0].vpc_id == aws_vpc.this.id
    )
    error_message = "With a bucket, the VPC's accepted and rejected traffic must be logged to it, under vpc-flow-logs/."
  }
}

run "interface_endpoints_can_be_turned_off_with_nat" {
  command = plan

  variables {
    nat_gateways               = "single"
    enable_interface_endpoints = false
  }

  assert {
    condition     = length(aws_vpc_endpoint.interface) == 0
    error_message = "enable_interface_endpoints = false must create no interface endpoint."
  }
}

run "rejects_no_nat_and_no_endpoints" {
  command = plan

  variables {
    enable_interface_endpoints = false
  }

  expect_failures = [var.nat_gateways]
}

run "rejects_a_vpc_larger_than_a_slash_16" {
  command = plan

  variables {
    cidr_block = "10.0.0.0/8"
  }

  expect_failures = [var.cidr_block]
}
