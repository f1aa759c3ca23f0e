# Planned against a mocked AWS provider: no account, no credentials.

mock_provider "aws" {
  source          = "../../mocks"
  override_during = plan
}

variables {
  name_prefix             = "emailpipeline-test"
  vpc_id                  = "vpc-0123456789abcdef0"
  private_subnet_ids      = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  alb_security_group_id   = "sg-0123456789abcdef0"
  target_group_arn        = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/emailpipeline-test-api/0123456789abcdef"
  alb_arn_suffix          = "app/emailpipeline-test/0123456789abcdef"
  target_group_arn_suffix = "targetgroup/emailpipeline-test-api/0123456789abcdef"
  ecr_repository_arns     = ["arn:aws:ecr:eu-west-1:123456789012:repository/emailpipeline-api", "arn:aws:ecr:eu-west-1:123456789012:repository/emailpipeline-consumer"]
  queue_url               = "https://sqs.eu-west-1.amazonaws.com/123456789012/emailpipeline-test-emails"
  queue_arn               = "arn:aws:sqs:eu-west-1:123456789012:emailpipeline-test-emails"
  dlq_arn                 = "arn:aws:sqs:eu-west-1:123456789012:emailpipeline-test-emails-dlq"
  queue_name              = "emailpipeline-test-emails"
  bucket_name             = "emailpipeline-test-archive-123456789012"
  bucket_arn              = "arn:aws:s3:::emailpipeline-test-archive-123456789012"
  token_parameter_name    = "/emailpipeline/test/api-token"
  token_parameter_arn     = "arn:aws:ssm:eu-west-1:123456789012:parameter/emailpipeline/test/api-token"

  endpoints_security_group_id = "sg-0e0e0e0e0e0e0e0e0"
  s3_prefix_list_id           = "pl-6da54004"
  permissions_boundary_arn    = "arn:aws:iam::123456789012:policy/emailpipeline-test-boundary"

  images = {
    api      = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/emailpipeline-api:0123456789abcdef0123456789abcdef01234567"
    consumer = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/emailpipeline-consumer:0123456789abcdef0123456789abcdef01234567"
  }
}

run "names_follow_the_contract" {
  command = plan

  assert {
    condition     = aws_ecs_cluster.this.name == "emailpipeline-test" && { for name, service in output.services : name => service.name } == { api = "emailpipeline-test-api", consumer = "emailpipeline-test-consumer" }
    error_message = "The cluster must be <name_prefix>, the services <name_prefix>-api and <name_prefix>-consumer."
  }

  assert {
    condition     = [aws_iam_role.execution.name, aws_iam_role.task["api"].name, aws_iam_role.task["consumer"].name] == ["emailpipeline-test-ecs-execution", "emailpipeline-test-api-task", "emailpipeline-test-consumer-task"]
    error_message = "The roles must be <name_prefix>-ecs-execution, -api-task and -consumer-task (the GitHub deploy role may pass exactly these)."
  }

  assert {
    condition     = { for name, definition in aws_ecs_task_definition.this : name => definition.family } == { for name, service in output.services : name => service.name }
    error_message = "Each task definition family must be named as its service (CD registers revisions in it)."
  }

  assert {
    condition     = { for name, definition in aws_ecs_task_definition.this : name => [for container in jsondecode(definition.container_definitions) : container.name] } == { api = ["api"], consumer = ["consumer"] }
    error_message = "Each task definition must hold exactly one container, named api or consumer."
  }

  assert {
    condition = { for name, service in output.services : name => service.log_group_name } == { api = "/ecs/emailpipeline-test/api", consumer = "/ecs/emailpipeline-test/consumer" } && alltrue([
      for name, definition in aws_ecs_task_definition.this :
      jsondecode(definition.container_definitions)[0].logConfiguration.options["awslogs-group"] == "/ecs/emailpipeline-test/${name}"
    ])
    error_message = "Log groups must be /ecs/<name_prefix>/api and /consumer, and each container must log to its own."
  }

  assert {
    condition     = [for balancer in aws_ecs_service.this["api"].load_balancer : [balancer.container_name, balancer.container_port, balancer.target_group_arn]] == [["api", 8000, var.target_group_arn]] && length(aws_ecs_service.this["consumer"].load_balancer) == 0
    error_message = "Only the api container, on port 8000, may be behind the load balancer."
  }
}

