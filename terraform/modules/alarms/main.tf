# Alarm notifications carry no email content, only alarm states. The topic is
# not encrypted with the AWS managed SNS key because CloudWatch cannot publish
# to a topic encrypted with it.
resource "aws_sns_topic" "alarms" {
  name = "${var.name_prefix}-alarms"
}

resource "aws_sns_topic_subscription" "email" {
  for_each = toset(var.alarm_email_addresses)

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = each.value
}

locals {
  actions = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_metric_alarm" "dlq_not_empty" {
  alarm_name          = "${var.name_prefix}-dlq-not-empty"
  alarm_description   = "Emails are in the dead-letter queue ${var.dlq_name}: they failed ${var.queue_name} repeatedly. Find the cause in the Consumer's logs, then redrive them."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = var.dlq_name }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
}

resource "aws_cloudwatch_metric_alarm" "oldest_message_age" {
  alarm_name          = "${var.name_prefix}-oldest-message-age"
  alarm_description   = "The oldest email in ${var.queue_name} has waited more than ${var.oldest_message_age_threshold_seconds} s for 5 minutes: the Consumer is down, failing or far behind."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  dimensions          = { QueueName = var.queue_name }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 5
  threshold           = var.oldest_message_age_threshold_seconds
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
}

resource "aws_cloudwatch_metric_alarm" "api_5xx" {
  alarm_name          = "${var.name_prefix}-api-5xx"
  alarm_description   = "More than ${var.api_5xx_threshold} 5xx responses in 5 minutes from the Api or its load balancer (503: SQS or SSM unreachable; 502/504: tasks failing)."
  evaluation_periods  = 1
  threshold           = var.api_5xx_threshold
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions

  metric_query {
    id          = "errors"
    label       = "Api 5xx responses (targets and load balancer)"
    expression  = "FILL(target, 0) + FILL(elb, 0)"
    return_data = true
  }

  metric_query {
    id = "target"

    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "HTTPCode_Target_5XX_Count"
      stat        = "Sum"
      period      = 300

      dimensions = {
        LoadBalancer = var.alb_arn_suffix
        TargetGroup  = var.target_group_arn_suffix
      }
    }
  }

  metric_query {
    id = "elb"

    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "HTTPCode_ELB_5XX_Count"
      stat        = "Sum"
      period      = 300

      dimensions = {
        LoadBalancer = var.alb_arn_suffix
      }
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "api_unhealthy_targets" {
  alarm_name          = "${var.name_prefix}-api-unhealthy-targets"
  alarm_description   = "An Api task has failed the load balancer's /health check for 3 minutes."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "UnHealthyHostCount"
  dimensions          = { LoadBalancer = var.alb_arn_suffix, TargetGroup = var.target_group_arn_suffix }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 3
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
}

# No healthy target reports no unhealthy ones either: alarm on that separately.
resource "aws_cloudwatch_metric_alarm" "api_no_healthy_targets" {
  alarm_name          = "${var.name_prefix}-api-no-healthy-targets"
  alarm_description   = "No Api task is healthy behind the load balancer: the Api is down."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "HealthyHostCount"
  dimensions          = { LoadBalancer = var.alb_arn_suffix, TargetGroup = var.target_group_arn_suffix }
  statistic           = "Minimum"
  period              = 60
  evaluation_periods  = 2
  threshold           = 1
  comparison_operator = "LessThanThreshold"
  treat_missing_data  = "breaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
}

# --- The ECS services themselves (both) ------------------------------------------------------------------------

# Fewer tasks running than the service wants, for 5 minutes: tasks fail to start (image, role, endpoint, health
# check) or keep being stopped. Short dips during deployments and scale-outs stay under 5 minutes. Container
# Insights publishes both counts (the stack turns it on).
resource "aws_cloudwatch_metric_alarm" "tasks_below_desired" {
  for_each = var.service_names

  alarm_name          = "${each.value}-tasks-below-desired"
  alarm_description   = "${each.value} has run fewer tasks than desired for 5 minutes: tasks fail to start or keep stopping. See the service's events and stopped tasks."
  evaluation_periods  = 5
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions

  metric_query {
    id          = "missing"
    label       = "Desired minus running tasks of ${each.value}"
    expression  = "desired - running"
    return_data = true
  }

  dynamic "metric_query" {
    for_each = { desired = "DesiredTaskCount", running = "RunningTaskCount" }

    content {
      id = metric_query.key

      metric {
        namespace   = "ECS/ContainerInsights"
        metric_name = metric_query.value
        stat        = "Average"
        period      = 60

        dimensions = {
          ClusterName = var.cluster_name
          ServiceName = each.value
        }
      }
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "utilization_high" {
  for_each = {
    for pair in setproduct(keys(var.service_names), ["cpu", "memory"]) : "${pair[0]}-${pair[1]}" => {
      service   = var.service_names[pair[0]]
      metric    = pair[1] == "cpu" ? "CPUUtilization" : "MemoryUtilization"
      resource  = pair[1]
      threshold = pair[1] == "cpu" ? var.cpu_alarm_percent : var.memory_alarm_percent
    }
  }

  alarm_name          = "${each.value.service}-${each.value.resource}-high"
  alarm_description   = "${each.value.service} has averaged more than ${each.value.threshold} % of its tasks' ${each.value.resource} for 10 minutes: autoscaling is at its maximum, or the tasks are too small."
  namespace           = "AWS/ECS"
  metric_name         = each.value.metric
  dimensions          = { ClusterName = var.cluster_name, ServiceName = each.value.service }
  statistic           = "Average"
  period              = 60
  evaluation_periods  = 10
  threshold           = each.value.threshold
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.actions
  ok_actions          = local.actions
}
