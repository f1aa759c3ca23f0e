output "topic_arn" {
  description = "SNS topic the alarms notify (subscribe on-call tooling to it)."
  value       = aws_sns_topic.alarms.arn
}

output "alarm_names" {
  description = "Names of the CloudWatch alarms."
  value = concat(
    [
      aws_cloudwatch_metric_alarm.dlq_not_empty.alarm_name,
      aws_cloudwatch_metric_alarm.oldest_message_age.alarm_name,
      aws_cloudwatch_metric_alarm.api_5xx.alarm_name,
      aws_cloudwatch_metric_alarm.api_unhealthy_targets.alarm_name,
      aws_cloudwatch_metric_alarm.api_no_healthy_targets.alarm_name,
    ],
    [for alarm in aws_cloudwatch_metric_alarm.tasks_below_desired : alarm.alarm_name],
    [for alarm in aws_cloudwatch_metric_alarm.utilization_high : alarm.alarm_name],
  )
}
