# Plans one environment, with the values of ../environments/<environment>.tfvars, against a mocked AWS provider (no
# account, no credentials). scripts/terraform-check.sh runs it once per environment:
#   terraform test -var-file=../environments/dev.tfvars

mock_provider "aws" {
  source          = "../mocks"
  override_during = plan
}

override_data {
  target = data.aws_ecr_repository.service["api"]
  values = {
    arn            = "arn:aws:ecr:eu-west-1:123456789012:repository/emailpipeline-api"
    repository_url = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/emailpipeline-api"
  }
}

override_data {
  target = data.aws_ecr_repository.service["consumer"]
  values = {
    arn            = "arn:aws:ecr:eu-west-1:123456789012:repository/emailpipeline-consumer"
    repository_url = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/emailpipeline-consumer"
  }
}

# IDs in the formats the modules validate, and distinct where a test must tell two things apart (private from
# public subnets, the load balancer's security group from the tasks', the queue from its dead-letter queue).
override_resource {
  target          = module.vpc.aws_vpc.this
  override_during = plan
  values          = { id = "vpc-0123456789abcdef0" }
}

override_resource {
  target          = module.vpc.aws_subnet.private
  override_during = plan
  values          = { id = "subnet-0aaaaaaaaaaaaaaa1" }
}

override_resource {
  target          = module.vpc.aws_subnet.public
  override_during = plan
  values          = { id = "subnet-0bbbbbbbbbbbbbbb2" }
}

override_resource {
  target          = module.vpc.aws_security_group.endpoints
  override_during = plan
  values          = { id = "sg-0eeeeeeeeeeeeeee3" }
}

override_resource {
  target          = module.vpc.aws_vpc_endpoint.s3
  override_during = plan
  values          = { prefix_list_id = "pl-6da54004" }
}

override_resource {
  target          = module.s3.aws_s3_bucket.this
  override_during = plan
  values          = { arn = "arn:aws:s3:::emailpipeline-archive" }
}

override_resource {
  target          = module.logs.aws_s3_bucket.this
  override_during = plan
  values          = { arn = "arn:aws:s3:::emailpipeline-logs" }
}

override_resource {
  target          = module.alb.aws_security_group.alb
  override_during = plan
  values          = { id = "sg-0aaaaaaaaaaaaaaa1" }
}

override_resource {
  target          = module.ecs.aws_security_group.this
  override_during = plan
  values          = { id = "sg-0bbbbbbbbbbbbbbb2" }
}

override_resource {
  target          = module.sqs.aws_sqs_queue.this
  override_during = plan
  values = {
    id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/emailpipeline-emails"
    arn = "arn:aws:sqs:eu-west-1:123456789012:emailpipeline-emails"
  }
}

override_resource {
  target          = module.sqs.aws_sqs_queue.dlq
  override_during = plan
  values = {
    id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/emailpipeline-emails-dlq"
    arn = "arn:aws:sqs:eu-west-1:123456789012:emailpipeline-emails-dlq"
  }
}

variables {
  image_tag = "0123456789abcdef0123456789abcdef01234567"

  # What the operator sets in an https_only environment's .tfvars (the committed prod.tfvars leaves it to them).
  certificate_arn = var.https_only ? "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000" : null
}

run "names_follow_the_contract" {
  command = plan

  assert {
    condition     = output.ecs_cluster_name == "emailpipeline-${var.environment}" && output.ecs_service_names == { api = "emailpipeline-${var.environment}-api", consumer = "emailpipeline-${var.environment}-consumer" }
    error_message = "Cluster and services must be emailpipeline-<env>, emailpipeline-<env>-api and emailpipeline-<env>-consumer (CD deploys to these names)."
  }

  assert {
    condition     = output.log_group_names == { api = "/ecs/emailpipeline-${var.environment}/api", consumer = "/ecs/emailpipeline-${var.environment}/consumer" }
    error_message = "Log groups must be /ecs/emailpipeline-<env>/api and /consumer."
  }

  assert {
    condition     = [module.sqs.queue_name, module.sqs.dlq_name] == ["emailpipeline-${var.environment}-emails", "emailpipeline-${var.environment}-emails-dlq"]
    error_message = "Queues must be emailpipeline-<env>-emails and emailpipeline-<env>-emails-dlq."
  }

  assert {
    condition     = output.token_parameter_name == "/emailpipeline/${var.environment}/api-token"
    error_message = "The token parameter must be /emailpipeline/<env>/api-token."
  }

  assert {
    condition     = output.bucket_name == "emailpipeline-${var.environment}-archive-123456789012" && output.log_bucket_name == "emailpipeline-${var.environment}-logs-123456789012"
    error_message = "The buckets must be emailpipeline-<env>-archive-<account id> and emailpipeline-<env>-logs-<account id>."
  }

  assert {
    condition     = output.ecr_repository_urls == { api = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/emailpipeline-api", consumer = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/emailpipeline-consumer" }
    error_message = "The environment must use the shared repositories emailpipeline-api and emailpipeline-consumer."
  }
}

run "the_queue_holds_what_the_services_expect" {
  command = plan

  assert {
    condition     = module.sqs.dlq_message_retention_seconds > module.sqs.message_retention_seconds
    error_message = "The dead-letter queue must keep messages longer than the queue."
  }

  assert {
    condition     = module.sqs.visibility_timeout_seconds >= 6 * 10
    error_message = "The visibility timeout must be at least 6 times the Consumer's 10 s budget for one message."
  }

  assert {
    condition     = output.queue_max_message_size == 262144
    error_message = "The queue's max_message_size must be set, and output for the Api's size check."
  }
}

