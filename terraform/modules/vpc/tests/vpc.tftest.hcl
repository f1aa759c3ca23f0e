# terraform test, on GitHub (mocked AWS provider: no account, no credentials).

mock_provider "aws" {
  mock_data "aws_availability_zones" {
    defaults = {
      names = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
    }
  }

  mock_data "aws_region" {
    defaults = {
      region = "eu-west-1"
    }
  }
}

variables {
  name_prefix = "emailpipeline-test"
  cidr_block  = "10.10.0.0/16"
}

run "two_zones_with_a_nat_gateway_each_by_default" {
  command = plan

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
    condition     = aws_vpc_endpoint.s3.vpc_endpoint_type == "Gateway" && aws_vpc_endpoint.s3.service_name == "com.amazonaws.eu-west-1.s3"
    error_message = "S3 must be reached through a gateway endpoint."
  }

  assert {
    condition     = toset(keys(aws_vpc_endpoint.interface)) == toset(["ecr.api", "ecr.dkr", "logs", "sqs", "ssm"])
    error_message = "SQS, SSM, ECR (api, dkr) and CloudWatch Logs must have interface endpoints."
  }

  assert {
    condition     = alltrue([for endpoint in aws_vpc_endpoint.interface : endpoint.private_dns_enabled])
    error_message = "Interface endpoints need private DNS, or the SDKs would still resolve the public endpoints."
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