run "containers_follow_the_service_contract" {
  command = plan

  assert {
    condition     = { for variable in jsondecode(aws_ecs_task_definition.this["api"].container_definitions)[0].environment : variable.name => variable.value } == { AWS_REGION = "eu-west-1", PORT = "8000", SQS_QUEUE_URL = var.queue_url, SSM_TOKEN_PARAMETER = "/emailpipeline/test/api-token" }
    error_message = "The Api must get exactly AWS_REGION, PORT=8000, SQS_QUEUE_URL and SSM_TOKEN_PARAMETER (the parameter's name, not its ARN or value)."
  }

  assert {
    condition = { for variable in jsondecode(aws_ecs_task_definition.this["consumer"].container_definitions)[0].environment : variable.name => variable.value } == {
      AWS_REGION               = "eu-west-1"
      METRICS_PORT             = "9090"
      S3_BUCKET_NAME           = var.bucket_name
      SQS_POLL_INTERVAL        = "0"
      SQS_QUEUE_URL            = var.queue_url
      Consumer__DrainTimeout   = "00:00:20"
      Consumer__MessageTimeout = "00:00:10"
    }
    error_message = "The Consumer must get AWS_REGION, METRICS_PORT=9090, S3_BUCKET_NAME, SQS_POLL_INTERVAL=0, SQS_QUEUE_URL and its 10 s message and 20 s drain budgets."
  }

  assert {
    condition     = [for mapping in jsondecode(aws_ecs_task_definition.this["api"].container_definitions)[0].portMappings : mapping.containerPort] == [8000] && [for mapping in jsondecode(aws_ecs_task_definition.this["consumer"].container_definitions)[0].portMappings : mapping.containerPort] == [9090]
    error_message = "The Api container must map port 8000, the Consumer's 9090 (metrics)."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this["consumer"].container_definitions)[0].healthCheck.command == ["CMD", "/app/EmailPipeline.Consumer", "--health-check"] && !can(jsondecode(aws_ecs_task_definition.this["api"].container_definitions)[0].healthCheck)
    error_message = "The Consumer's health check must run its --health-check command (the image has no shell); the Api has none (the load balancer checks /health)."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this["consumer"].container_definitions)[0].stopTimeout == 30 && jsondecode(aws_ecs_task_definition.this["api"].container_definitions)[0].stopTimeout == 30
    error_message = "The Consumer's stop timeout must be its 20 s drain deadline plus 10 s; the Api's 30 s."
  }

  assert {
    condition     = aws_ecs_task_definition.this["api"].cpu == "256" && aws_ecs_task_definition.this["api"].memory == "512" && aws_ecs_task_definition.this["api"].task_role_arn == aws_iam_role.task["api"].arn
    error_message = "Tasks default to 256 CPU units and 512 MiB, and run with their own task role."
  }
}

run "private_tasks_reachable_only_from_the_load_balancer" {
  command = plan

  assert {
    condition     = alltrue([for service in aws_ecs_service.this : !service.network_configuration[0].assign_public_ip && service.network_configuration[0].subnets == toset(var.private_subnet_ids)])
    error_message = "Tasks must run in the private subnets, without public addresses."
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.api_from_alb.referenced_security_group_id == var.alb_security_group_id && aws_vpc_security_group_ingress_rule.api_from_alb.cidr_ipv4 == null && aws_vpc_security_group_ingress_rule.api_from_alb.from_port == 8000
    error_message = "The Api must accept traffic only from the load balancer's security group, on its port."
  }

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.consumer_metrics) == 0
    error_message = "The Consumer must accept no inbound traffic by default."
  }

  assert {
    condition     = alltrue([for rule in aws_vpc_security_group_egress_rule.https : rule.from_port == 443 && rule.to_port == 443 && rule.ip_protocol == "tcp"])
    error_message = "Tasks may go out on 443 only."
  }

  assert {
    condition = {
      for name, rule in aws_vpc_security_group_egress_rule.https :
      name => [coalesce(rule.referenced_security_group_id, "-"), coalesce(rule.prefix_list_id, "-"), rule.cidr_ipv4 == null]
      } == {
      api-endpoints      = [var.endpoints_security_group_id, "-", true]
      api-s3             = ["-", var.s3_prefix_list_id, true]
      consumer-endpoints = [var.endpoints_security_group_id, "-", true]
      consumer-s3        = ["-", var.s3_prefix_list_id, true]
    }
    error_message = "Without internet_egress, each service may send HTTPS only to the interface endpoints' security group and S3's prefix list: nothing leaves the VPC but AWS API calls."
  }

  assert {
    condition     = alltrue([for service in aws_ecs_service.this : service.deployment_circuit_breaker[0].enable && service.deployment_circuit_breaker[0].rollback])
    error_message = "Deployments must roll back when the circuit breaker trips."
  }
}

