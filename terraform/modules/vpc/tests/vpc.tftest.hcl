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
run "two_zones_with_a_nat_gateway_each_by_default" {
  command = apply

  assert {
    condition     = length(aws_subnet.private) == 2 && length(aws_subnet.public) == 2
    error_message = "There must be two private and two public subnets."
  }

  assert {
    condition     = length(aws_nat_gateway.this) == 2 && length(aws_route.private_nat) == 2
    error_message = "Without single_nat_gateway, each zone must have its own NAT gateway."
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
    condition = (
      alltrue([for route in aws_route.private_nat : route.destination_cidr_block == "0.0.0.0/0" && anytrue([for nat in aws_nat_gateway.this : route.nat_gateway_id == nat.id]) && route.gateway_id != aws_internet_gateway.this.id])
      && [for route in aws_route.private_nat : route.route_table_id] == aws_route_table.private[*].id
      && !contains(aws_route_table.private[*].id, aws_route.public_internet.route_table_id)
      && [for association in aws_route_table_association.private : association.route_table_id] == aws_route_table.private[*].id
      && [for association in aws_route_table_association.private : association.subnet_id] == aws_subnet.private[*].id
    )
    error_message = "The private subnets must reach the internet only through NAT gateways, never an internet gateway."
  }

  assert {
    condition     = aws_vpc_endpoint.s3.vpc_endpoint_type == "Gateway" && aws_vpc_endpoint.s3.service_name == "com.amazonaws.eu-west-1.s3" && aws_vpc_endpoint.s3.route_table_ids == toset(aws_route_table.private[*].id)
    error_message = "S3 must be reached through a gateway endpoint on the private route tables."
  }

  assert {
    condition     = toset(keys(aws_vpc_endpoint.interface)) == toset(["ecr.api", "ecr.dkr", "logs", "sqs", "ssm"])
    error_message = "SQS, SSM, ECR (api, dkr) and CloudWatch Logs must have interface endpoints."
  }

  assert {
    condition     = alltrue([for endpoint in aws_vpc_endpoint.interface : endpoint.private_dns_enabled && endpoint.subnet_ids == toset(aws_subnet.private[*].id)])
    error_message = "Interface endpoints must be in the private subnets, with private DNS (or the SDKs would still resolve the public endpoints)."
  }
}

run "single_nat_gateway_for_dev" {
  command = plan

  variables {
    single_nat_gateway = true
  }

  assert {
    condition     = length(aws_nat_gateway.this) == 1 && output.nat_gateway_count == 1
    error_message = "single_nat_gateway must create exactly one NAT gateway."
  }
}

run "interface_endpoints_can_be_turned_off" {
  command = plan

  variables {
    enable_interface_endpoints = false
  }

  assert {
    condition     = length(aws_vpc_endpoint.interface) == 0
    error_message = "enable_interface_endpoints = false must create no interface endpoint."
  }
}

run "rejects_a_vpc_larger_than_a_slash_16" {
  command = plan

  variables {
    cidr_block = "10.0.0.0/8"
  }

  expect_failures = [var.cidr_block]
}
