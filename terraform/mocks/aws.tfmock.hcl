# What the mocked AWS provider returns in every terraform test (mock_provider "aws" { source = ".../mocks" }).
# The data sources answer as one account in eu-west-1 would. The ARNs are valid ones: with override_during = plan
# they are known while planning, so the policies that embed them can be asserted on, and the provider's own
# validation (which rejects the mock's invented strings as ARNs) accepts the arguments they flow into.

mock_data "aws_region" {
  defaults = {
    name = "eu-west-1"
  }
}

mock_data "aws_caller_identity" {
  defaults = {
    account_id = "123456789012"
    arn        = "arn:aws:iam::123456789012:root"
  }
}

mock_data "aws_partition" {
  defaults = {
    partition  = "aws"
    dns_suffix = "amazonaws.com"
  }
}

mock_data "aws_availability_zones" {
  defaults = {
    names = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  }
}

mock_data "aws_elb_service_account" {
  defaults = {
    arn = "arn:aws:iam::156460612806:root"
  }
}

mock_data "aws_iam_openid_connect_provider" {
  defaults = {
    arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
  }
}

mock_resource "aws_iam_openid_connect_provider" {
  defaults = {
    arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
  }
}

mock_resource "aws_s3_bucket" {
  defaults = {
    arn = "arn:aws:s3:::emailpipeline-mock-bucket"
  }
}

mock_resource "aws_sqs_queue" {
  defaults = {
    id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/emailpipeline-mock-queue"
    arn = "arn:aws:sqs:eu-west-1:123456789012:emailpipeline-mock-queue"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/emailpipeline-mock-queue"
  }
}

mock_resource "aws_ssm_parameter" {
  defaults = {
    arn = "arn:aws:ssm:eu-west-1:123456789012:parameter/emailpipeline/mock/api-token"
  }
}

mock_resource "aws_cloudwatch_log_group" {
  defaults = {
    arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/emailpipeline-mock"
  }
}

mock_resource "aws_iam_role" {
  defaults = {
    arn = "arn:aws:iam::123456789012:role/emailpipeline-mock"
  }
}

mock_resource "aws_sns_topic" {
  defaults = {
    arn = "arn:aws:sns:eu-west-1:123456789012:emailpipeline-mock-alarms"
  }
}

mock_resource "aws_lb" {
  defaults = {
    arn        = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/emailpipeline-mock/0123456789abcdef"
    arn_suffix = "app/emailpipeline-mock/0123456789abcdef"
    dns_name   = "emailpipeline-mock-0123456789.eu-west-1.elb.amazonaws.com"
  }
}

mock_resource "aws_lb_target_group" {
  defaults = {
    arn        = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/emailpipeline-mock-api/0123456789abcdef"
    arn_suffix = "targetgroup/emailpipeline-mock-api/0123456789abcdef"
  }
}

mock_resource "aws_lb_listener" {
  defaults = {
    arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/emailpipeline-mock/0123456789abcdef/0123456789abcdef"
  }
}
