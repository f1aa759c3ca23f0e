resource "aws_appautoscaling_target" "this" {
  for_each = local.services

  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${aws_ecs_service.this[each.key].name}"
  min_capacity       = each.value.size.min_count
  max_capacity       = each.value.size.max_count
}

# The Api: target tracking on its average CPU, and on the load balancer's requests per task of its target group.
# Target tracking scales out on whichever policy asks for more tasks, so the request target is sized from the task's
# CPU: an accepted email costs about 0.11 ms of CPU (docs/performance.md), so 1024 units serve ~5,400 a second at
# 60 % CPU; 200 requests per CPU unit per minute is two thirds of that, an early signal ahead of CPU rather than a
# policy that runs twenty tasks where one would do.
locals {
  api_requests_per_target = coalesce(var.api.requests_per_target, 200 * var.api.cpu)
}

resource "aws_appautoscaling_policy" "api" {
  for_each = {
    cpu      = { metric = "ECSServiceAverageCPUUtilization", resource_label = null, target = var.api.cpu_target_percent }
    requests = { metric = "ALBRequestCountPerTarget", resource_label = "${var.alb_arn_suffix}/${var.target_group_arn_suffix}", target = local.api_requests_per_target }
  }

  name               = "${var.name_prefix}-api-${each.key}"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this["api"].service_namespace
  scalable_dimension = aws_appautoscaling_target.this["api"].scalable_dimension
  resource_id        = aws_appautoscaling_target.this["api"].resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = each.value.target
    scale_in_cooldown  = 300
    scale_out_cooldown = 60

    predefined_metric_specification {
      predefined_metric_type = each.value.metric
      resource_label         = each.value.resource_label
    }
  }
}

# The Consumer: target tracking on backlog per task, visible messages divided by running tasks, kept at
# consumer.backlog_per_task. A metric-math customized metric rather than a raw queue-depth metric, because target
# tracking needs a metric that falls as tasks are added; queue depth alone does not, and scaling on it would need
# hand-tuned step policies. RunningTaskCount comes from Container Insights (see the container_insights variable).
resource "aws_appautoscaling_policy" "consumer_backlog" {
  name               = "${var.name_prefix}-consumer-backlog-per-task"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this["consumer"].service_namespace
  scalable_dimension = aws_appautoscaling_target.this["consumer"].scalable_dimension
  resource_id        = aws_appautoscaling_target.this["consumer"].resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = var.consumer.backlog_per_task
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
              value = aws_ecs_service.this["consumer"].name
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
