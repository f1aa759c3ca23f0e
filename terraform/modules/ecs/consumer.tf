# The Consumer: no load balancer and, by default, no inbound traffic at all.

resource "aws_security_group" "consumer" {
  name        = local.consumer_name
  description = "Consumer tasks: no inbound traffic except optional metrics scraping, out to AWS APIs over HTTPS"
  vpc_id      = var.vpc_id

  tags = {
    Name = local.consumer_name
  }
}

resource "aws_vpc_security_group_ingress_rule" "consumer_metrics" {
  for_each = toset(var.metrics_ingress_cidr_blocks)

  security_group_id = aws_security_group.consumer.id
  description       = "Prometheus scraping of /metrics from inside the VPC"
  cidr_ipv4         = each.value
  ip_protocol       = "tcp"
  from_port         = local.metrics_port
  to_port           = local.metrics_port
}

resource "aws_vpc_security_group_egress_rule" "consumer_https" {
  security_group_id = aws_security_group.consumer.id
  description       = "SQS, S3, ECR and CloudWatch Logs over HTTPS (VPC endpoints, or NAT without them)"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
}

locals {
  consumer_environment = [
    { name = "AWS_REGION", value = local.region },
    { name = "Consumer__DrainTimeout", value = format("00:00:%02d", var.consumer_drain_timeout_seconds) },
    { name = "Consumer__MessageTimeout", value = format("00:00:%02d", var.consumer_message_timeout_seconds) },
    { name = "METRICS_PORT", value = tostring(local.metrics_port) },
    { name = "S3_BUCKET_NAME", value = var.bucket_name },
    { name = "SQS_POLL_INTERVAL", value = "0" },
    { name = "SQS_QUEUE_URL", value = var.queue_url },
  ]

  # With a customer managed key the Consumer writes SSE-KMS objects with it
  # (by default it asks for AES256, which would bypass the key).
  consumer_kms_environment = local.kms_enabled ? [
    { name = "Archive__KmsKeyId", value = var.kms_key_arn },
    { name = "Archive__ServerSideEncryption", value = "aws:kms" },
  ] : []

  consumer_container = {
    name        = "consumer"
    image       = var.consumer_image
    essential   = true
    environment = concat(local.consumer_environment, local.consumer_kms_environment)
    portMappings = [
      {
        name          = "metrics"
        containerPort = local.metrics_port
        protocol      = "tcp"
      },
    ]
    # The image has no shell or curl: the Consumer checks its own /health.
    healthCheck = {
      command     = ["CMD", "dotnet", "EmailPipeline.Consumer.dll", "--health-check"]
      interval    = 30
      timeout     = 5
      retries     = 3
      startPeriod = 30
    }
    workingDirectory = "/app"
    # SIGTERM, then the drain deadline for in-flight messages, 5 s for the
    # final deletes and 5 s of margin before ECS sends SIGKILL.
    stopTimeout = var.consumer_drain_timeout_seconds + 10
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.consumer.name
        awslogs-region        = local.region
        awslogs-stream-prefix = "consumer"
      }
    }
  }
}

resource "aws_ecs_task_definition" "consumer" {
  family                   = local.consumer_name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.consumer_cpu
  memory                   = var.consumer_memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.consumer_task.arn
  container_definitions    = jsonencode([local.consumer_container])

  # Keep old revisions registered: they are what a rollback returns to.
  skip_destroy = true

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }
}

resource "aws_ecs_service" "consumer" {
  name                    = local.consumer_name
  cluster                 = aws_ecs_cluster.this.id
  task_definition         = aws_ecs_task_definition.consumer.arn
  desired_count           = var.consumer_min_count
  launch_type             = "FARGATE"
  platform_version        = "LATEST"
  propagate_tags          = "SERVICE"
  enable_ecs_managed_tags = true

  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [aws_security_group.consumer.id]
    assign_public_ip = false
  }

  lifecycle {
    # Autoscaling owns the task count, and CD owns the running revision (it
    # registers a revision with the new image and updates the service).
    ignore_changes = [desired_count, task_definition]
  }
}

resource "aws_appautoscaling_target" "consumer" {
  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${aws_ecs_service.consumer.name}"
  min_capacity       = var.consumer_min_count
  max_capacity       = var.consumer_max_count
}

# Target tracking on backlog per task: visible messages divided by running
# tasks, kept at consumer_backlog_per_task. A metric-math customized metric
# rather than a raw queue-depth metric, because target tracking needs a metric
# that falls as tasks are added; queue depth alone does not, and scaling on it
# would need hand-tuned step policies. RunningTaskCount comes from Container
# Insights (see the container_insights variable).
resource "aws_appautoscaling_policy" "consumer_backlog" {
  name               = "${local.consumer_name}-backlog-per-task"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.consumer.service_namespace
  scalable_dimension = aws_appautoscaling_target.consumer.scalable_dimension
  resource_id        = aws_appautoscaling_target.consumer.resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = var.consumer_backlog_per_task
    scale_in_cooldown  = 300
    scale_out_cooldown = 60

    customized_metric_specification {
      metrics {
        id          = "visible"
        label       = "Messages visible in ${var.queue_name}"
        return_data = false

        metric_stat {
          stat = "Average"

          metric {
            namespace   = "AWS/SQS"
            metric_name = "ApproximateNumberOfMessagesVisible"

            dimensions {
              name  = "QueueName"
              value = var.queue_name
            }
          }
        }
      }

      metrics {
        id          = "tasks"
        label       = "Running Consumer tasks"
        return_data = false

        metric_stat {
          stat = "Average"

          metric {
            namespace   = "ECS/ContainerInsights"
            metric_name = "RunningTaskCount"

            dimensions {
              name  = "ClusterName"
              value = aws_ecs_cluster.this.name
            }

            dimensions {
              name  = "ServiceName"
              value = aws_ecs_service.consumer.name
            }
          }
        }
      }

      metrics {
        id          = "backlog_per_task"
        label       = "Visible messages per running Consumer task"
        expression  = "visible / tasks"
        return_data = true
      }
    }
  }
}
