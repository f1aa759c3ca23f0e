# Planned against a mocked AWS provider: no account, no credentials.

mock_provider "aws" {
  source          = "../../mocks"
  override_during = plan
}

variables {
  name_prefix             = "emailpipeline-test"
  queue_name              = "emailpipeline-test-emails"
  dlq_name                = "emailpipeline-test-emails-dlq"
  alb_arn_suffix          = "app/emailpipeline-test/0123456789abcdef"
  target_group_arn_suffix = "targetgroup/emailpipeline-test-api/0123456789abcdef"
  alarm_email_addresses   = ["oncall@example.com"]
  cluster_name            = "emailpipeline-test"
  service_names           = { api = "emailpipeline-test-api", consumer = "emailpipeline-test-consumer" }
}

run "alarms_cover_the_dead_letter_queue_backlog_and_api" {
  command = plan

  assert {
    condition     = aws_cloudwatch_metric_alarm.dlq_not_empty.dimensions.QueueName == "emailpipeline-test-emails-dlq" && aws_cloudwatch_metric_alarm.dlq_not_empty.threshold == 0 && aws_cloudwatch_metric_alarm.dlq_not_empty.comparison_operator == "GreaterThanThreshold"
    error_message = "The dead-letter queue alarm must fire on any message."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.oldest_message_age.metric_name == "ApproximateAgeOfOldestMessage" && aws_cloudwatch_metric_alarm.oldest_message_age.threshold == 300
    error_message = "The backlog alarm must watch the age of the oldest message."
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.api_5xx.metric_query) == 3
    error_message = "The 5xx alarm must add the targets' and the load balancer's 5xx counts."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.api_unhealthy_targets.metric_name == "UnHealthyHostCount"
    error_message = "There must be an unhealthy-targets alarm."
  }

  assert {
    condition = alltrue([
      for alarm in concat([
        aws_cloudwatch_metric_alarm.dlq_not_empty, aws_cloudwatch_metric_alarm.oldest_message_age, aws_cloudwatch_metric_alarm.api_5xx,
        aws_cloudwatch_metric_alarm.api_unhealthy_targets, aws_cloudwatch_metric_alarm.api_no_healthy_targets,
      ], values(aws_cloudwatch_metric_alarm.tasks_below_desired), values(aws_cloudwatch_metric_alarm.utilization_high)) : alarm.alarm_actions == toset([aws_sns_topic.alarms.arn]) && alarm.ok_actions == toset([aws_sns_topic.alarms.arn])
    ])
    error_message = "Every alarm must notify the topic when it fires and when it recovers."
  }

  assert {
    condition = {
      for name, alarm in aws_cloudwatch_metric_alarm.tasks_below_desired : name => [
        alarm.comparison_operator, alarm.threshold, alarm.evaluation_periods,
        [for query in alarm.metric_query : query.return_data == true ? query.expression : "${query.metric[0].namespace}/${query.metric[0].metric_name} ${query.metric[0].dimensions.ClusterName}/${query.metric[0].dimensions.ServiceName}"],
      ]
      } == {
      for service in ["api", "consumer"] : service => [
        "GreaterThanThreshold", 0, 5,
        ["desired - running", "ECS/ContainerInsights/DesiredTaskCount emailpipeline-test/emailpipeline-test-${service}", "ECS/ContainerInsights/RunningTaskCount emailpipeline-test/emailpipeline-test-${service}"],
      ]
    }
    error_message = "Each service must have an alarm on fewer running tasks than desired (Container Insights' counts of that service)."
  }

  assert {
    condition = {
      for name, alarm in aws_cloudwatch_metric_alarm.utilization_high : name => [alarm.namespace, alarm.metric_name, alarm.dimensions.ServiceName, alarm.comparison_operator, alarm.threshold]
      } == {
      api-cpu         = ["AWS/ECS", "CPUUtilization", "emailpipeline-test-api", "GreaterThanThreshold", 80]
      api-memory      = ["AWS/ECS", "MemoryUtilization", "emailpipeline-test-api", "GreaterThanThreshold", 80]
      consumer-cpu    = ["AWS/ECS", "CPUUtilization", "emailpipeline-test-consumer", "GreaterThanThreshold", 80]
      consumer-memory = ["AWS/ECS", "MemoryUtilization", "emailpipeline-test-consumer", "GreaterThanThreshold", 80]
    }
    error_message = "Each service must have a CPU and a memory alarm on its own utilization."
  }

  assert {
    condition     = length(aws_sns_topic_subscription.email) == 1
    error_message = "Each alarm address must be subscribed."
  }
}