run "sized_and_protected_for_the_environment" {
  command = plan

  assert {
    condition     = var.environment != "prod" || (length(module.vpc.availability_zones) == 2 && var.tasks.api.min_count >= 2 && var.tasks.consumer.min_count >= 2)
    error_message = "prod must survive the loss of a zone: at least one task of each service per zone (the endpoints are in both)."
  }

  assert {
    condition     = var.environment != "prod" || (var.load_balancer_deletion_protection && !var.buckets_force_destroy)
    error_message = "prod's load balancer must refuse deletion, and its archive must never be destroyed with its emails."
  }

  assert {
    condition     = var.environment != "dev" || (var.tasks.api.cpu == 256 && var.tasks.consumer.cpu == 256 && var.tasks.api.min_count == 1 && var.tasks.consumer.min_count == 1)
    error_message = "dev must stay cheap: one task of each service at the smallest Fargate size."
  }
}

run "egress_by_design" {
  command = plan

  assert {
    condition     = module.vpc.nat_gateway_count == 0 && !module.vpc.internet_egress
    error_message = "No environment pays for NAT it does not use: the endpoints carry every AWS call the tasks make (nat_gateways = none)."
  }

  assert {
    condition     = module.vpc.interface_endpoint_services == tolist(["ecr.api", "ecr.dkr", "logs", "sqs", "ssm"])
    error_message = "The interface endpoints must cover every AWS API the tasks call besides S3: ECR (api, dkr), CloudWatch Logs, SQS and SSM."
  }

  assert {
    condition = alltrue([
      for service in module.ecs.services :
      service.egress == { endpoints = module.vpc.endpoints_security_group_id, s3 = "pl-6da54004" }
    ])
    error_message = "Each service may send HTTPS only to the VPC's interface endpoints and to S3 through its gateway endpoint."
  }

  assert {
    condition     = var.environment != "prod" || module.vpc.flow_logs_enabled
    error_message = "prod's VPC must log its flows."
  }
}

run "production_is_https_only_and_logged" {
  command = plan

  assert {
    condition     = var.environment != "prod" || (var.https_only && module.alb.https_enabled && startswith(output.api_url, "https://"))
    error_message = "prod must serve the Api over HTTPS only (port 80 only redirects)."
  }

  assert {
    condition     = module.alb.access_logs_bucket == output.log_bucket_name && module.logs.sse_algorithm == "AES256" && module.logs.expiration_days == var.log_retention_days
    error_message = "The load balancer's access logs must go to the encrypted log bucket, whose objects expire after log_retention_days."
  }

  assert {
    condition = {
      for statement in jsondecode(module.logs.policy).Statement : statement.Sid => [statement.Principal, statement.Resource] if statement.Effect == "Allow"
      } == {
      LoadBalancerAccessLogs = [{ AWS = "arn:aws:iam::156460612806:root", Service = "logdelivery.elasticloadbalancing.amazonaws.com" }, "arn:aws:s3:::emailpipeline-${var.environment}-logs-123456789012/alb/AWSLogs/123456789012/*"]
      FlowLogsWrite          = [{ Service = "delivery.logs.amazonaws.com" }, "arn:aws:s3:::emailpipeline-${var.environment}-logs-123456789012/vpc-flow-logs/AWSLogs/123456789012/*"]
      FlowLogsCheckBucket    = [{ Service = "delivery.logs.amazonaws.com" }, "arn:aws:s3:::emailpipeline-${var.environment}-logs-123456789012"]
    }
    error_message = "The log bucket may be written only by Elastic Load Balancing (under alb/) and VPC flow log delivery (under vpc-flow-logs/), of this account."
  }
}

run "https_only_requires_a_certificate" {
  command = plan

  variables {
    https_only      = true
    certificate_arn = null
  }

  expect_failures = [var.certificate_arn]
}

run "wired_together" {
  command = plan

  assert {
    condition     = alltrue([for service in module.ecs.services : service.subnet_ids == toset(module.vpc.private_subnet_ids)])
    error_message = "Both services must run in the VPC's private subnets."
  }

  assert {
    condition     = module.ecs.services.api.admits_security_group == module.alb.security_group_id
    error_message = "The Api must admit the load balancer's security group, and no other."
  }

  assert {
    condition     = module.ecs.permissions_boundary_arn == "arn:aws:iam::123456789012:policy/emailpipeline-${var.environment}-boundary"
    error_message = "The environment's roles must carry its permissions boundary from terraform/shared (emailpipeline-<env>-boundary)."
  }

  assert {
    condition     = module.alb.target_group_port == module.ecs.services.api.port && module.ecs.services.api.environment.PORT == tostring(module.alb.target_group_port)
    error_message = "The target group must send to the port the Api listens on."
  }

  assert {
    condition = (
      module.ecs.services.api.environment.SSM_TOKEN_PARAMETER == "/emailpipeline/${var.environment}/api-token"
      && module.ecs.services.api.environment.SQS_QUEUE_URL == module.sqs.queue_url
      && module.ecs.services.consumer.environment.SQS_QUEUE_URL == module.sqs.queue_url
      && module.ecs.services.consumer.environment.S3_BUCKET_NAME == module.s3.bucket_name
    )
    error_message = "The services must get the token parameter's name, the queue's URL and the bucket this environment creates."
  }
}
