# terraform test, on GitHub: plans the whole environment against a mocked AWS
# provider (no account, no credentials). Run after terraform init -backend=false.

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

  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
    }
  }

  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }

  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

override_data {
  target = data.aws_ecr_repository.api
  values = {
    arn            = "arn:aws:ecr:eu-west-1:123456789012:repository/emailpipeline-api"
    repository_url = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/emailpipeline-api"
  }
}

override_data {
  target = data.aws_ecr_repository.consumer
  values = {
    arn            = "arn:aws:ecr:eu-west-1:123456789012:repository/emailpipeline-consumer"
    repository_url = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/emailpipeline-consumer"
  }
}

variables {
  image_tag = "0123456789abcdef0123456789abcdef01234567"
}

run "names_follow_the_contract" {
  command = plan

  assert {
    condition     = module.ecs.cluster_name == "emailpipeline-prod" && module.ecs.api_service_name == "emailpipeline-prod-api" && module.ecs.consumer_service_name == "emailpipeline-prod-consumer"
    error_message = "Cluster and services must be emailpipeline-prod, emailpipeline-prod-api and emailpipeline-prod-consumer."
  }

  assert {
    condition     = module.ecs.api_log_group_name == "/ecs/emailpipeline-prod/api" && module.ecs.consumer_log_group_name == "/ecs/emailpipeline-prod/consumer"
    error_message = "Log groups must be /ecs/emailpipeline-prod/api and /ecs/emailpipeline-prod/consumer."
  }

  assert {
    condition     = module.sqs.queue_name == "emailpipeline-prod-emails" && module.sqs.dlq_name == "emailpipeline-prod-emails-dlq"
    error_message = "Queues must be emailpipeline-prod-emails and emailpipeline-prod-emails-dlq."
  }

  assert {
    condition     = module.ssm.parameter_name == "/emailpipeline/prod/api-token"
    error_message = "The token parameter must be /emailpipeline/prod/api-token."
  }

  assert {
    condition     = module.s3.bucket_name == "emailpipeline-prod-archive-123456789012"
    error_message = "The bucket must be emailpipeline-prod-archive-<account id>."
  }

  assert {
    condition     = output.ecr_repository_urls.api == "123456789012.dkr.ecr.eu-west-1.amazonaws.com/emailpipeline-api"
    error_message = "The environment must use the shared emailpipeline-api repository."
  }
}

run "environment_sizing" {
  command = plan

  assert {
    condition     = module.vpc.nat_gateway_count == 2
    error_message = "Wrong number of NAT gateways for prod."
  }

  assert {
    condition     = module.sqs.dlq_message_retention_seconds > module.sqs.message_retention_seconds
    error_message = "The dead-letter queue must keep messages longer than the queue."
  }
}
