data "aws_region" "current" {}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  # name, not region: the attribute AWS provider 5.100 has (6.x deprecates it in favour of region).
  region     = data.aws_region.current.name
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition

  metrics_port = 9090
  kms_enabled  = var.kms_key_arn != null

  # Both services in one shape: everything that differs between the Api and the Consumer is said here, and every
  # resource below is made once for both.
  services = {
    api = {
      image       = var.images.api
      size        = var.api
      port        = { name = "http", number = var.api_port }
      description = "Api tasks: in only from the load balancer, out to AWS APIs over HTTPS"
      environment = {
        AWS_REGION          = local.region
        PORT                = tostring(var.api_port)
        SQS_QUEUE_URL       = var.queue_url
        SSM_TOKEN_PARAMETER = var.token_parameter_name
      }
      # The load balancer checks GET /health; a container check would only duplicate it.
      health_check = null
      # In-flight requests finish within ASP.NET Core's shutdown timeout; the load balancer stops sending new ones
      # first (deregistration delay).
      stop_timeout  = 30
      load_balanced = true
    }
    consumer = {
      image       = var.images.consumer
      size        = var.consumer
      port        = { name = "metrics", number = local.metrics_port }
      description = "Consumer tasks: no inbound traffic except optional metrics scraping, out to AWS APIs over HTTPS"
      environment = merge(
        {
          AWS_REGION               = local.region
          METRICS_PORT             = tostring(local.metrics_port)
          S3_BUCKET_NAME           = var.bucket_name
          SQS_POLL_INTERVAL        = "0"
          SQS_QUEUE_URL            = var.queue_url
          Consumer__DrainTimeout   = format("00:00:%02d", var.consumer.drain_timeout_seconds)
          Consumer__MessageTimeout = format("00:00:%02d", var.consumer.message_timeout_seconds)
        },
        # With a customer managed key the Consumer writes SSE-KMS objects with it (by default it asks for AES256,
        # which would bypass the key).
        local.kms_enabled ? { Archive__KmsKeyId = var.kms_key_arn, Archive__ServerSideEncryption = "aws:kms" } : {},
      )
      # The image has no shell or curl: the Consumer checks its own /health.
      health_check = {
        command     = ["CMD", "/app/EmailPipeline.Consumer", "--health-check"]
        interval    = 30
        timeout     = 5
        retries     = 3
        startPeriod = 30
      }
      # SIGTERM, then the drain deadline for in-flight messages, 5 s for the final deletes and 5 s of margin before
      # ECS sends SIGKILL.
      stop_timeout  = var.consumer.drain_timeout_seconds + 10
      load_balanced = false
    }
  }

  # The container definition of each service (keys whose value is null are left out).
  containers = {
    for name, service in local.services : name => {
      for key, value in {
        name             = name
        image            = service.image
        essential        = true
        portMappings     = [{ name = service.port.name, containerPort = service.port.number, protocol = "tcp" }]
        environment      = [for variable, value in service.environment : { name = variable, value = value }]
        healthCheck      = service.health_check
        stopTimeout      = service.stop_timeout
        workingDirectory = "/app"
        logConfiguration = {
          logDriver = "awslogs"
          options = {
            awslogs-group         = aws_cloudwatch_log_group.this[name].name
            awslogs-region        = local.region
            awslogs-stream-prefix = name
          }
        }
      } : key => value if value != null
    }
  }
}

resource "aws_ecs_cluster" "this" {
  name = var.name_prefix

  setting {
    name  = "containerInsights"
    value = var.container_insights
  }
}

resource "aws_cloudwatch_log_group" "this" {
  for_each = local.services

  name              = "/ecs/${var.name_prefix}/${each.key}"
  retention_in_days = var.log_retention_days
}

resource "aws_ecs_task_definition" "this" {
  for_each = local.services

  family                   = "${var.name_prefix}-${each.key}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = each.value.size.cpu
  memory                   = each.value.size.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task[each.key].arn
  container_definitions    = jsonencode([local.containers[each.key]])

  # Keep old revisions registered: they are what a rollback returns to.
  skip_destroy = true

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }
}

resource "aws_ecs_service" "this" {
  for_each = local.services

  name                              = "${var.name_prefix}-${each.key}"
  cluster                           = aws_ecs_cluster.this.id
  task_definition                   = aws_ecs_task_definition.this[each.key].arn
  desired_count                     = each.value.size.min_count
  launch_type                       = "FARGATE"
  platform_version                  = "LATEST"
  health_check_grace_period_seconds = each.value.load_balanced ? 60 : null
  propagate_tags                    = "SERVICE"
  enable_ecs_managed_tags           = true

  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [aws_security_group.this[each.key].id]
    assign_public_ip = false
  }

  dynamic "load_balancer" {
    for_each = each.value.load_balanced ? [each.key] : []

    content {
      target_group_arn = var.target_group_arn
      container_name   = load_balancer.value
      container_port   = each.value.port.number
    }
  }

  lifecycle {
    # Autoscaling owns the task count, and CD owns the running revision (it registers a revision with the new
    # image and updates the service).
    ignore_changes = [desired_count, task_definition]
  }
}