run "internet_egress_only_with_nat" {
  command = plan

  variables {
    internet_egress = true
  }

  assert {
    condition     = [for name, rule in aws_vpc_security_group_egress_rule.https : name if rule.cidr_ipv4 == "0.0.0.0/0"] == ["api-internet", "consumer-internet"]
    error_message = "internet_egress must add exactly one rule per service to 0.0.0.0/0 on 443."
  }
}

run "least_privilege" {
  command = plan

  # Every statement of every policy of the module.
  variables {
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000000"
  }

  assert {
    condition = alltrue([
      for statement in flatten([for policy in concat([aws_iam_role_policy.execution], values(aws_iam_role_policy.task)) : jsondecode(policy.policy).Statement]) :
      statement.Effect != "Allow" || (can(statement.Action) && alltrue([for action in flatten([statement.Action]) : !strcontains(action, "*")]) && !can(statement.NotAction) && !can(statement.NotResource))
    ])
    error_message = "No Allow statement may grant a wildcard action, or use NotAction or NotResource."
  }

  assert {
    condition = alltrue([
      for statement in flatten([for policy in concat([aws_iam_role_policy.execution], values(aws_iam_role_policy.task)) : jsondecode(policy.policy).Statement]) :
      alltrue([for resource in flatten([statement.Resource]) : (resource != "*" || statement.Action == ["ecr:GetAuthorizationToken"]) && !can(regex("^arn:[^:]*:[^:]*:[^:]*:[^:]*:\\*$", resource))])
    ])
    error_message = "Resource \"*\" only for ecr:GetAuthorizationToken (which has no resource-level permissions), and no resource may cover a whole service."
  }

  assert {
    condition = alltrue([
      for role in concat([aws_iam_role.execution], values(aws_iam_role.task)) :
      [for statement in jsondecode(role.assume_role_policy).Statement : statement.Principal] == [{ Service = "ecs-tasks.amazonaws.com" }]
    ])
    error_message = "Only ECS tasks may assume the roles."
  }

  assert {
    condition     = [for role in concat([aws_iam_role.execution], values(aws_iam_role.task)) : role.permissions_boundary] == [for role in range(3) : var.permissions_boundary_arn]
    error_message = "Every role must carry the environment's permissions boundary (the Terraform role may create no role without it)."
  }

  assert {
    condition = alltrue([
      for role in aws_iam_role.task : jsondecode(role.assume_role_policy).Statement[0].Condition == {
        StringEquals = { "aws:SourceAccount" = "123456789012" }
        ArnLike      = { "aws:SourceArn" = "arn:aws:ecs:eu-west-1:123456789012:*" }
      }
    ])
    error_message = "The task roles must trust ECS only for tasks of this account and region (confused deputy)."
  }

  assert {
    condition = (
      [for statement in jsondecode(aws_iam_role_policy.task["api"].policy).Statement : statement.Resource if contains(statement.Action, "ssm:GetParameter")] == [[var.token_parameter_arn]]
      && [for statement in jsondecode(aws_iam_role_policy.task["consumer"].policy).Statement : statement.Resource if contains(statement.Action, "s3:PutObject")] == [["${var.bucket_arn}/emails/*"]]
      && [for statement in jsondecode(aws_iam_role_policy.task["consumer"].policy).Statement : statement.Resource if contains(statement.Action, "sqs:GetQueueAttributes")] == [[var.queue_arn], [var.dlq_arn]]
    )
    error_message = "The Api may read exactly the token parameter; the Consumer may write only under emails/, and read the dead-letter queue's attributes only."
  }

  assert {
    # Token rotation reads the previous version with a version selector (GetParameter "name:N"), which this action
    # covers: no GetParameterHistory, and nothing that lists or writes parameters.
    condition = (
      [for statement in jsondecode(aws_iam_role_policy.task["api"].policy).Statement : statement.Action if anytrue([for action in statement.Action : startswith(action, "ssm:")])] == [["ssm:GetParameter"]]
      && alltrue([for statement in jsondecode(aws_iam_role_policy.task["consumer"].policy).Statement : !anytrue([for action in statement.Action : startswith(action, "ssm:")])])
    )
    error_message = "The Api's only SSM permission must be ssm:GetParameter (it reads the previous token by version selector); the Consumer has none."
  }

  assert {
    condition     = alltrue([for policy in aws_iam_role_policy.task : contains([for statement in jsondecode(policy.policy).Statement : statement.Resource], [var.kms_key_arn])])
    error_message = "With a customer managed key both task roles may use that key."
  }

  assert {
    condition     = { for variable in jsondecode(aws_ecs_task_definition.this["consumer"].container_definitions)[0].environment : variable.name => variable.value if startswith(variable.name, "Archive__") } == { Archive__KmsKeyId = var.kms_key_arn, Archive__ServerSideEncryption = "aws:kms" }
    error_message = "With a customer managed key the Consumer must write SSE-KMS objects with it."
  }
}

