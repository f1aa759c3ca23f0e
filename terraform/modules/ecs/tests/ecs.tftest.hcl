# terraform test, on GitHub (mocked AWS provider: no account, no credentials).

mock_provider "aws" {
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

variables {
  name_prefix             = "emailpipeline-test"
  vpc_id                  = "vpc-0123456789abcdef0"
  private_subnet_ids      = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  alb_security_group_id   = "sg-0123456789abcdef0"
  target_group_arn        = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/emailpipeline-test-api/0123456789abcdef"
  alb_arn_suffix          = "app/emailpipeline-test/0123456789abcdef"
  target_group_arn_suffix = "targetgroup/emailpipeline-test-api/0123456789abcdef"
  api_image               = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/emailpipeline-api:0123456789abcdef0123456789abcdef01234567"
  consumer_image          = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/emailpipeline-consumer:0123456789abcdef0123456789abcdef01234567"
  ecr_repository_arns     = ["arn:aws:ecr:eu-west-1:123456789012:repository/emailpipeline-api", "arn:aws:ecr:eu-west-1:123456789012:repository/emailpipeline-consumer"]
  queue_url               = "https://sqs.eu-west-1.amazonaws.com/123456789012/emailpipeline-test-emails"
  queue_arn               = "arn:aws:sqs:eu-west-1:123456789012:emailpipeline-test-emails"
  dlq_arn                 = "arn:aws:sqs:eu-west-1:123456789012:emailpipeline-test-emails-dlq"
  queue_name              = "emailpipeline-test-emails"
  bucket_name             = "emailpipeline-test-archive-123456789012"
  bucket_arn              = "arn:aws:s3:::emailpipeline-test-archive-123456789012"
  token_parameter_name    = "/emailpipeline/test/api-token"
  token_parameter_arn     = "arn:aws:ssm:eu-west-1:123456789012:parameter/emailpipeline/test/api-token"
}

run "services_in_private_subnets_behind_the_load_balancer" {
  command = plan

  assert {
    condition     = aws_ecs_cluster.this.name == "emailpipeline-test" && aws_ecs_service.api.name == "emailpipeline-test-api" && aws_ecs_service.consumer.name == "emailpipeline-test-consumer"
    error_message = "Cluster and services must follow the naming contract."
  }

  assert {
    condition     = !aws_ecs_service.api.network_configuration[0].assign_public_ip && !aws_ecs_service.consumer.network_configuration[0].assign_public_ip
    error_message = "Tasks must not get public addresses."
  }

  assert {
    condition     = aws_ecs_service.api.network_configuration[0].subnets == toset(var.private_subnet_ids) && aws_ecs_service.consumer.network_configuration[0].subnets == toset(var.private_subnet_ids)
    error_message = "Tasks must run in the private subnets."
  }

  assert {
    condition     = aws_ecs_service.api.deployment_circuit_breaker[0].rollback && aws_ecs_service.consumer.deployment_circuit_breaker[0].rollback
    error_message = "Deployments must roll back when the circuit breaker trips."
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.api_from_alb.referenced_security_group_id == var.alb_security_group_id && aws_vpc_security_group_ingress_rule.api_from_alb.cidr_ipv4 == null
    error_message = "The Api must accept traffic only from the load balancer's security group."
  }

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.consumer_metrics) == 0
    error_message = "The Consumer must accept no inbound traffic by default."
  }
}

run "task_definitions_follow_the_contract" {
  command = plan

  assert {
    condition     = toset([for env in jsondecode(aws_ecs_task_definition.api.container_definitions)[0].environment : env.name]) == toset(["AWS_REGION", "PORT", "SQS_QUEUE_URL", "SSM_TOKEN_PARAMETER"])
    error_message = "The Api container must get exactly AWS_REGION, PORT, SQS_QUEUE_URL and SSM_TOKEN_PARAMETER."
  }

  assert {
    condition     = [for env in jsondecode(aws_ecs_task_definition.api.container_definitions)[0].environment : env.value if env.name == "SSM_TOKEN_PARAMETER"] == ["/emailpipeline/test/api-token"]
    error_message = "SSM_TOKEN_PARAMETER must be the parameter's name, not its ARN or value."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.consumer.container_definitions)[0].stopTimeout == 30
    error_message = "The Consumer's stop timeout must be its 20 s drain deadline plus 10 s."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.consumer.container_definitions)[0].healthCheck.command == ["CMD", "dotnet", "EmailPipeline.Consumer.dll", "--health-check"]
    error_message = "The Consumer's health check must run its --health-check command (the image has no shell)."
  }

  assert {
    condition     = [for env in jsondecode(aws_ecs_task_definition.consumer.container_definitions)[0].environment : env.value if env.name == "Consumer__MessageTimeout"] == ["00:00:10"]
    error_message = "Consumer__MessageTimeout must be 00:00:10."
  }

  assert {
    condition     = aws_ecs_task_definition.api.cpu == "256" && aws_ecs_task_definition.api.memory == "512"
    error_message = "Tasks default to 256 CPU units and 512 MiB."
  }
}

run "customer_managed_key_switches_the_consumer_to_sse_kms" {
  command = plan

  variables {
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000000"
  }

  assert {
    condition     = [for env in jsondecode(aws_ecs_task_definition.consumer.container_definitions)[0].environment : env.value if env.name == "Archive__ServerSideEncryption"] == ["aws:kms"]
    error_message = "With a customer managed key the Consumer must write SSE-KMS objects."
  }
}

run "rejects_disabling_container_insights_while_the_consumer_scales" {
  command = plan

  variables {
    container_insights = "disabled"
  }

  expect_failures = [var.container_insights]
}

run "rejects_an_invalid_fargate_size" {
  command = plan

  variables {
    api_memory = 256
  }

  expect_failures = [var.api_memory]
}