run "autoscaling_follows_the_right_metrics" {
  command = plan

  assert {
    condition     = aws_appautoscaling_target.this["api"].resource_id == "service/emailpipeline-test/emailpipeline-test-api" && aws_appautoscaling_target.this["consumer"].resource_id == "service/emailpipeline-test/emailpipeline-test-consumer"
    error_message = "Each scalable target must be its own service."
  }

  assert {
    condition = (
      { for name, policy in aws_appautoscaling_policy.api : name => policy.target_tracking_scaling_policy_configuration[0].predefined_metric_specification[0].predefined_metric_type } == { cpu = "ECSServiceAverageCPUUtilization", requests = "ALBRequestCountPerTarget" }
      && alltrue([for policy in aws_appautoscaling_policy.api : policy.resource_id == aws_appautoscaling_target.this["api"].resource_id])
      && aws_appautoscaling_policy.api["requests"].target_tracking_scaling_policy_configuration[0].predefined_metric_specification[0].resource_label == "${var.alb_arn_suffix}/${var.target_group_arn_suffix}"
    )
    error_message = "The Api must scale on its average CPU and on the load balancer's requests per target of its target group."
  }

  assert {
    condition     = aws_appautoscaling_policy.api["requests"].target_tracking_scaling_policy_configuration[0].target_value == 200 * var.api.cpu
    error_message = "The Api's request target must follow its task's CPU (200 requests per CPU unit per minute), not run many tasks where CPU asks for one."
  }

  assert {
    condition = (
      aws_appautoscaling_policy.consumer_backlog.resource_id == aws_appautoscaling_target.this["consumer"].resource_id
      && [
        for metric in aws_appautoscaling_policy.consumer_backlog.target_tracking_scaling_policy_configuration[0].customized_metric_specification[0].metrics :
        metric.return_data ? metric.expression : "${metric.metric_stat[0].metric[0].namespace}/${metric.metric_stat[0].metric[0].metric_name} ${join(",", [for dimension in metric.metric_stat[0].metric[0].dimensions : "${dimension.name}=${dimension.value}"])}"
      ] == ["visible / tasks", "ECS/ContainerInsights/RunningTaskCount ClusterName=emailpipeline-test,ServiceName=emailpipeline-test-consumer", "AWS/SQS/ApproximateNumberOfMessagesVisible QueueName=emailpipeline-test-emails"]
    )
    error_message = "The Consumer must scale on the queue's visible messages divided by its own running tasks."
  }

  assert {
    condition     = [for setting in aws_ecs_cluster.this.setting : setting.value if setting.name == "containerInsights"] == ["enabled"]
    error_message = "Container Insights must be on: the Consumer's scaling divides by its RunningTaskCount."
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
    api = { cpu = 256, memory = 256, min_count = 1, max_count = 2 }
  }

  expect_failures = [var.api]
}
